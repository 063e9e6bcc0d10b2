package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A user with a factor adds another: passes MFA for an access token to the MFA API with {@code enroll}, associates
 * with it and confirms with it (docs/protocol.md, "Confirming an enrolment made with an access token").
 */
class AccessTokenEnrollmentTest extends SandboxTest {

  /** A user with an active phone, and an access token for the MFA API with {@code scope} after passing it. */
  private AccessToken enrolledUserPasses(String user, String phone, String scope) {
    MfaRequired first = signIn(user);
    Association a = client.associate(first.mfaToken(), Enrollment.sms(phone));
    client.verifyOob(first.mfaToken(), a.oobCode(), tenant.lastMessageTo(phone).code());
    MfaRequired again = signIn(client, PasswordSignIn.of(user, PASSWORD).withAudience(client.mfaAudience())
        .withScope(scope));
    Challenge c = client.challenge(again.mfaToken(), ChallengeRequest.oob());
    return client.verifyOob(again.mfaToken(), c.oobCode(), tenant.lastMessageTo(phone).code())
        .accessToken();
  }

  @Test
  void aSecondPhoneIsAssociatedAndConfirmedWithTheAccessToken() {
    String user = newUser();
    AccessToken access = enrolledUserPasses(user, newPhone(), "enroll read:authenticators");
    String second = newPhone();

    Association a = client.associate(access, Enrollment.sms(second));
    Tokens tokens = client.verifyOob(access, a.oobCode(), tenant.lastMessageTo(second).code());

    assertEquals("enroll read:authenticators", tokens.scope());
    List<Authenticator> list = client.listAuthenticators(access);
    assertEquals(2, list.stream().filter(x -> x.active() && x.oobChannel() == OobChannel.SMS).count(), list::toString);
  }

  @Test
  void anAuthenticatorAppIsConfirmedWithTheAccessToken() {
    String user = newUser();
    AccessToken access = enrolledUserPasses(user, newPhone(), "enroll read:authenticators");

    Association app = client.associate(access, Enrollment.otp());
    client.verifyOtp(access, Totp.fromBase32(app.secret()).codeAt(tenant.now()));

    assertTrue(client.listAuthenticators(access).stream()
        .anyMatch(x -> x.active() && x.authenticatorType() == AuthenticatorType.OTP));
  }

  @Test
  void anMfaTokenOfTheSameUserDoesNotConfirmIt() {
    String user = newUser();
    AccessToken access = enrolledUserPasses(user, newPhone(), "enroll");
    String second = newPhone();
    Association a = client.associate(access, Enrollment.sms(second));
    MfaToken other = signIn(user).mfaToken();

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.verifyOob(other, a.oobCode(), tenant.lastMessageTo(second).code()));

    assertEquals(ErrorReason.OOB_CODE_INVALID, e.reason());
  }
}
