package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class SignInTest extends MockServerTest {

  @Test
  void passwordGrantSendsTheExactFormAndParsesRecordedTokens() {
    enqueueFixture(200, "token.json");

    SignInResult result = client().signIn(PasswordSignIn.of("user@example.com", "hunter2"));

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod());
    assertEquals("/oauth/token", r.getUrl().encodedPath());
    assertCommonHeaders(r);
    assertNull(r.getHeaders().get("Authorization"));
    assertEquals(Map.of("grant_type", "password", "username", "user@example.com", "password", "hunter2",
        "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), form(r));

    Tokens tokens = assertInstanceOf(Tokens.class, result);
    assertEquals("test-access-token", tokens.accessToken().value());
    assertEquals(START.plusSeconds(86400), tokens.accessToken().expiresAt());
    assertEquals(Duration.ofSeconds(86400), tokens.expiresIn());
    assertEquals("Bearer", tokens.tokenType());
    assertEquals("openid profile", tokens.scope());
    assertNull(tokens.idToken());
    assertNull(tokens.refreshToken());
    assertNull(tokens.recoveryCode());
  }

  @Test
  void passwordRealmGrantCarriesRealmAudienceAndScope() {
    enqueue(200, "{\"access_token\":\"at\",\"id_token\":\"idt\",\"refresh_token\":\"rt\",\"expires_in\":600,"
        + "\"scope\":\"openid enroll\",\"token_type\":\"Bearer\"}");

    Tokens tokens = (Tokens) client().signIn(PasswordSignIn.of("alice", "pw")
        .withRealm("Username-Password-Authentication")
        .withAudience("https://acme.us.auth0.com/mfa/")
        .withScope("openid enroll"));

    Map<String, String> form = form(take());
    assertEquals("http://auth0.com/oauth/grant-type/password-realm", form.get("grant_type"));
    assertEquals("Username-Password-Authentication", form.get("realm"));
    assertEquals("https://acme.us.auth0.com/mfa/", form.get("audience"));
    assertEquals("openid enroll", form.get("scope"));
    assertEquals("idt", tokens.idToken());
    assertEquals("rt", tokens.refreshToken());
    assertEquals(START.plusSeconds(600), tokens.accessToken().expiresAt());
  }

  @Test
  void mfaRequiredIsATypedResultWithTokenExpiryAndRequirements() {
    enqueueFixture(403, "mfa-required.json");

    SignInResult result = client().signIn(PasswordSignIn.of("user@example.com", "hunter2"));

    MfaRequired required = assertInstanceOf(MfaRequired.class, result);
    assertEquals("Fe26.2**recorded-mfa-token*Ha", required.mfaToken().value());
    assertEquals(START.plus(Duration.ofMinutes(10)), required.mfaToken().expiresAt());
    assertEquals(List.of(FactorType.PHONE, FactorType.OTP), required.requirements().enroll());
    assertEquals(List.of(), required.requirements().challenge());
  }

  @Test
  void absentRequirementsAreNormal() {
    enqueue(403, "{\"error\":\"mfa_required\",\"error_description\":\"Multifactor authentication required\","
        + "\"mfa_token\":\"Fe26.2**x*y\"}");

    MfaRequired required = (MfaRequired) client().signIn(PasswordSignIn.of("u", "p"));

    assertEquals(MfaRequirements.none(), required.requirements());
  }

  @Test
  void challengeRequirementsAndUnknownTypesParse() {
    enqueue(403, "{\"error\":\"mfa_required\",\"mfa_token\":\"t\",\"mfa_requirements\":{\"challenge\":["
        + "{\"type\":\"otp\"},{\"type\":\"push-notification\"},{\"type\":\"phone\"},{\"type\":\"recovery-code\"},"
        + "{\"type\":\"email\"},{\"type\":\"webauthn-roaming\"},{\"type\":\"totp\"}]}}");

    MfaRequired required = (MfaRequired) client().signIn(PasswordSignIn.of("u", "p"));

    assertEquals(List.of(FactorType.OTP, FactorType.PUSH_NOTIFICATION, FactorType.PHONE, FactorType.RECOVERY_CODE,
        FactorType.EMAIL, FactorType.UNKNOWN, FactorType.OTP), required.requirements().challenge());
    assertEquals(List.of(), required.requirements().enroll());
  }

  @Test
  void mfaRequiredWithoutTokenIsADecodingError() {
    enqueue(403, "{\"error\":\"mfa_required\",\"error_description\":\"Multifactor authentication required\"}");

    MfaDecodingException e = assertThrows(MfaDecodingException.class,
        () -> client().signIn(PasswordSignIn.of("u", "p")));
    assertEquals(403, e.status());
  }

  @Test
  void wrongPasswordIsTyped() {
    enqueueError(403, "invalid_grant", "Wrong email or password.");

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().signIn(PasswordSignIn.of("u", "p")));

    assertEquals(ErrorReason.WRONG_CREDENTIALS, e.reason());
    assertEquals(403, e.status());
    assertEquals("invalid_grant", e.error());
    assertEquals("Wrong email or password.", e.errorDescription());
    assertEquals("Wrong username or password (HTTP 403 invalid_grant): Wrong email or password.", e.getMessage());
    assertNull(e.rateLimit());
  }

  @Test
  void messagesCarryAHintAfterTheDescription() {
    enqueueError(403, "expired_token", "mfa_token is expired");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().verifyOtp(MfaToken.of("t"), "123456"));

    assertEquals("The mfa_token has expired (HTTP 403 expired_token): mfa_token is expired. "
        + "Sign in again to get a new mfa_token (it lives 10 minutes)", e.getMessage());
  }
}
