package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The tests' own RFC 6238 function, checked against the RFC's SHA-1 vectors before it checks the sandbox. */
class TestTotpTest {
  @Test
  void rfc6238AppendixBSha1() {
    byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    assertEquals("94287082", Wire.totp(key, 59, 8));
    assertEquals("07081804", Wire.totp(key, 1111111109, 8));
    assertEquals("14050471", Wire.totp(key, 1111111111, 8));
    assertEquals("89005924", Wire.totp(key, 1234567890, 8));
    assertEquals("69279037", Wire.totp(key, 2000000000, 8));
    assertEquals("65353130", Wire.totp(key, 20000000000L, 8));
  }

  @Test
  void base32DecodesTheRfcKey() {
    assertEquals("12345678901234567890",
        new String(Wire.base32Decode("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"), StandardCharsets.US_ASCII));
  }
}
