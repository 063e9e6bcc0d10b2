package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** private_key_jwt client assertions, verified against the registered RSA public key. */
class PrivateKeyJwtTest {
  private static final String CLIENT = "jwt-client";
  private static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  private static KeyPair keys;
  private static KeyPair otherKeys;

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @BeforeAll
  static void generateKeys() throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    keys = g.generateKeyPair();
    otherKeys = g.generateKeyPair();
  }

  @BeforeEach
  void registerTheJwtClient() {
    tenant.addPrivateKeyJwtClient(CLIENT, keys.getPublic());
  }

  private static String b64(String s) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String assertion(PrivateKey key, String alg, Map<String, Object> claims) throws Exception {
    String input = b64(Wire.toJson(Map.of("alg", alg, "typ", "JWT"))) + "." + b64(Wire.toJson(claims));
    Signature s;
    if (alg.equals("PS256")) {
      s = Signature.getInstance("RSASSA-PSS");
      s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
    } else {
      s = Signature.getInstance("SHA256withRSA");
    }
    s.initSign(key);
    s.update(input.getBytes(StandardCharsets.US_ASCII));
    return input + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(s.sign());
  }

  private Map<String, Object> claims(Instant now, Object... overrides) {
    Map<String, Object> c = Wire.map("iss", CLIENT, "sub", CLIENT, "aud", tenant.baseUrl() + "/",
        "iat", now.getEpochSecond(), "exp", now.getEpochSecond() + 60, "jti", UUID.randomUUID().toString());
    c.putAll(Wire.map(overrides));
    return c;
  }

  private Wire.Res signIn(String assertion, Object... extra) {
    Map<String, Object> p = Wire.map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD, "client_id", CLIENT, "client_assertion", assertion,
        "client_assertion_type", TYPE);
    p.putAll(Wire.map(extra));
    return w.postForm("/oauth/token", p);
  }

  private void refused(String assertion) {
    signIn(assertion).assertError(401, "access_denied", "Unauthorized");
  }

  @Test
  void validAssertionAuthenticatesOnEveryEndpoint() throws Exception {
    Instant now = tenant.now();
    Wire.Res r = signIn(assertion(keys.getPrivate(), "RS256", claims(now)));
    assertEquals("mfa_required", r.str("error"), r.body());
    String mfa = r.str("mfa_token");
    Wire.Res a = w.postJson("/mfa/associate", Wire.map("client_id", CLIENT,
        "client_assertion", assertion(keys.getPrivate(), "RS256", claims(now)), "client_assertion_type", TYPE,
        "authenticator_types", List.of("oob"), "oob_channels", List.of("sms"), "phone_number", "+15551234567"),
        Wire.bearer(mfa));
    assertEquals(200, a.status(), a.body());
    Wire.Res t = w.postForm("/oauth/token", Wire.map("client_id", CLIENT,
        "client_assertion", assertion(keys.getPrivate(), "RS256", claims(now)), "client_assertion_type", TYPE,
        "grant_type", Wire.MFA_OOB, "mfa_token", mfa, "oob_code", a.str("oob_code"),
        "binding_code", tenant.lastMessageTo("+15551234567").code()));
    assertEquals(200, t.status(), t.body());
    Wire.Res c = w.postJson("/mfa/challenge", Wire.map("client_id", CLIENT,
        "client_assertion", assertion(keys.getPrivate(), "RS256", claims(now)), "client_assertion_type", TYPE,
        "mfa_token", mfa, "challenge_type", "oob"));
    assertEquals(200, c.status(), c.body());
  }

  @Test
  void ps256AndAnAudienceArrayAndNoClientIdAreAccepted() throws Exception {
    Instant now = tenant.now();
    assertEquals("mfa_required", signIn(assertion(keys.getPrivate(), "PS256", claims(now))).str("error"));
    assertEquals("mfa_required", signIn(assertion(keys.getPrivate(), "RS256",
        claims(now, "aud", List.of("https://elsewhere/", tenant.baseUrl() + "/")))).str("error"));
    Wire.Res noId = w.postForm("/oauth/token", Wire.map("grant_type", "password",
        "username", SandboxTenant.DEMO_USERNAME, "password", SandboxTenant.DEMO_PASSWORD,
        "client_assertion", assertion(keys.getPrivate(), "RS256", claims(now)), "client_assertion_type", TYPE));
    assertEquals("mfa_required", noId.str("error"), noId.body());
  }

  @Test
  void everyBadAssertionIsInvalidClient() throws Exception {
    Instant now = tenant.now();
    refused(assertion(otherKeys.getPrivate(), "RS256", claims(now)));                       // wrong key
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "iss", "someone-else")));
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "sub", "someone-else")));
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "aud", tenant.baseUrl().toString()))); // no slash
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "aud", tenant.baseUrl() + "/oauth/token")));
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "exp", now.getEpochSecond() - 60)));
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "exp", now.getEpochSecond() + 400)));
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "iat", now.getEpochSecond() + 60)));
    refused(assertion(keys.getPrivate(), "RS256", claims(now, "jti", "x".repeat(65))));
    Map<String, Object> noJti = claims(now);
    noJti.remove("jti");
    refused(assertion(keys.getPrivate(), "RS256", noJti));
    Map<String, Object> noExp = claims(now);
    noExp.remove("exp");
    refused(assertion(keys.getPrivate(), "RS256", noExp));
    String good = assertion(keys.getPrivate(), "RS256", claims(now));
    refused(good.substring(0, good.length() - 4) + "AAAA");                                   // tampered
    refused("not.a.jwt");
    refused("x".repeat(3000));
    String hs = b64("{\"alg\":\"HS256\"}") + "." + b64(Wire.toJson(claims(now))) + ".c2ln";
    refused(hs);
    signIn(good, "client_assertion_type", "urn:other").assertError(401, "access_denied", "Unauthorized");
    signIn(assertion(keys.getPrivate(), "RS256", claims(now)), "client_secret", "x")
        .assertError(400, "invalid_request", "Only one client authentication method may be used");
  }

  @Test
  void aJtiWorksOnce() throws Exception {
    String a = assertion(keys.getPrivate(), "RS256", claims(tenant.now()));
    assertEquals("mfa_required", signIn(a).str("error"));
    refused(a);
  }

  @Test
  void secretIsNotAcceptedForAJwtClient() {
    w.postForm("/oauth/token", Wire.map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD, "client_id", CLIENT, "client_secret", "guess"))
        .assertError(401, "access_denied", "Unauthorized");
  }

  @Test
  void theTenantClockKeepsAssertionsValidAfterTheClockMoves() throws Exception {
    tenant.advanceClock(Duration.ofHours(2));
    refused(assertion(keys.getPrivate(), "RS256", claims(Wire.FIXED.instant())));
    Instant virtualNow = tenant.clock().instant();
    assertEquals(tenant.now(), virtualNow);
    assertEquals("mfa_required", signIn(assertion(keys.getPrivate(), "RS256", claims(virtualNow))).str("error"));
  }

  @Test
  void onlyRsaKeysCanBeRegistered() throws Exception {
    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    ec.initialize(256);
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> tenant.addPrivateKeyJwtClient("ec", ec.generateKeyPair().getPublic()));
  }
}
