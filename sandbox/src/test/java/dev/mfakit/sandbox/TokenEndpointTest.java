package dev.mfakit.sandbox;

import static dev.mfakit.sandbox.Wire.clientAuth;
import static dev.mfakit.sandbox.Wire.map;
import static dev.mfakit.sandbox.Wire.with;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** POST /oauth/token: password sign-in, headers, client authentication by secret, and its errors. */
class TokenEndpointTest {
  private static final String TOKEN_ERROR_CACHE =
      "private, no-store, no-cache, must-revalidate, post-check=0, pre-check=0, no-transform";

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @Test
  void mfaRequiredHasTheRecordedShapeAndHeaders() {
    Wire.Res r = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    assertEquals(403, r.status());
    assertEquals("application/json", r.contentType());
    assertEquals(TOKEN_ERROR_CACHE, r.header("Cache-Control"));
    Map<String, Object> body = r.json();
    assertEquals(Set.of("error", "error_description", "mfa_token"), body.keySet());
    assertEquals("mfa_required", body.get("error"));
    assertEquals("Multifactor authentication required", body.get("error_description"));
    // Iron-shaped and about 2 KB, like a real one (docs/protocol.md, "Formats").
    String token = (String) body.get("mfa_token");
    assertTrue(token.matches("Fe26\\.2\\*\\*[0-9a-f]{64}(\\*[A-Za-z0-9_-]+){2}\\*[0-9]+\\*[0-9a-f]{64}\\*[A-Za-z0-9_-]{43}"),
        token);
    assertTrue(token.length() > 1900 && token.length() < 2200, "length " + token.length());
    assertRateHeaders(r);
  }

  @Test
  void mfaRequirementsWhenIncludedListEnrollThenChallenge() {
    tenant.setMfaRequirementsIncluded(true);
    Wire.Res r = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    Map<String, Object> recorded = Recorded.object("mfa-required.json");
    assertEquals(recorded.keySet(), r.json().keySet());
    assertEquals(Map.of("enroll", List.of(Map.of("type", "phone"), Map.of("type", "otp"),
        Map.of("type", "push-notification"), Map.of("type", "email"))), r.json().get("mfa_requirements"));

    tenant.setFactorEnabled(Factor.PUSH, false);
    tenant.setFactorEnabled(Factor.EMAIL, false);
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.enrollSms(tenant, mfa, "+15551234567");
    Wire.Res again = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    assertEquals(Map.of("challenge", List.of(Map.of("type", "phone"), Map.of("type", "recovery-code"))),
        again.json().get("mfa_requirements"));
  }

  @Test
  void passwordGrantWithoutRealmAndJsonBodyAlsoWork() {
    Wire.Res form = w.postForm("/oauth/token", with(clientAuth(), "grant_type", "password",
        "username", SandboxTenant.DEMO_USERNAME, "password", SandboxTenant.DEMO_PASSWORD));
    assertEquals("mfa_required", form.str("error"));
    Wire.Res json = w.postJson("/oauth/token", with(clientAuth(), "grant_type", Wire.PASSWORD_REALM,
        "username", SandboxTenant.DEMO_USERNAME, "password", SandboxTenant.DEMO_PASSWORD,
        "realm", SandboxTenant.REALM));
    assertEquals(403, json.status());
    assertEquals("mfa_required", json.str("error"));
    assertEquals("application/json", json.contentType());
  }

  @Test
  void usernameIsCaseInsensitive() {
    assertEquals("mfa_required", w.signIn("DEMO@Example.com", SandboxTenant.DEMO_PASSWORD).str("error"));
  }

  @Test
  void wrongPasswordAndUnknownUserGiveTheSameAnswer() {
    w.signIn(SandboxTenant.DEMO_USERNAME, "nope").assertError(403, "invalid_grant", "Wrong email or password.");
    Wire.Res r = w.signIn("nobody@example.com", "x").assertError(403, "invalid_grant", "Wrong email or password.");
    assertEquals(TOKEN_ERROR_CACHE, r.header("Cache-Control"));
    assertRateHeaders(r);
  }

