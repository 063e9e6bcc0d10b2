package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class VerifyTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = new MfaToken("Fe26.2**mfa-token*x", START.plus(Duration.ofMinutes(10)));

  @Test
  void oobWithBindingCode() {
    enqueueFixture(200, "token.json");

    Tokens tokens = client().verifyOob(MFA_TOKEN, "Fe26.2*oob", "123456");

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod());
    assertEquals("/oauth/token", r.getUrl().encodedPath());
    assertCommonHeaders(r);
    assertEquals(Map.of("grant_type", "http://auth0.com/oauth/grant-type/mfa-oob", "mfa_token", MFA_TOKEN.value(),
        "oob_code", "Fe26.2*oob", "binding_code", "123456", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET),
        form(r));
    assertEquals("test-access-token", tokens.accessToken().value());
  }

  @Test
  void oobPushPollOnceSendsNoBindingCode() {
    enqueueFixture(200, "token.json");

    client().pollPushApproval(MFA_TOKEN, "Fe26.2*oob");

    assertEquals(Map.of("grant_type", "http://auth0.com/oauth/grant-type/mfa-oob", "mfa_token", MFA_TOKEN.value(),
        "oob_code", "Fe26.2*oob", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), form(take()));
  }

  @Test
  void oobPushPollPendingThrowsPending() {
    enqueueError(400, "authorization_pending", "Authorization pending: please repeat the request in a few seconds.");

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().pollPushApproval(MFA_TOKEN, "Fe26.2*oob"));

    assertEquals(ErrorReason.AUTHORIZATION_PENDING, e.reason());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void otp() {
    enqueueFixture(200, "token.json");

    client().verifyOtp(MFA_TOKEN, "853860");

    assertEquals(Map.of("grant_type", "http://auth0.com/oauth/grant-type/mfa-otp", "mfa_token", MFA_TOKEN.value(),
        "otp", "853860", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), form(take()));
  }

  @Test
  void recoveryCodeIsSentUpperCaseAndTheRotatedCodeIsReturned() {
    enqueueFixture(200, "token-recovery-code.json");

    Tokens tokens = client().verifyRecoveryCode(MFA_TOKEN, "m67lwv6zjgndugh43badw46n");

    assertEquals(Map.of("grant_type", "http://auth0.com/oauth/grant-type/mfa-recovery-code",
        "mfa_token", MFA_TOKEN.value(), "recovery_code", "M67LWV6ZJGNDUGH43BADW46N", "client_id", CLIENT_ID,
        "client_secret", CLIENT_SECRET), form(take()));
    assertEquals("17EQHNZC2SZDYG7X4QXVX9SW", tokens.recoveryCode());
    assertEquals("Bearer", tokens.tokenType());
    assertEquals(Duration.ofSeconds(86400), tokens.expiresIn());
  }
}
