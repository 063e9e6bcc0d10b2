package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** POST /mfa/challenge. */
class ChallengeTest {
  private static final String PHONE = "+15551234567";
  private static final String USER = SandboxTenant.DEMO_USERNAME;
  private static final String PASSWORD = SandboxTenant.DEMO_PASSWORD;

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);
  private final String mfa = w.mfaToken(USER, PASSWORD);

  @Test
  void notEnrolledIsUnsupportedChallengeType() {
    Wire.Res r = w.challenge(mfa, "challenge_type", "oob").assertError(401, "unsupported_challenge_type",
        "User does not have any enrolled authenticator with the supported challenge type (oob)");
    assertEquals("application/json; charset=utf-8", r.contentType());
    TokenEndpointTest.assertRateHeaders(r);
    w.associateSms(mfa, PHONE);
    w.challenge(mfa).assertError(401, "unsupported_challenge_type",
        "User does not have any enrolled authenticator with the supported challenge type (otp oob)");
  }

  @Test
  void smsChallengeSendsACode() {
    w.enrollSms(tenant, mfa, PHONE);
    String fresh = w.mfaToken(USER, PASSWORD);
    Wire.Res c = w.challenge(fresh, "challenge_type", "oob");
    assertEquals(200, c.status(), c.body());
    assertEquals(List.of("challenge_type", "binding_method", "oob_code"), List.copyOf(c.json().keySet()));
    assertEquals("oob", c.str("challenge_type"));
    assertEquals("prompt", c.str("binding_method"));
    AssociateTest.assertOobCodeShape(c.str("oob_code"));
    SentMessage m = tenant.lastMessageTo(PHONE);
    assertEquals(2, tenant.messages().size());
    assertEquals("sms", m.channel());
    assertEquals(200, w.verifyOob(fresh, c.str("oob_code"), m.code()).status());
  }

  @Test
  void voiceTwinCanBeChallengedById() {
    w.enrollSms(tenant, mfa, PHONE);
    String voiceId = tenant.authenticators(USER).get(1).id();
    assertTrue(voiceId.startsWith("voice|"));
    Wire.Res c = w.challenge(mfa, "challenge_type", "oob", "authenticator_id", voiceId);
    assertEquals(200, c.status(), c.body());
    assertEquals("voice", tenant.lastMessageTo(PHONE).channel());
  }

  @Test
  void otpChallengeSendsNothing() {
    String secret = w.associate(mfa, "authenticator_types", List.of("otp")).str("secret");
    assertEquals(200, w.verifyOtp(mfa, Wire.totp(secret, tenant.now())).status());
    Wire.Res c = w.challenge(mfa, "challenge_type", "otp");
    assertEquals(Map.of("challenge_type", "otp"), c.json());
    assertTrue(tenant.messages().isEmpty());
    String id = tenant.authenticators(USER).get(0).id();
    assertEquals(Map.of("challenge_type", "otp"), w.challenge(mfa, "challenge_type", "otp", "authenticator_id", id).json());
    w.challenge(mfa, "challenge_type", "oob", "authenticator_id", id).assertError(401, "unsupported_challenge_type",
        "User does not have any enrolled authenticator with the supported challenge type (oob)");
    w.challenge(mfa, "challenge_type", "oob").assertError(401, "unsupported_challenge_type",
        "User does not have any enrolled authenticator with the supported challenge type (oob)");
    assertEquals(Map.of("challenge_type", "otp"), w.challenge(mfa, "challenge_type", "oob otp").json());
  }

  @Test
  void unknownOrInactiveAuthenticatorId() {
    w.associateSms(mfa, PHONE);
    String inactive = tenant.authenticators(USER).get(0).id();
    w.challenge(mfa, "challenge_type", "oob", "authenticator_id", inactive).assertError(401,
        "unsupported_challenge_type", "User does not have any enrolled authenticator with the supported challenge type (oob)");
    w.challenge(mfa, "authenticator_id", "sms|dev_doesnotexist0000")
        .assertError(400, "invalid_request", "Invalid authenticator_id");
  }

  @Test
  void badChallengeTypeAndMissingMfaToken() {
    w.challenge(mfa, "challenge_type", "webauthn")
        .assertError(400, "invalid_request", "challenge_type must be otp, oob or both");
    w.postJson("/mfa/challenge", Wire.clientAuth())
        .assertError(400, "invalid_request", "Missing required parameter: mfa_token");
    w.challenge("garbage").assertError(403, "invalid_grant", "Malformed mfa_token");
    w.postJson("/mfa/challenge", Wire.map("mfa_token", mfa))
        .assertError(400, "invalid_request", "Missing required parameter: client_id");
    w.postJson("/mfa/challenge", Wire.map("mfa_token", mfa, "client_id", SandboxTenant.CLIENT_ID, "client_secret", "x"))
        .assertError(401, "access_denied", "Unauthorized");
  }

  @Test
  void acceptsHttpBasic() {
    w.enrollSms(tenant, mfa, PHONE);
    String basic = "Basic " + Base64.getEncoder().encodeToString(
        (SandboxTenant.CLIENT_ID + ":" + SandboxTenant.CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
    Wire.Res c = w.postJson("/mfa/challenge", Wire.map("mfa_token", mfa, "challenge_type", "oob"),
        "Authorization", basic);
    assertEquals(200, c.status(), c.body());
  }

  @Test
  void smsChallengesCountTowardTheSendLimit() {
    w.enrollSms(tenant, mfa, PHONE); // 1 sent
    for (int i = 0; i < 9; i++) {
      assertEquals(200, w.challenge(mfa, "challenge_type", "oob").status());
    }
    Wire.Res r = w.challenge(mfa, "challenge_type", "oob");
    assertEquals(429, r.status());
    assertEquals("too_many_requests", r.str("error"));
    assertEquals("3600", r.header("Retry-After"));
    tenant.advanceClock(Duration.ofHours(1));
    String fresh = w.mfaToken(USER, PASSWORD);
    assertEquals(200, w.challenge(fresh, "challenge_type", "oob").status());
  }

  @Test
  void emailChallenge() {
    Wire.Res a = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"),
        "email", "me@example.com");
    assertEquals(200, w.verifyOob(mfa, a.str("oob_code"),
        tenant.lastMessageTo("me@example.com").code()).status());
    Wire.Res c = w.challenge(mfa, "challenge_type", "oob");
    assertEquals("prompt", c.str("binding_method"));
    assertEquals("email", tenant.lastMessageTo("me@example.com").channel());
  }
}