  @Test
  void userWithoutMfaGetsTokensDirectly() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    Wire.Res r = w.signIn("plain@example.com", "pw", "scope", "openid profile offline_access");
    assertEquals(200, r.status(), r.body());
    assertEquals("application/json", r.contentType());
    assertEquals("no-store", r.header("Cache-Control"));
    assertEquals("no-cache", r.header("Pragma"));
    Map<String, Object> body = r.json();
    assertEquals(Set.of("access_token", "id_token", "refresh_token", "expires_in", "scope", "token_type"),
        body.keySet());
    assertEquals(86400.0, body.get("expires_in"));
    assertEquals("Bearer", body.get("token_type"));
    assertEquals("openid profile offline_access", body.get("scope"));
    assertTrue(((String) body.get("access_token")).startsWith("eyJ"));
    Map<String, Object> id = Wire.jwtPayload((String) body.get("id_token"));
    assertEquals(SandboxTenant.CLIENT_ID, id.get("aud"));
    assertEquals(tenant.baseUrl() + "/", id.get("iss"));
    assertFalse(id.containsKey("amr"), "no MFA was done");
    assertRateHeaders(r);
  }

  @Test
  void withoutOpenidThereIsNoIdTokenAndTheRecordedKeysRemain() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    Wire.Res r = w.signIn("plain@example.com", "pw", "scope", "profile");
    assertEquals(Recorded.object("token.json").keySet(), r.json().keySet());
  }

  @Test
  void defaultScopeIsOpenidProfile() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    Wire.Res r = w.postForm("/oauth/token", with(clientAuth(), "grant_type", "password",
        "username", "plain@example.com", "password", "pw"));
    assertEquals("openid profile", r.str("scope"));
    assertNotNull(r.str("id_token"));
  }

  @Test
  void mfaAudienceAlwaysRequiresMfa() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    Wire.Res r = w.signIn("plain@example.com", "pw", "audience", tenant.baseUrl() + "/mfa/");
    assertEquals("mfa_required", r.str("error"));
    Wire.Res legacy = w.signIn("plain@example.com", "pw", "audience", tenant.baseUrl() + "/mfa");
    assertEquals("mfa_required", legacy.str("error"));
  }

  @Test
  void refreshTokenGrantIssuesNewAccessToken() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    String refresh = w.signIn("plain@example.com", "pw", "scope", "openid offline_access").str("refresh_token");
    Wire.Res r = w.postForm("/oauth/token", with(clientAuth(), "grant_type", "refresh_token", "refresh_token", refresh));
    assertEquals(200, r.status(), r.body());
    assertEquals(Set.of("access_token", "id_token", "expires_in", "scope", "token_type"), r.json().keySet());
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", "refresh_token", "refresh_token", refresh + "x"))
        .assertError(403, "invalid_grant", "Unknown or invalid refresh token.");
  }

  @Test
  void httpBasicAuthenticatesTheClient() {
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (SandboxTenant.CLIENT_ID + ":" + SandboxTenant.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    Wire.Res r = w.postForm("/oauth/token", map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD), "Authorization", basic);
    assertEquals("mfa_required", r.str("error"));
    String wrong = "Basic " + Base64.getEncoder().encodeToString(
        (SandboxTenant.CLIENT_ID + ":nope").getBytes(StandardCharsets.UTF_8));
    w.postForm("/oauth/token", map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD), "Authorization", wrong)
        .assertError(401, "access_denied", "Unauthorized");
  }

  @Test
  void clientAuthenticationFailures() {
    Map<String, Object> signIn = map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD);
    Wire.Res wrongSecret = w.postForm("/oauth/token",
        with(signIn, "client_id", SandboxTenant.CLIENT_ID, "client_secret", "wrong-secret-value"))
        .assertError(401, "access_denied", "Unauthorized");
    assertFalse(wrongSecret.body().contains("wrong-secret-value"));
    w.postForm("/oauth/token", with(signIn, "client_id", "nobody", "client_secret", "x"))
        .assertError(401, "access_denied", "Unauthorized");
    w.postForm("/oauth/token", with(signIn, "client_id", SandboxTenant.CLIENT_ID))
        .assertError(401, "access_denied", "Unauthorized");
    w.postForm("/oauth/token", signIn).assertError(400, "invalid_request", "Missing required parameter: client_id");
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (SandboxTenant.CLIENT_ID + ":" + SandboxTenant.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    w.postForm("/oauth/token", with(signIn, "client_secret", SandboxTenant.CLIENT_SECRET), "Authorization", basic)
        .assertError(400, "invalid_request", "Only one client authentication method may be used");
  }

  @Test
  void publicClientSendsOnlyItsId() {
    tenant.addPublicClient("spa");
    Map<String, Object> signIn = map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD, "client_id", "spa");
    assertEquals("mfa_required", w.postForm("/oauth/token", signIn).str("error"));
    w.postForm("/oauth/token", with(signIn, "client_secret", "x"))
        .assertError(401, "access_denied", "Unauthorized");
  }

  @Test
  void addedConfidentialClientWorks() {
    tenant.addClient("other", "other-secret");
    Wire.Res r = w.postForm("/oauth/token", map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME,
        "password", SandboxTenant.DEMO_PASSWORD, "client_id", "other", "client_secret", "other-secret"));
    assertEquals("mfa_required", r.str("error"));
  }

  @Test
  void missingParametersAndUnknownGrant() {
    w.postForm("/oauth/token", clientAuth()).assertError(400, "invalid_request", "Missing required parameter: grant_type");
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", "password", "username", "a"))
        .assertError(400, "invalid_request", "Missing required parameter: password");
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", "password", "password", "a"))
        .assertError(400, "invalid_request", "Missing required parameter: username");
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", Wire.PASSWORD_REALM, "username", "a", "password", "b"))
        .assertError(400, "invalid_request", "Missing required parameter: realm");
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", Wire.PASSWORD_REALM, "username", "a", "password", "b",
        "realm", "other")).assertError(400, "invalid_request", "Unknown realm");
    Wire.Res r = w.postForm("/oauth/token", with(clientAuth(), "grant_type", "client_credentials"))
        .assertError(400, "unsupported_grant_type", "Unsupported grant type: client_credentials");
    assertEquals(TOKEN_ERROR_CACHE, r.header("Cache-Control"));
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", Wire.MFA_OTP, "otp", "123456"))
        .assertError(400, "invalid_request", "Missing required parameter: mfa_token");
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", Wire.MFA_OTP, "mfa_token", mfa))
        .assertError(400, "invalid_request", "Missing required parameter: otp");
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", Wire.MFA_OOB, "mfa_token", mfa))
        .assertError(400, "invalid_request", "Missing required parameter: oob_code");
    w.postForm("/oauth/token", with(clientAuth(), "grant_type", Wire.MFA_RECOVERY, "mfa_token", mfa))
        .assertError(400, "invalid_request", "Missing required parameter: recovery_code");
  }

  @Test
  void jsonValuesMustBeStrings() {
    w.postJson("/oauth/token", with(clientAuth(), "grant_type", "password", "username", 5, "password", "x"))
        .assertError(400, "invalid_request", "Invalid parameter: username must be a string");
  }

  @Test
  void duplicateFormParametersAreRefused() {
    w.send("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=password&grant_type=password")
        .assertError(400, "invalid_request", "A parameter appears more than once");
  }

  @Test
  void mfaTokenIsBoundToItsClient() {
    tenant.addClient("other", "other-secret");
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.postForm("/oauth/token", map("client_id", "other", "client_secret", "other-secret",
        "grant_type", Wire.MFA_OTP, "mfa_token", mfa, "otp", "123456"))
        .assertError(403, "invalid_request", "mfa_token not issued to this client");
  }

  @Test
  void garbledMfaTokenIsMalformed() {
    w.verifyOtp("Fe26.2**AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "123456")
        .assertError(403, "invalid_grant", "Malformed mfa_token");
    w.verifyOtp("eyJhbGciOiJSUzI1NiJ9.e30.sig", "123456").assertError(403, "invalid_grant", "Malformed mfa_token");
  }

  static void assertRateHeaders(Wire.Res r) {
    assertNotNull(r.header("X-RateLimit-Limit"), "X-RateLimit-Limit");
    assertNotNull(r.header("X-RateLimit-Remaining"), "X-RateLimit-Remaining");
    long reset = Long.parseLong(r.header("X-RateLimit-Reset"));
    assertTrue(reset >= Wire.FIXED.instant().getEpochSecond(), "reset is epoch seconds: " + reset);
    assertTrue(reset < Wire.FIXED.instant().getEpochSecond() + 3600, "reset is epoch seconds: " + reset);
    assertNull(r.header("Retry-After"));
  }
}
