package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class ChallengeTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");

  @Test
  void otpChallengeOfATotpAuthenticator() {
    enqueue(200, "{\"challenge_type\":\"otp\"}");

    Challenge c = client().challenge(MFA_TOKEN, ChallengeRequest.forAuthenticatorId("totp|dev_id"));

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod());
    assertEquals("/mfa/challenge", r.getUrl().encodedPath());
    assertCommonHeaders(r);
    assertNull(r.getHeaders().get("Authorization"));
    // The recorded go-auth0 request, field for field.
    assertEquals(Map.of("authenticator_id", "totp|dev_id", "challenge_type", "otp", "client_id", CLIENT_ID,
        "client_secret", CLIENT_SECRET, "mfa_token", "mfa-token"), json(r));
    assertEquals(ChallengeType.OTP, c.challengeType());
    assertNull(c.oobCode());
    assertNull(c.bindingMethod());
  }

  @Test
  void pushChallengeReturnsAnOobCodeWithoutBindingMethod() {
    enqueue(200, "{\"challenge_type\":\"oob\",\"oob_code\":\"<sanitized>\"}");

    Challenge c = client().challenge(MFA_TOKEN, ChallengeRequest.forAuthenticatorId("push|dev_ADbB4Y2ozSOwynKu"));

    assertEquals(Map.of("authenticator_id", "push|dev_ADbB4Y2ozSOwynKu", "challenge_type", "oob",
        "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "mfa_token", "mfa-token"), json(take()));
    assertEquals(ChallengeType.OOB, c.challengeType());
    assertEquals("<sanitized>", c.oobCode());
    assertNull(c.bindingMethod());
  }

  @Test
  void smsChallengeNeedsABindingCode() {
    enqueue(200, "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"abcde\"}");

    Challenge c = client().challenge(MFA_TOKEN, ChallengeRequest.oob());

    assertEquals(Map.of("challenge_type", "oob", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET,
        "mfa_token", "mfa-token"), json(take()));
    assertEquals(BindingMethod.PROMPT, c.bindingMethod());
  }

  @Test
  void anyChallengeSendsNoTypeAndTypeIsInferredFromAListedAuthenticator() {
    enqueue(200, "{\"challenge_type\":\"oob\",\"oob_code\":\"x\"}");
    enqueue(200, "{\"challenge_type\":\"otp\"}");
    MfaClient client = client();

    client.challenge(MFA_TOKEN, ChallengeRequest.any());
    client.challenge(MFA_TOKEN, ChallengeRequest.forAuthenticator(
        new Authenticator("totp|dev_WzMZ2sZbUw1wbC2F", AuthenticatorType.OTP, true, null, null)));

    assertEquals(Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "mfa_token", "mfa-token"),
        json(take()));
    assertEquals("otp", json(take()).get("challenge_type"));
    assertEquals(ChallengeType.OOB, ChallengeRequest.forAuthenticator(new Authenticator("sms|dev_x",
        AuthenticatorType.OOB, true, OobChannel.SMS, null)).challengeType());
    assertEquals(ChallengeType.OTP, ChallengeRequest.otp().challengeType());
  }

  @Test
  void unsupportedChallengeType() {
    enqueueError(401, "unsupported_challenge_type",
        "User does not have any enrolled authenticator with the supported challenge type (oob)");

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().challenge(MFA_TOKEN,
        ChallengeRequest.oob()));

    assertEquals(ErrorReason.UNSUPPORTED_CHALLENGE_TYPE, e.reason());
    assertEquals(401, e.status());
  }
}
