package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6238 Appendix B and RFC 4226 Appendix D vectors, through the public API only. */
class TotpTest {
  private static final String SEED_SHA1 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"; // "12345678901234567890"
  private static final String SEED_SHA256 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZA====";
  private static final String SEED_SHA512 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3"
      + "TQOJQGEZDGNBVGY3TQOJQGEZDGNA=";

  private static Totp eightDigits(String secret, String algorithm) {
    return Totp.fromOtpauthUri("otpauth://totp/rfc:6238?secret=" + secret.replace("=", "%3D") + "&algorithm="
        + algorithm + "&digits=8&period=30");
  }

  @ParameterizedTest(name = "T = {0}")
  @CsvSource({
      "59, 94287082, 46119246, 90693936",
      "1111111109, 07081804, 68084774, 25091201",
      "1111111111, 14050471, 67062674, 99943326",
      "1234567890, 89005924, 91819424, 93441116",
      "2000000000, 69279037, 90698825, 38618901",
      "20000000000, 65353130, 77737706, 47863826"})
  void rfc6238AppendixB(long seconds, String sha1, String sha256, String sha512) {
    Instant t = Instant.ofEpochSecond(seconds);
    assertEquals(sha1, eightDigits(SEED_SHA1, "SHA1").codeAt(t));
    assertEquals(sha256, eightDigits(SEED_SHA256, "SHA256").codeAt(t));
    assertEquals(sha512, eightDigits(SEED_SHA512, "SHA512").codeAt(t));
  }

  @Test
  void auth0sDefaultsAreSixDigitsOfSha1EveryThirtySeconds() {
    Totp totp = Totp.fromBase32(SEED_SHA1);
    // RFC 4226 Appendix D: counter 0..9 of the same seed, 6 digits; step n starts at 30n s.
    String[] hotp = {"755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871",
        "520489"};
    for (int counter = 0; counter < hotp.length; counter++) {
      assertEquals(hotp[counter], totp.codeAt(Instant.ofEpochSecond(30L * counter)));
      assertEquals(hotp[counter], totp.codeAt(Instant.ofEpochSecond(30L * counter + 29)));
    }
    assertEquals(6, totp.digits());
    assertEquals(Duration.ofSeconds(30), totp.period());
    assertEquals(Instant.ofEpochSecond(60), totp.nextStepAt(Instant.ofEpochSecond(59)));
    assertEquals(Instant.ofEpochSecond(90), totp.nextStepAt(Instant.ofEpochSecond(60)));
  }

  @Test
  void base32IgnoresCaseSpacesAndPadding() {
    Totp plain = Totp.fromBase32(SEED_SHA1);
    assertEquals(plain, Totp.fromBase32("gezd gnbv gy3t qojq gezd gnbv gy3t qojq"));
    assertEquals(plain, Totp.fromBase32(SEED_SHA1 + "===="));
    assertNotEquals(plain, Totp.fromBase32("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJR"));
  }

  @Test
  void anAuth0BarcodeUriGivesTheSameCodesAsItsSecret() {
    String uri = "otpauth://totp/mfakit%20sandbox:demo%40example.com?secret=" + SEED_SHA1
        + "&issuer=mfakit%20sandbox&algorithm=SHA1&digits=6&period=30";
    assertEquals(Totp.fromBase32(SEED_SHA1), Totp.fromOtpauthUri(uri));
    assertEquals(Totp.fromBase32(SEED_SHA1), Totp.fromOtpauthUri("otpauth://totp/x?secret=" + SEED_SHA1));
  }

  @Test
  void badSecretsAndUrisAreRefusedWithoutQuotingThem() {
    String secretish = "NOT-BASE32-SECRET-189";
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Totp.fromBase32(secretish));
    assertFalse(e.getMessage().contains(secretish), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> Totp.fromBase32(" = "));
    assertThrows(IllegalArgumentException.class, () -> Totp.fromBase32(null));
    for (String uri : new String[] {"https://example.com/?secret=" + SEED_SHA1, "otpauth://hotp/x?secret=" + SEED_SHA1,
        "otpauth://totp/x", "otpauth://totp/x?secret=" + SEED_SHA1 + "&algorithm=MD5",
        "otpauth://totp/x?secret=" + SEED_SHA1 + "&digits=5", "otpauth://totp/x?secret=" + SEED_SHA1 + "&period=0",
        "otpauth://totp/x?secret=" + SEED_SHA1 + "&digits=six", "not a uri at all %%"}) {
      IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> Totp.fromOtpauthUri(uri),
          uri);
      assertFalse(bad.getMessage().contains(SEED_SHA1), bad.getMessage());
    }
  }

  @Test
  void theSecretNeverPrints() {
    Totp totp = Totp.fromBase32(SEED_SHA1);
    assertEquals("Totp[SHA1, 6 digits, 30 s, secret=██]", totp.toString());
    assertTrue(eightDigits(SEED_SHA256, "SHA256").toString().startsWith("Totp[SHA256, 8 digits"));
  }
}
