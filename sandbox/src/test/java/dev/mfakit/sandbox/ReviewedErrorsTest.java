package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One test per row of the reviewed error answers (docs/protocol.md, "Errors": every row of confidence C1 or
 * better): the sandbox answers each with the status and the exact body of the fixture in {@code recorded/}, which
 * holds the body as its source quotes it.
 */
class ReviewedErrorsTest {
  private static final String PHONE = "+15551231234";
  private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @AfterEach
  void close() {
    tenant.close();
  }

  private static void assertFixture(Wire.Res r, int status, String fixture) {
    assertEquals(status, r.status(), r.body());
    assertEquals(Recorded.object(fixture), r.json(), r.body());
  }

  private Map<String, Object> badSecret() {
    return Wire.map("client_id", SandboxTenant.CLIENT_ID, "client_secret", "not-the-secret");
  }

  @Test
  void refusedClientCredentialsAre401AccessDeniedWhateverTheGrant() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    for (Map<String, Object> grant : List.of(
        Wire.map("grant_type", "password", "username", SandboxTenant.DEMO_USERNAME, "password", "x"),
        Wire.map("grant_type", Wire.PASSWORD_REALM, "username", "u", "password", "p", "realm", SandboxTenant.REALM),
        Wire.map("grant_type", Wire.MFA_OOB, "mfa_token", mfa, "oob_code", "x", "binding_code", "123456"),
        Wire.map("grant_type", Wire.MFA_OTP, "mfa_token", mfa, "otp", "123456"),
        Wire.map("grant_type", Wire.MFA_RECOVERY, "mfa_token", mfa, "recovery_code", "X"),
        Wire.map("grant_type", "refresh_token", "refresh_token", "x"))) {
      Map<String, Object> body = new LinkedHashMap<>(badSecret());
      body.putAll(grant);
      assertFixture(w.postForm("/oauth/token", body), 401, "error-client-unauthorized.json");
    }
    // An unknown client is refused the same way; so is a bad secret on /mfa/challenge (GUESS: the same answer).
    assertFixture(w.postForm("/oauth/token", Wire.map("client_id", "nobody", "client_secret", "x",
        "grant_type", "password", "username", "u", "password", "p")), 401, "error-client-unauthorized.json");
    assertFixture(w.postJson("/mfa/challenge", Wire.with(badSecret(), "mfa_token", mfa)), 401,
        "error-client-unauthorized.json");
  }

  @Test
  void aGrantTheApplicationMayNotUseIs403UnauthorizedClientWithItsErrorUri() {
    tenant.addClient("no-mfa", "secret", List.of("password", "http://auth0.com/oauth/grant-type/password-realm"));
    Map<String, Object> app = Wire.map("client_id", "no-mfa", "client_secret", "secret");
    Wire.Res signIn = w.postForm("/oauth/token", Wire.with(app, "grant_type", "password",
        "username", SandboxTenant.DEMO_USERNAME, "password", SandboxTenant.DEMO_PASSWORD));
    assertEquals("mfa_required", signIn.str("error"), "the password grant is allowed");
    assertFixture(w.postForm("/oauth/token", Wire.with(app, "grant_type", Wire.MFA_OOB,
        "mfa_token", signIn.str("mfa_token"), "oob_code", "x", "binding_code", "123456")), 403,
        "error-grant-not-allowed.json");
    Wire.Res otp = w.postForm("/oauth/token", Wire.with(app, "grant_type", Wire.MFA_OTP,
        "mfa_token", signIn.str("mfa_token"), "otp", "123456"));
    assertEquals(Map.of("error", "unauthorized_client",
        "error_description", "Grant type 'http://auth0.com/oauth/grant-type/mfa-otp' not allowed for the client.",
        "error_uri", "https://auth0.com/docs/clients/client-grant-types"), otp.json(), "the grant as sent");
  }

  @Test
  void aForeignOrGarbledBearerMfaTokenIs401InvalidGrantOnEveryBearerEndpoint() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    String foreign;
    try (SandboxTenant other = SandboxTenant.start()) {
      foreign = new Wire(other).mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    }
    String garbled = mfa.substring(0, 200) + (mfa.charAt(200) == 'A' ? 'B' : 'A') + mfa.substring(201);
    for (String bad : List.of(foreign, garbled, "not-a-token-at-all")) {
      assertFixture(w.associateSms(bad, PHONE), 401, "error-mfa-token-invalid.json");
      assertFixture(w.list(bad), 401, "error-mfa-token-invalid.json");
      assertFixture(w.delete("/mfa/authenticators/sms%7Cdev_x", Wire.bearer(bad)), 401, "error-mfa-token-invalid.json");
    }
    // In a body (/mfa/challenge, the grants) the recorded text of that case stays "Malformed mfa_token".
    w.challenge(foreign).assertError(403, "invalid_grant", "Malformed mfa_token");
  }

  @Test
  void associatingWithTheMfaTokenOfAnEnrolledUserIs403AccessDenied() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.enrollSms(tenant, mfa, PHONE);
    assertFixture(w.associate(mfa, "authenticator_types", List.of("otp")), 403, "error-already-enrolled.json");
  }

  @Test
  void aWrongRecoveryCodeIsInvalidGrantMfaAuthorizationRejected() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.enrollSms(tenant, mfa, PHONE);
    assertFixture(w.verifyRecovery(mfa, "AAAAAAAAAAAAAAAAAAAAAAAA"), 403, "error-recovery-code-rejected.json");
  }

  @Test
  void anMfaTokenOfAnotherClientIsInvalidRequestOnTheGrants() {
    tenant.addClient("other", "other-secret");
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    assertFixture(w.postForm("/oauth/token", Wire.map("client_id", "other", "client_secret", "other-secret",
        "grant_type", Wire.MFA_OTP, "mfa_token", mfa, "otp", "123456")), 403, "error-mfa-token-other-client.json");
  }

  @Test
  void anOobCodeOfAnotherMfaTokenDoesNotMatchAndAGarbledOneIsMalformed() {
    String first = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    String second = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    String oob = w.associateSms(first, PHONE).str("oob_code");
    String code = tenant.lastMessageTo(PHONE).code();
    assertFixture(w.verifyOob(second, oob, code), 403, "error-oob-code-mismatch.json");
    assertFixture(w.verifyOob(first, oob.replace("Fe26.2*", "Fe26.3*"), code), 403, "error-oob-code-malformed.json");
    assertEquals(200, w.verifyOob(first, oob, code).status(), "its own mfa_token still works");
  }

  @Test
  void anInvalidPhoneNumberIs400WithTheReportedText() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    // Only the text was ever quoted; the status and error code are GUESSes.
    w.associateSms(mfa, "555-1234").assertError(400, "invalid_request", "The phone number is invalid.");
  }

  @Test
  void anAudienceWithoutAnApiIs403AccessDeniedServiceNotFound() {
    assertFixture(w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD,
        "audience", "https://auth0-jwt-authorizer"), 403, "error-service-not-found.json");
  }
}
