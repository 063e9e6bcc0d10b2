package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** POST /oauth/token with the mfa-oob, mfa-otp and mfa-recovery-code grants; TTLs and limits by the clock. */
class MfaGrantTest {
  private static final String PHONE = "+15551234567";
  private static final String USER = SandboxTenant.DEMO_USERNAME;
  private static final String PASSWORD = SandboxTenant.DEMO_PASSWORD;

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);
  private final String mfa = w.mfaToken(USER, PASSWORD);

  private String code() {
    return tenant.lastMessageTo(PHONE).code();
  }

  private static String wrong(String code) {
    return code.equals("000000") ? "111111" : "000000";
  }

  // ---- mfa-oob: sms ------------------------------------------------------------------------------------

  @Test
  void smsEnrollmentConfirmsAndReturnsTheRecordedTokenShape() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    Wire.Res t = w.verifyOob(mfa, oob, code());
    assertEquals(200, t.status(), t.body());
    assertEquals("application/json", t.contentType());
    assertEquals("no-store", t.header("Cache-Control"));
    assertEquals("no-cache", t.header("Pragma"));
    assertEquals(Set.of("access_token", "id_token", "expires_in", "scope", "token_type"), t.json().keySet());
    assertEquals(86400.0, t.json().get("expires_in"));
    assertEquals("Bearer", t.str("token_type"));
    assertEquals(List.of("mfa"), Wire.jwtPayload(t.str("id_token")).get("amr"));
    assertTrue(tenant.authenticators(USER).stream().allMatch(SandboxAuthenticator::active),
        "sms, its voice twin and the recovery code are active");
  }

  @Test
  void grantsTakeJsonBodiesToo() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    Wire.Res t = w.postJson("/oauth/token", Wire.with(Wire.clientAuth(), "grant_type", Wire.MFA_OOB,
        "mfa_token", mfa, "oob_code", oob, "binding_code", code()));
    assertEquals(200, t.status(), t.body());
    assertEquals("application/json", t.contentType());
  }

  @Test
  void oobCodeWorksOnce() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    String code = code();
    assertEquals(200, w.verifyOob(mfa, oob, code).status());
    w.verifyOob(mfa, oob, code).assertError(403, "invalid_grant", "Invalid oob_code.");
  }

  @Test
  void wrongBindingCodeDoesNotUseTheOobCodeUp() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    String code = code();
    Wire.Res r = w.verifyOob(mfa, oob, wrong(code)).assertError(403, "invalid_grant", "Invalid binding_code.");
    assertEquals("application/json", r.contentType());
    assertEquals(200, w.verifyOob(mfa, oob, code).status());
  }

  @Test
  void missingBindingCodeIsARequestError() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    w.verifyOob(mfa, oob, null).assertError(400, "invalid_request", "Missing required parameter: binding_code");
  }

  @Test
  void oobCodeLivesFiveMinutes() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    String code = code();
    tenant.advanceClock(Duration.ofMinutes(5).minusMillis(1));
    String oob2 = w.associateSms(mfa, PHONE).str("oob_code");
    String code2 = code();
    tenant.advanceClock(Duration.ofMillis(1));
    w.verifyOob(mfa, oob, code).assertError(403, "expired_token", "oob_code is expired");
    assertEquals(200, w.verifyOob(mfa, oob2, code2).status(), "the younger one still works");
  }

  @Test
  void oobCodeExpiredLongAgoIsStillRecognisedAsExpired() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    String code = code();
    tenant.advanceClock(Duration.ofMinutes(8));
    String fresh = w.mfaToken(USER, PASSWORD);
    w.verifyOob(fresh, oob, code).assertError(403, "expired_token", "oob_code is expired");
  }

  @Test
  void garbledOrForeignOobCodeIsInvalid() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    String code = code();
    w.verifyOob(mfa, "nonsense", code).assertError(403, "invalid_grant", "Malformed oob_code");
    w.verifyOob(mfa, oob.substring(0, oob.length() - 2) + "AA", code)
        .assertError(403, "invalid_grant", "Malformed oob_code");
    tenant.addUser("other@example.com", "pw");
    String otherMfa = w.mfaToken("other@example.com", "pw");
    w.verifyOob(otherMfa, oob, code).assertError(403, "invalid_grant", "The oob_code doesn't match the mfa_token");
    assertEquals(200, w.verifyOob(mfa, oob, code).status(), "the owner can still use it");
  }

  // ---- mfa_token ----------------------------------------------------------------------------------------

  @Test
  void mfaTokenLivesTenMinutesAndIsReusableAfterSuccess() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    assertEquals(200, w.verifyOob(mfa, oob, code()).status());
    // ASSUMPTION of the sandbox: the same mfa_token keeps working within its life.
    tenant.advanceClock(Duration.ofMinutes(10).minusMillis(1));
    Wire.Res c = w.challenge(mfa, "challenge_type", "oob");
    assertEquals(200, c.status(), c.body());
    assertEquals(200, w.verifyOob(mfa, c.str("oob_code"), code()).status());
    tenant.advanceClock(Duration.ofMillis(1));
    w.challenge(mfa, "challenge_type", "oob").assertError(403, "expired_token", "mfa_token is expired");
    w.verifyOtp(mfa, "123456").assertError(403, "expired_token", "mfa_token is expired");
    w.list(mfa).assertError(401, "expired_token", "mfa_token is expired");
    tenant.advanceClock(Duration.ofHours(5));
    w.verifyOtp(mfa, "123456").assertError(403, "expired_token", "mfa_token is expired");
  }

  @Test
  void mfaAudienceTokenLastsTenMinutes() {
    w.enrollSms(tenant, mfa, PHONE);
    Wire.Res r = w.signIn(USER, PASSWORD, "audience", tenant.baseUrl() + "/mfa/", "scope", "read:authenticators");
    String token = r.str("mfa_token");
    Wire.Res c = w.challenge(token);
    Wire.Res t = w.verifyOob(token, c.str("oob_code"), code());
    assertEquals(600.0, t.json().get("expires_in"));
    assertEquals("read:authenticators", t.str("scope"));
    assertFalse(t.json().containsKey("id_token"));
    String access = t.str("access_token");
    assertEquals(200, w.list(access).status());
    tenant.advanceClock(Duration.ofMinutes(10));
    w.list(access).assertError(401, "invalid_token", "Expired token");
  }

  // ---- mfa-otp ------------------------------------------------------------------------------------------

  private String enrollOtp() {
    String secret = w.associate(mfa, "authenticator_types", List.of("otp")).str("secret");
    Wire.Res t = w.verifyOtp(mfa, Wire.totp(secret, tenant.now()));
    assertEquals(200, t.status(), t.body());
    return secret;
  }

  @Test
  void otpConfirmsEnrollmentAndSignsIn() {
    String secret = w.associate(mfa, "authenticator_types", List.of("otp")).str("secret");
    assertFalse(tenant.authenticators(USER).get(0).active());
    Wire.Res t = w.verifyOtp(mfa, Wire.totp(secret, tenant.now()));
    assertEquals(200, t.status(), t.body());
    assertEquals(Recorded.object("token.json").keySet(), Set.of("access_token", "expires_in", "scope", "token_type"));
    assertTrue(tenant.authenticators(USER).get(0).active());
  }

  @Test
  void otpAcceptsOneStepOfSkewEitherWayButNotTwo() {
    String secret = enrollOtp();
    Instant now = tenant.now();
    tenant.advanceClock(Duration.ofSeconds(60));
    Instant later = tenant.now();
    w.verifyOtp(mfa, Wire.totp(secret, later.minusSeconds(60))).assertError(403, "invalid_grant", "Invalid otp_code.");
    assertEquals(200, w.verifyOtp(mfa, Wire.totp(secret, later.minusSeconds(30))).status(), "one step back");
    assertEquals(200, w.verifyOtp(mfa, Wire.totp(secret, later.plusSeconds(30))).status(), "one step ahead");
    w.verifyOtp(mfa, Wire.totp(secret, later.plusSeconds(60))).assertError(403, "invalid_grant", "Invalid otp_code.");
    assertTrue(now.isBefore(later));
  }

  @Test
  void anOtpWorksOnce() {
    String secret = enrollOtp();
    tenant.advanceClock(Duration.ofSeconds(30));
    String otp = Wire.totp(secret, tenant.now());
    assertEquals(200, w.verifyOtp(mfa, otp).status());
    w.verifyOtp(mfa, otp).assertError(403, "invalid_grant", "Invalid otp_code.");
  }

  @Test
  void malformedOtpIsJustWrong() {
    enrollOtp();
    w.verifyOtp(mfa, "12a456").assertError(403, "invalid_grant", "Invalid otp_code.");
    w.verifyOtp(mfa, "1234567").assertError(403, "invalid_grant", "Invalid otp_code.");
  }

  // ---- failed-code lock --------------------------------------------------------------------------------

  @Test
  void tenFailedCodesLockForSixMinutes() {
    String oob = w.associateSms(mfa, PHONE).str("oob_code");
    String code = code();
    for (int i = 0; i < 10; i++) {
      w.verifyOob(mfa, oob, wrong(code)).assertError(403, "invalid_grant", "Invalid binding_code.");
    }
    Wire.Res locked = w.verifyOob(mfa, oob, code).assertError(429, "too_many_attempts",
        "Too many failed codes. Wait for some minutes before retrying.");
    assertEquals("10", locked.header("X-RateLimit-Limit"));
    assertEquals("0", locked.header("X-RateLimit-Remaining"));
    assertEquals(Wire.FIXED.instant().getEpochSecond() + 360, Long.parseLong(locked.header("X-RateLimit-Reset")));
    assertEquals("360", locked.header("Retry-After"));
    w.verifyOtp(mfa, "123456").assertError(429, "too_many_attempts",
        "Too many failed codes. Wait for some minutes before retrying.");
    w.verifyRecovery(mfa, "AAAAAAAAAAAAAAAAAAAAAAAA").assertError(429, "too_many_attempts",
        "Too many failed codes. Wait for some minutes before retrying.");
    tenant.advanceClock(Duration.ofMinutes(6).minusSeconds(1));
    String fresh = w.mfaToken(USER, PASSWORD);
    String before = w.associateSms(fresh, PHONE).str("oob_code");
    assertEquals(429, w.verifyOob(fresh, before, code()).status(), "still locked, even with the right code");
    tenant.advanceClock(Duration.ofSeconds(1));
    String oob2 = w.associateSms(fresh, PHONE).str("oob_code");
    assertEquals(200, w.verifyOob(fresh, oob2, code()).status());
  }

  @Test
  void lockRefillsOneAttemptPerSixMinutes() {
    String secret = w.associate(mfa, "authenticator_types", List.of("otp")).str("secret");
    for (int i = 0; i < 10; i++) {
      w.verifyOtp(mfa, "000000".equals(Wire.totp(secret, tenant.now())) ? "111111" : "000000");
    }
    tenant.advanceClock(Duration.ofMinutes(6));
    String fresh = w.mfaToken(USER, PASSWORD);
    w.verifyOtp(fresh, "000000".equals(Wire.totp(secret, tenant.now())) ? "111111" : "000000")
        .assertError(403, "invalid_grant", "Invalid otp_code.");
    w.verifyOtp(fresh, Wire.totp(secret, tenant.now())).assertError(429, "too_many_attempts",
        "Too many failed codes. Wait for some minutes before retrying.");
  }

  // ---- recovery codes --------------------------------------------------------------------------------------

  @Test
  void recoveryCodeSignsInAndIsRotated() {
    Wire.Res a = w.associateSms(mfa, PHONE);
    String recovery = (String) ((List<?>) a.json().get("recovery_codes")).get(0);
    w.verifyRecovery(mfa, recovery).assertError(403, "invalid_grant", "MFA Authorization rejected.");
    assertEquals(200, w.verifyOob(mfa, a.str("oob_code"), code()).status());

    String fresh = w.mfaToken(USER, PASSWORD);
    Wire.Res t = w.verifyRecovery(fresh, recovery.toLowerCase(java.util.Locale.ROOT));
    assertEquals(200, t.status(), t.body());
    assertEquals(Recorded.object("token-recovery-code.json").keySet(),
        Set.copyOf(t.json().keySet().stream().filter(k -> !k.equals("id_token")).toList()));
    String rotated = t.str("recovery_code");
    assertTrue(rotated.matches("[1-9A-HJ-NP-Z]{24}"));
    assertNotEquals(recovery, rotated);
    w.verifyRecovery(fresh, recovery).assertError(403, "invalid_grant", "MFA Authorization rejected.");
    assertEquals(200, w.verifyRecovery(fresh, rotated).status());
  }

  @Test
  void recoveryCodesSwitchedOffAreRefused() {
    Wire.Res a = w.associateSms(mfa, PHONE);
    String recovery = (String) ((List<?>) a.json().get("recovery_codes")).get(0);
    w.verifyOob(mfa, a.str("oob_code"), code());
    tenant.setRecoveryCodesEnabled(false);
    w.verifyRecovery(mfa, recovery).assertError(403, "invalid_grant", "MFA Authorization rejected.");
  }

  // ---- push ---------------------------------------------------------------------------------------------

  @Test
  void pushEnrollmentPendsUntilApproved() {
    Wire.Res a = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"));
    String oob = a.str("oob_code");
    w.verifyOob(mfa, oob, null).assertError(400, "authorization_pending",
        "Authorization pending: please repeat the request in a few seconds.");
    tenant.approvePush(USER);
    Wire.Res t = w.verifyOob(mfa, oob, null);
    assertEquals(200, t.status(), t.body());
    assertTrue(tenant.authenticators(USER).stream().allMatch(SandboxAuthenticator::active), "push, totp, recovery");
    w.verifyOob(mfa, oob, null).assertError(403, "invalid_grant", "Invalid oob_code.");
    assertThrows(IllegalStateException.class, () -> tenant.approvePush(USER));
  }

  @Test
  void rejectedPushIsAccessDenied() {
    String oob = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"))
        .str("oob_code");
    tenant.rejectPush(USER);
    w.verifyOob(mfa, oob, null).assertError(400, "access_denied", "MFA Authorization rejected.");
    assertTrue(tenant.authenticators(USER).stream().noneMatch(SandboxAuthenticator::active));
  }

  @Test
  void pushPollingFasterThanTwelveAMinuteIsSlowDown() {
    String oob = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"))
        .str("oob_code");
    for (int i = 0; i < 12; i++) {
      assertEquals("authorization_pending", w.verifyOob(mfa, oob, null).str("error"));
    }
    w.verifyOob(mfa, oob, null).assertError(400, "slow_down", "You are polling faster than allowed. Slow down.");
    tenant.advanceClock(Duration.ofSeconds(5));
    assertEquals("authorization_pending", w.verifyOob(mfa, oob, null).str("error"));
    w.verifyOob(mfa, oob, null).assertError(400, "slow_down", "You are polling faster than allowed. Slow down.");
  }

  @Test
  void pushChallengeAfterEnrollment() {
    List<String> waiting = new java.util.concurrent.CopyOnWriteArrayList<>();
    tenant.onPush(waiting::add);
    tenant.onPush(user -> {
      throw new IllegalStateException("a faulty listener"); // ignored: the push still goes out
    });
    String oob = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"))
        .str("oob_code");
    assertEquals(List.of(USER), waiting, "the enrollment's push is waiting");
    tenant.approvePush(USER);
    assertEquals(200, w.verifyOob(mfa, oob, null).status());
    String fresh = w.mfaToken(USER, PASSWORD);
    Wire.Res c = w.challenge(fresh, "challenge_type", "oob");
    assertEquals(Map.of("challenge_type", "oob", "oob_code", c.str("oob_code")), c.json());
    assertEquals("authorization_pending", w.verifyOob(fresh, c.str("oob_code"), null).str("error"));
    assertEquals(List.of(USER, USER), waiting, "and the challenge's");
    tenant.approvePush(USER);
    assertEquals(200, w.verifyOob(fresh, c.str("oob_code"), null).status());
  }

  @Test
  void expiredPushCannotBeApproved() {
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"));
    tenant.advanceClock(Duration.ofMinutes(5));
    assertThrows(IllegalStateException.class, () -> tenant.approvePush(USER));
    assertThrows(IllegalArgumentException.class, () -> tenant.approvePush("nobody@example.com"));
  }
}
