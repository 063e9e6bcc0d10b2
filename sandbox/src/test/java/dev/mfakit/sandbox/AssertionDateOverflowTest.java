package dev.mfakit.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A client assertion's exp and iat are seconds from the client: so large that their millis overflow a long,
 * they must be refused, not wrapped into the accepted window.
 */
class AssertionDateOverflowTest {
  private static final String CLIENT = "jwt-client";
  private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  // 18446745846075944 s is about the year 585 million; times 1000 it wraps (mod 2^64) to 7.6 s before
  // Wire.FIXED, inside the window a real exp must fall in.
  private static final long WRAPPING_SECONDS = 18_446_745_846_075_944L;

  @Test
  void anExpWhoseMillisOverflowIsRefused() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    KeyPair keys = g.generateKeyPair();
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start()) {
      tenant.addPrivateKeyJwtClient(CLIENT, keys.getPublic());
      long now = tenant.now().getEpochSecond();
      Map<String, Object> claims = Wire.map("iss", CLIENT, "sub", CLIENT, "aud", tenant.baseUrl() + "/",
          "iat", now, "exp", WRAPPING_SECONDS, "jti", "jti-1");
      String input = b64(Wire.toJson(Map.of("alg", "RS256", "typ", "JWT"))) + "." + b64(Wire.toJson(claims));
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(keys.getPrivate());
      s.update(input.getBytes(StandardCharsets.US_ASCII));
      String assertion = input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());

      Wire.Res r = new Wire(tenant).postForm("/oauth/token", Wire.map("grant_type", "password",
          "username", SandboxTenant.DEMO_USERNAME, "password", SandboxTenant.DEMO_PASSWORD, "client_id", CLIENT,
          "client_assertion", assertion, "client_assertion_type", TYPE));

      r.assertError(401, "access_denied", "Unauthorized");
    }
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
