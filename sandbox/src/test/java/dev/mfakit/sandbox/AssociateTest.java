package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** POST /mfa/associate: every factor, recovery codes, bearer rules and errors. */
class AssociateTest {
  private static final String PHONE = "+15551234567";
  private static final String ID_SUFFIX = "dev_[A-Za-z0-9]{16}";

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);
  private final String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);

  @Test
  void smsHasExactlyTheRecordedKeysAndFormats() {
    Wire.Res r = w.associateSms(mfa, PHONE);
    assertEquals(200, r.status(), r.body());
    assertEquals("application/json; charset=utf-8", r.contentType());
    TokenEndpointTest.assertRateHeaders(r);
    Map<String, Object> recorded = Recorded.object("associate-sms.json");
    Map<String, Object> body = r.json();
    assertEquals(recorded.keySet(), body.keySet());
    assertEquals(List.copyOf(recorded.keySet()), List.copyOf(body.keySet()), "same key order as recorded");
    assertEquals("oob", body.get("authenticator_type"));
    assertEquals("prompt", body.get("binding_method"));
    assertEquals("sms", body.get("oob_channel"));
    List<?> codes = (List<?>) body.get("recovery_codes");
    assertEquals(1, codes.size());
    assertTrue(((String) codes.get(0)).matches("[1-9A-HJ-NP-Z]{24}"), codes.toString());
    assertOobCodeShape((String) body.get("oob_code"));
  }

  static void assertOobCodeShape(String oobCode) {
    String[] f = oobCode.split("\\*", -1);
    assertEquals(8, f.length, "Iron has 8 '*'-separated fields");
    assertEquals("Fe26.2", f[0]);
    assertTrue(f[1].matches("SERVER_[0-9]+"));
    assertTrue(f[2].matches("[0-9a-f]{64}"));
    assertTrue(f[3].matches("[A-Za-z0-9_-]+"));
    assertTrue(f[4].matches("[A-Za-z0-9_-]+"));
    long expiry = Long.parseLong(f[5]);
    assertEquals(Wire.FIXED.millis() + 300_000, expiry, "field 6 is the expiry in Unix ms, 5 minutes ahead");
    assertTrue(f[6].matches("[0-9a-f]{64}"));
    assertTrue(f[7].matches("[A-Za-z0-9_-]{43}"));
    assertTrue(oobCode.length() > 600 && oobCode.length() < 700, "about as long as a real one: " + oobCode.length());
  }

  @Test
  void smsSendsASixDigitCodeBeforeResponding() {
    Wire.Res r = w.associateSms(mfa, PHONE);
    assertEquals(200, r.status());
    SentMessage m = tenant.lastMessageTo(PHONE);
    assertEquals("sms", m.channel());
    assertEquals(PHONE, m.recipient());
    assertTrue(m.code().matches("[0-9]{6}"));
    assertTrue(m.text().contains(m.code()));
    assertEquals(Instant.parse("2026-03-01T12:00:00Z"), m.sentAt());
  }

  @Test
  void smsCreatesInactiveSmsAndVoiceTwinsWithOneSuffix() {
    w.associateSms(mfa, PHONE);
    List<SandboxAuthenticator> list = tenant.authenticators(SandboxTenant.DEMO_USERNAME);
    assertEquals(3, list.size(), list.toString());
    SandboxAuthenticator sms = list.get(0);
    SandboxAuthenticator voice = list.get(1);
    assertTrue(sms.id().matches("sms\\|" + ID_SUFFIX));
    assertEquals(sms.id().substring(4), voice.id().substring(6), "same suffix");
    assertEquals("voice", voice.oobChannel());
    assertTrue(list.get(2).id().matches("recovery-code\\|" + ID_SUFFIX));
    assertTrue(list.stream().noneMatch(SandboxAuthenticator::active));
  }

  @Test
  void smsWithoutVoiceEnabledCreatesNoTwin() {
    tenant.setFactorEnabled(Factor.VOICE, false);
    w.associateSms(mfa, PHONE);
    assertEquals(List.of("sms", "recovery-code"), tenant.authenticators(SandboxTenant.DEMO_USERNAME).stream()
        .map(a -> a.id().substring(0, a.id().indexOf('|'))).toList());
  }

  @Test
  void voiceAnswersLikeSmsAndCalls() {
    Wire.Res r = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("voice"),
        "phone_number", PHONE);
    assertEquals(200, r.status(), r.body());
    assertEquals(Recorded.object("associate-sms.json").keySet(), r.json().keySet());
    assertEquals("voice", r.str("oob_channel"));
    assertEquals("voice", tenant.lastMessageTo(PHONE).channel());
  }

  @Test
  void emailAnswersWithPromptAndMails() {
    Wire.Res r = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"),
        "email", "someone@example.com");
    assertEquals(200, r.status(), r.body());
    assertEquals(Set.of("authenticator_type", "binding_method", "oob_code", "oob_channel", "recovery_codes"),
        r.json().keySet());
    assertEquals("email", r.str("oob_channel"));
    SentMessage m = tenant.lastMessageTo("someone@example.com");
    assertEquals("email", m.channel());
  }

  @Test
  void otpReturnsSecretAndBarcode() {
    Wire.Res r = w.associate(mfa, "authenticator_types", List.of("otp"));
    assertEquals(200, r.status(), r.body());
    assertEquals(Set.of("authenticator_type", "secret", "barcode_uri", "recovery_codes"), r.json().keySet());
    assertEquals("otp", r.str("authenticator_type"));
    String secret = r.str("secret");
    assertTrue(secret.matches("[A-Z2-7]{32}"), secret);
    assertEquals("otpauth://totp/mfakit%20sandbox:demo%40example.com?secret=" + secret
        + "&issuer=mfakit%20sandbox&algorithm=SHA1&digits=6&period=30", r.str("barcode_uri"));
    assertTrue(tenant.messages().isEmpty(), "nothing is sent for TOTP");
    assertTrue(tenant.authenticators(SandboxTenant.DEMO_USERNAME).get(0).id().matches("totp\\|" + ID_SUFFIX));
  }

  @Test
  void pushReturnsBarcodeWithoutBindingMethodAndCreatesTotpToo() {
    Wire.Res r = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"));
    assertEquals(200, r.status(), r.body());
    assertEquals(Set.of("authenticator_type", "barcode_uri", "oob_channel", "oob_code", "recovery_codes"),
        r.json().keySet());
    assertEquals("auth0", r.str("oob_channel"));
    assertTrue(r.str("barcode_uri").matches(
        "otpauth://totp/mfakit%20sandbox:demo%40example\\.com\\?enrollment_tx_id=[A-Za-z0-9]{32}&base_url=http%3A%2F%2F127\\.0\\.0\\.1%3A[0-9]+"),
        r.str("barcode_uri"));
    assertOobCodeShape(r.str("oob_code"));
    List<SandboxAuthenticator> list = tenant.authenticators(SandboxTenant.DEMO_USERNAME);
    assertEquals(List.of("push", "totp", "recovery-code"),
        list.stream().map(a -> a.id().substring(0, a.id().indexOf('|'))).toList());
    assertEquals("auth0", list.get(0).oobChannel());
  }

  @Test
  void recoveryCodeComesOnlyWithTheFirstEnrollment() {
    Wire.Res first = w.associateSms(mfa, PHONE);
    assertEquals(1, ((List<?>) first.json().get("recovery_codes")).size());
    Wire.Res again = w.associateSms(mfa, "+15557654321");
    assertFalse(again.json().containsKey("recovery_codes"), "a second association, even unconfirmed, shows none");
    w.verifyOob(mfa, again.str("oob_code"), tenant.lastMessageTo("+15557654321").code());
    String access = w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD,
        "+15557654321", "enroll");
    Wire.Res later = w.associate(access, "authenticator_types", List.of("otp"));
    assertEquals(200, later.status(), later.body());
    assertFalse(later.json().containsKey("recovery_codes"));
  }

  @Test
  void noRecoveryCodeWhenDisabled() {
    tenant.setRecoveryCodesEnabled(false);
    Wire.Res r = w.associateSms(mfa, PHONE);
    assertFalse(r.json().containsKey("recovery_codes"));
    assertEquals(2, tenant.authenticators(SandboxTenant.DEMO_USERNAME).size());
  }

  @Test
  void mfaTokenIsRefusedOnceAnAuthenticatorIsActive() {
    w.enrollSms(tenant, mfa, PHONE);
    w.associate(mfa, "authenticator_types", List.of("otp"))
        .assertError(403, "access_denied", "User is already enrolled.");
    String fresh = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.associate(fresh, "authenticator_types", List.of("otp"))
        .assertError(403, "access_denied", "User is already enrolled.");
  }

  @Test
  void accessTokenWithEnrollScopeAddsFactorsAndItsScopeIsChecked() {
    w.enrollSms(tenant, mfa, PHONE);
    String enroll = w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD, PHONE,
        "enroll read:authenticators");
    Wire.Res r = w.associate(enroll, "authenticator_types", List.of("otp"));
    assertEquals(200, r.status(), r.body());
    String readOnly = w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD, PHONE,
        "read:authenticators");
    w.associate(readOnly, "authenticator_types", List.of("otp"))
        .assertError(403, "insufficient_scope", "Insufficient scope, expected any of: enroll");
  }

  @Test
  void accessTokenForAnotherAudienceIsRefused() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    String access = w.signIn("plain@example.com", "pw", "scope", "enroll").str("access_token");
    Wire.Res r = w.associate(access, "authenticator_types", List.of("otp"))
        .assertError(401, "invalid_token", "Invalid audience");
    assertNotNull(r.header("WWW-Authenticate"));
  }

  @Test
  void clientIdIsOptionalButCheckedWhenGiven() {
    Wire.Res noClient = w.postJson("/mfa/associate", Wire.map("authenticator_types", List.of("otp")),
        Wire.bearer(mfa));
    assertEquals(200, noClient.status(), noClient.body());
    w.postJson("/mfa/associate", Wire.map("client_id", SandboxTenant.CLIENT_ID, "client_secret", "bad",
        "authenticator_types", List.of("otp")), Wire.bearer(mfa))
        .assertError(401, "access_denied", "Unauthorized");
  }

  @Test
  void bearerProblems() {
    Wire.Res none = w.postJson("/mfa/associate", Wire.map("authenticator_types", List.of("otp")));
    none.assertError(401, "invalid_token", "Missing bearer token");
    assertTrue(none.header("WWW-Authenticate").startsWith("Bearer "));
    w.associate("garbage", "authenticator_types", List.of("otp"))
        .assertError(401, "invalid_grant", "The mfa_token provided is invalid. Try getting a new token.");
    w.associate("Fe26.2**AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "authenticator_types", List.of("otp"))
        .assertError(401, "invalid_grant", "The mfa_token provided is invalid. Try getting a new token.");
    tenant.advanceClock(java.time.Duration.ofMinutes(10));
    w.associate(mfa, "authenticator_types", List.of("otp")).assertError(401, "expired_token", "mfa_token is expired");
  }

  @Test
  void badParameters() {
    w.associate(mfa).assertError(400, "invalid_request", "Missing required parameter: authenticator_types");
    w.associate(mfa, "authenticator_types", "otp")
        .assertError(400, "invalid_request", "Invalid parameter: authenticator_types must be an array of strings");
    w.associate(mfa, "authenticator_types", List.of("otp", "oob"))
        .assertError(400, "invalid_request", "authenticator_types must hold exactly one of: otp, oob");
    w.associate(mfa, "authenticator_types", List.of("webauthn"))
        .assertError(400, "invalid_request", "authenticator_types must hold exactly one of: otp, oob");
    w.associate(mfa, "authenticator_types", List.of("oob"))
        .assertError(400, "invalid_request", "Missing required parameter: oob_channels");
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("pigeon"))
        .assertError(400, "invalid_request", "oob_channels must hold exactly one of: sms, voice, auth0, email");
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("sms"))
        .assertError(400, "invalid_request", "Missing required parameter: phone_number");
    for (String bad : List.of("5551234567", "+1 555 123 4567", "+0123456789", "+1555", "+155512345678901234")) {
      // The exact body is asserted, so the number is not echoed.
      w.associateSms(mfa, bad).assertError(400, "invalid_request", "The phone number is invalid.");
    }
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"), "email", "nope")
        .assertError(400, "invalid_request", "email is not a valid e-mail address");
    assertTrue(tenant.authenticators(SandboxTenant.DEMO_USERNAME).isEmpty());
    assertTrue(tenant.messages().isEmpty());
  }

  @Test
  void disabledFactorsAreRefused() {
    for (Factor f : Factor.values()) {
      tenant.setFactorEnabled(f, false);
    }
    String name = "The sms factor is not enabled on this tenant";
    w.associateSms(mfa, PHONE).assertError(400, "invalid_request", name);
    w.associate(mfa, "authenticator_types", List.of("otp"))
        .assertError(400, "invalid_request", "The otp factor is not enabled on this tenant");
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"))
        .assertError(400, "invalid_request", "The push factor is not enabled on this tenant");
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("voice"), "phone_number", PHONE)
        .assertError(400, "invalid_request", "The voice factor is not enabled on this tenant");
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"), "email", "a@b.co")
        .assertError(400, "invalid_request", "The email factor is not enabled on this tenant");
    tenant.setFactorEnabled(Factor.OTP, true);
    assertEquals(200, w.associate(mfa, "authenticator_types", List.of("otp")).status());
  }

  @Test
  void smsSendLimitIsTenThenOneAnHour() {
    for (int i = 0; i < 10; i++) {
      assertEquals(200, w.associateSms(mfa, PHONE).status(), "send " + i);
    }
    Wire.Res r = w.associateSms(mfa, PHONE).assertError(429, "too_many_requests",
        "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.");
    assertEquals("10", r.header("X-RateLimit-Limit"));
    assertEquals("0", r.header("X-RateLimit-Remaining"));
    assertEquals(Wire.FIXED.instant().getEpochSecond() + 3600, Long.parseLong(r.header("X-RateLimit-Reset")));
    assertEquals("3600", r.header("Retry-After"));
    assertEquals(10, tenant.messages().size(), "the refused one was not sent");
    tenant.advanceClock(java.time.Duration.ofMinutes(59));
    assertEquals(429, w.associateSms(w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD), PHONE)
        .status());
    tenant.advanceClock(java.time.Duration.ofMinutes(1));
    String fresh = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    assertEquals(200, w.associateSms(fresh, PHONE).status());
    assertEquals(429, w.associateSms(fresh, PHONE).status());
  }

  @Test
  void emailSendLimitIsTwentyThenOneAMinute() {
    for (int i = 0; i < 20; i++) {
      assertEquals(200, w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"),
          "email", "e@example.com").status(), "send " + i);
    }
    Wire.Res r = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"),
        "email", "e@example.com");
    assertEquals(429, r.status());
    assertEquals("60", r.header("Retry-After"));
    assertEquals("20", r.header("X-RateLimit-Limit"));
  }

  @Test
  void unconfirmedEnrollmentsAreBounded() {
    for (int i = 0; i < 40; i++) {
      assertEquals(200, w.associate(mfa, "authenticator_types", List.of("otp")).status());
    }
    List<SandboxAuthenticator> list = tenant.authenticators(SandboxTenant.DEMO_USERNAME);
    assertTrue(list.size() <= 32, "at most 32 authenticators: " + list.size());
    assertEquals(1, list.stream().filter(a -> a.authenticatorType().equals("recovery-code")).count());
  }

  @Test
  void eachEnrollmentGetsItsOwnIds() {
    String a = w.associate(mfa, "authenticator_types", List.of("otp")).str("secret");
    String b = w.associate(mfa, "authenticator_types", List.of("otp")).str("secret");
    assertNotEquals(a, b);
    assertEquals(3, tenant.authenticators(SandboxTenant.DEMO_USERNAME).size());
    assertNull(tenant.authenticators(SandboxTenant.DEMO_USERNAME).get(0).oobChannel());
  }
}
