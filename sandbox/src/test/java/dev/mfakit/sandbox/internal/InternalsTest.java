package dev.mfakit.sandbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The small pure pieces: TOTP against RFC 6238, masks against the recordings, token self-checks. */
class InternalsTest {

  @Test
  void totpMatchesRfc6238Sha1Vectors() {
    byte[] key = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
    // RFC 6238 Appendix B (8 digits), reduced to the last 6.
    long[][] vectors = {{59, 94287082}, {1111111109, 7081804}, {1111111111, 14050471}, {1234567890, 89005924},
        {2000000000, 69279037}, {20000000000L, 65353130}};
    for (long[] v : vectors) {
      assertEquals(v[1] % 1_000_000, Totp.code(key, v[0] / 30), "T=" + v[0]);
    }
  }

  @Test
  void base32OfTwentyBytesIsThirtyTwoCharacters() {
    assertEquals("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", Codes.base32("12345678901234567890".getBytes(StandardCharsets.US_ASCII)));
    assertEquals(32, Codes.base32(Codes.totpSecret()).length());
  }

  @Test
  void masksMatchTheRecordedSamples() {
    assertEquals("****@exam*******", MfaEndpoints.maskEmail("user@example.com"));
    assertEquals("example******@gmai*****", MfaEndpoints.maskEmail("example123456@gmail.com"));
    assertEquals("XXXXXXXXX9167", MfaEndpoints.maskPhone("+919876549167"));
  }

  @Test
  void codesHaveTheirFormats() {
    for (int i = 0; i < 200; i++) {
      assertTrue(Codes.sixDigits().matches("[0-9]{6}"));
      assertTrue(Codes.recoveryCode().matches("[1-9A-HJ-NP-Z]{24}"));
      assertTrue(Codes.authenticatorSuffix().matches("dev_[A-Za-z0-9]{16}"));
    }
  }

  @Test
  void mfaTokenIsIronShapedAbout2KbAndCarriesAnAuthenticatedExpiry() {
    Codes codes = new Codes();
    Codes.MfaTokenRef made = codes.mfaToken(1234567L);
    String token = made.token();
    // Fe26.2**<id>*<iv>*<sealed>*<expiry>*<salt>*<mac>: the 8 fields of Iron with an empty password id.
    assertTrue(token.matches("Fe26\\.2\\*\\*[0-9a-f]{64}\\*[A-Za-z0-9_-]{22}\\*[A-Za-z0-9_-]{1824}\\*1234567"
        + "\\*[0-9a-f]{64}\\*[A-Za-z0-9_-]{43}"), token);
    assertTrue(token.length() > 1900 && token.length() < 2200, "about 2 KB like a real one: " + token.length());
    Codes.MfaTokenRef parsed = codes.parseMfaToken(token);
    assertEquals(made.id(), parsed.id());
    assertEquals(1234567L, parsed.expiresAt());
    for (int at : new int[] {12, 100, 1000, token.length() - 80, token.length() - 2}) {
      char c = token.charAt(at);
      String tampered = token.substring(0, at) + (c == 'A' ? 'B' : 'A') + token.substring(at + 1);
      assertNull(codes.parseMfaToken(tampered), "changed at " + at);
    }
    assertNull(codes.parseMfaToken(token.replace("*1234567*", "*1234568*")), "a moved expiry breaks the MAC");
    assertNull(new Codes().parseMfaToken(token), "another tenant's key");
    assertNull(codes.parseMfaToken("Fe26.2**x"));
    assertFalse(made.toString().contains(token.substring(8, 40)), "toString shows no token");
  }

  @Test
  void oobCodeCarriesAnAuthenticatedExpiry() {
    Codes codes = new Codes();
    String id = Codes.randomHex(32);
    String code = codes.oobCode(id, 42, 99_000L);
    Codes.OobRef ref = codes.parseOobCode(code);
    assertNotNull(ref);
    assertEquals(id, ref.id());
    assertEquals(99_000L, ref.expiresAt());
    assertNull(codes.parseOobCode(code.replace("*99000*", "*99001*")), "a moved expiry breaks the MAC");
    assertNull(codes.parseOobCode("Fe26.2*SERVER_1*x"));
  }

  @Test
  void tokenBucketRefillsContinuously() {
    TokenBucket b = new TokenBucket(2, 1000, 0);
    assertTrue(b.tryTake(0));
    assertTrue(b.tryTake(0));
    assertTrue(!b.tryTake(0));
    assertEquals(2000, b.fullAt(0));
    assertTrue(!b.tryTake(999));
    assertTrue(b.tryTake(1000));
    RateInfo info = b.info(1500, true);
    assertEquals(new RateInfo(2, 0, 2000, 500), info);
  }
}
