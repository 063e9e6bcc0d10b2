package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * A further factor enrolled with an access token for the /mfa/ audience is confirmed by the MFA grant with that
 * access token as the mfa_token, and by nothing else (docs/protocol.md, "Confirming an enrolment made with an access
 * token").
 */
class AccessTokenEnrollmentTest {
  private static final String PHONE = "+15551234567";
  private static final String SECOND = "+15557654321";

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  /** The demo user with SMS enrolled, and an access token with {@code scope} after passing it. */
  private String enrolledAndPassed(String scope) {
    w.enrollSms(tenant, w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD), PHONE);
    return w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD, PHONE, scope);
  }

  private boolean active(String prefixOrRecipient) {
    return tenant.authenticators(SandboxTenant.DEMO_USERNAME).stream()
        .anyMatch(a -> a.active() && a.id().startsWith(prefixOrRecipient));
  }

  @Test
  void aSecondPhoneIsConfirmedWithTheAccessTokenItWasAssociatedWith() {
    String access = enrolledAndPassed("enroll read:authenticators");
    Wire.Res a = w.associateSms(access, SECOND);
    assertEquals(200, a.status(), a.body());
    assertFalse(a.json().containsKey("recovery_codes"), "the user is enrolled: no new recovery code");

    Wire.Res t = w.verifyOob(access, a.str("oob_code"), tenant.lastMessageTo(SECOND).code());

    assertEquals(200, t.status(), t.body());
    assertEquals("enroll read:authenticators", t.str("scope"), "the access token's scope");
    assertEquals(600.0, ((Number) t.json().get("expires_in")).doubleValue(), "a token for the /mfa/ audience");
    assertFalse(t.json().containsKey("refresh_token"));
    assertEquals(List.of(w.base + "/mfa/"), List.of(Wire.jwtPayload(t.str("access_token")).get("aud")));
    long activePhones = tenant.authenticators(SandboxTenant.DEMO_USERNAME).stream()
        .filter(x -> x.active() && x.id().startsWith("sms|")).count();
    assertEquals(2, activePhones);
  }

  @Test
  void anMfaTokenOrAnotherAccessTokenOfTheSameUserDoesNotConfirmIt() {
    String access = enrolledAndPassed("enroll");
    Wire.Res a = w.associateSms(access, SECOND);
    String code = tenant.lastMessageTo(SECOND).code();
    String mfaToken = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    tenant.advanceClock(Duration.ofSeconds(1)); // the same claims in the same second would sign to the same token
    String another = w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD, PHONE,
        "enroll");

    w.verifyOob(mfaToken, a.str("oob_code"), code)
        .assertError(403, "invalid_grant", "The oob_code doesn't match the mfa_token");
    w.verifyOob(another, a.str("oob_code"), code)
        .assertError(403, "invalid_grant", "The oob_code doesn't match the mfa_token");

    assertEquals(200, w.verifyOob(access, a.str("oob_code"), code).status(), "the right one still works");
  }

  @Test
  void anAuthenticatorAppIsConfirmedWithTheAccessTokenButItDoesNotSignInWithAnActiveApp() {
    String access = enrolledAndPassed("enroll");
    Wire.Res a = w.associate(access, "authenticator_types", List.of("otp"));
    assertEquals(200, a.status(), a.body());
    String secret = a.str("secret");

    Wire.Res t = w.verifyOtp(access, Wire.totp(secret, tenant.now()));

    assertEquals(200, t.status(), t.body());
    assertTrue(active("totp|"));
    tenant.advanceClock(Duration.ofSeconds(30));
    w.verifyOtp(access, Wire.totp(secret, tenant.now()))
        .assertError(403, "invalid_grant", "Invalid otp_code.");
  }

  @Test
  void pushIsConfirmedByPollingWithTheAccessToken() {
    String access = enrolledAndPassed("enroll");
    Wire.Res a = w.associate(access, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"));
    assertEquals(200, a.status(), a.body());
    w.verifyOob(access, a.str("oob_code"), null).assertError(400, "authorization_pending",
        "Authorization pending: please repeat the request in a few seconds.");

    tenant.approvePush(SandboxTenant.DEMO_USERNAME);

    assertEquals(200, w.verifyOob(access, a.str("oob_code"), null).status());
    assertTrue(active("push|"));
  }

  @Test
  void anAccessTokenAnswersNothingElseInPlaceOfAnMfaToken() {
    String access = enrolledAndPassed("enroll read:authenticators");
    w.challenge(access, "challenge_type", "oob").assertError(403, "invalid_grant", "Malformed mfa_token");
    w.verifyRecovery(access, "ABCDEFGHJKLMNPQRSTUVWXYZ")
        .assertError(403, "invalid_grant", "Malformed mfa_token");

    String readOnly = w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD, PHONE,
        "read:authenticators");
    w.verifyOtp(readOnly, "123456").assertError(403, "invalid_grant", "Malformed mfa_token");
  }

  @Test
  void anExpiredAccessTokenIsAnsweredLikeAnExpiredMfaToken() {
    String access = enrolledAndPassed("enroll");
    Wire.Res a = w.associateSms(access, SECOND);
    String code = tenant.lastMessageTo(SECOND).code();

    tenant.advanceClock(Duration.ofMinutes(11));

    Map<String, Object> body = w.verifyOob(access, a.str("oob_code"), code)
        .assertError(403, "expired_token", "mfa_token is expired").json();
    assertEquals("expired_token", body.get("error"));
  }
}
