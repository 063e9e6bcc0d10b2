package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The journey tests' TOTP against the published vectors, so a wrong helper cannot pass for a sandbox bug. */
class Rfc6238Test {
  private static final byte[] SEED = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

  @Test
  void rfc6238AppendixBSha1Vectors() {
    assertEquals("94287082", Rfc6238.hotp(SEED, 59 / 30, 8));
    assertEquals("07081804", Rfc6238.hotp(SEED, 1111111109L / 30, 8));
    assertEquals("14050471", Rfc6238.hotp(SEED, 1111111111L / 30, 8));
    assertEquals("89005924", Rfc6238.hotp(SEED, 1234567890L / 30, 8));
    assertEquals("69279037", Rfc6238.hotp(SEED, 2000000000L / 30, 8));
    assertEquals("65353130", Rfc6238.hotp(SEED, 20000000000L / 30, 8));
  }

  @Test
  void rfc4226AppendixDVectorsAndBase32() {
    String[] expected = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489"};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], Rfc6238.hotp(SEED, i, 6));
    }
    // RFC 4648 §10 test vector, and the seed as an authenticator app would get it.
    assertArrayEquals("foobar".getBytes(StandardCharsets.US_ASCII), Rfc6238.base32("MZXW6YTBOI======"));
    assertArrayEquals(SEED, Rfc6238.base32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"));
    assertEquals("287082", Rfc6238.code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Instant.ofEpochSecond(59)));
  }
}
