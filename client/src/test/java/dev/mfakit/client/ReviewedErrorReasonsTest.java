package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mfakit.sandbox.SandboxTenant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * One test per row of the reviewed error answers (docs/protocol.md, "Errors"): the real sandbox answers over HTTP and
 * the client reads the answer as the reason a person expects. The answers' other forms (statuses the sandbox does
 * not use) are in {@link ReviewedErrorFixturesTest}.
 */
class ReviewedErrorReasonsTest extends SandboxTest {

  private static MfaApiException refused(Executable call) {
    return assertThrows(MfaApiException.class, call);
  }

  private static void assertAnswer(MfaApiException e, int status, String error, String description,
      ErrorReason reason) {
    assertEquals(reason, e.reason(), e.getMessage());
    assertEquals(status, e.status());
    assertEquals(error, e.error());
    assertEquals(description, e.errorDescription());
  }

  @Test
  void refusedApplicationCredentialsAreInvalidClientWhateverTheCall() {
    String user = newUser();
    Association enrolled = enrollSms(user, newPhone());
    MfaToken token = signIn(user).mfaToken();
    MfaClient wrongSecret = builder().clientSecret("not-the-secret").build();
    List<Executable> calls = List.of(
        () -> wrongSecret.signIn(PasswordSignIn.of(user, PASSWORD)),
        () -> wrongSecret.verifyOob(token, "Fe26.2*SERVER_1*x", "123456"),
        () -> wrongSecret.pollPushApproval(token, "Fe26.2*SERVER_1*x"),
        () -> wrongSecret.verifyOtp(token, "123456"),
        () -> wrongSecret.verifyRecoveryCode(token, enrolled.recoveryCodes().get(0)),
        () -> wrongSecret.challenge(token, ChallengeRequest.oob()));
    for (Executable call : calls) {
      // Once PUSH_REJECTED on the mfa-oob grant and UNKNOWN on sign-in: a person must check the credentials.
      assertAnswer(refused(call), 401, "access_denied", "Unauthorized", ErrorReason.INVALID_CLIENT);
    }
    assertEquals(List.of(), sleeper.sleeps, "never retried");
  }

  @Test
  void aGrantTheApplicationMayNotUseIsUnauthorizedClientWithItsErrorUri() {
    tenant.addClient("password-only", "secret", Set.of("password"));
    MfaClient app = builder().clientId("password-only").clientSecret("secret").build();
    String user = newUser();
    MfaToken token = signIn(app, PasswordSignIn.of(user, PASSWORD)).mfaToken();
    Association a = app.associate(token, Enrollment.sms(newPhone()));

    MfaApiException e = refused(() -> app.verifyOob(token, a.oobCode(), "123456"));

    assertAnswer(e, 403, "unauthorized_client",
        "Grant type 'http://auth0.com/oauth/grant-type/mfa-oob' not allowed for the client.",
        ErrorReason.UNAUTHORIZED_CLIENT);
    assertEquals("https://auth0.com/docs/clients/client-grant-types", e.errorUri());
    assertFalse(e.getMessage().contains("auth0.com/docs"), "the URI is data, not part of the message");

    // An application without the Password grant cannot even sign in.
    tenant.addClient("mfa-only", "secret", Set.of("http://auth0.com/oauth/grant-type/mfa-otp"));
    MfaApiException signIn = refused(() -> builder().clientId("mfa-only").clientSecret("secret").build()
        .signIn(PasswordSignIn.of(user, PASSWORD)));
    assertEquals(ErrorReason.UNAUTHORIZED_CLIENT, signIn.reason());
    assertEquals("Grant type 'password' not allowed for the client.", signIn.errorDescription());
  }

  @Test
  void aForeignMfaTokenOnTheMfaApiIsMfaTokenInvalid() {
    MfaToken foreign;
    try (SandboxTenant other = SandboxTenant.start()) {
      MfaClient there = MfaClient.builder().baseUrl(other.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).build();
      foreign = signIn(there, PasswordSignIn.of(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD)).mfaToken();
    }
    String text = "The mfa_token provided is invalid. Try getting a new token.";
    assertAnswer(refused(() -> client.associate(foreign, Enrollment.otp())), 401, "invalid_grant", text,
        ErrorReason.MFA_TOKEN_INVALID);
    assertAnswer(refused(() -> client.listAuthenticators(foreign)), 401, "invalid_grant", text,
        ErrorReason.MFA_TOKEN_INVALID);
    assertFalse(refused(() -> client.listAuthenticators(foreign)).getMessage().contains(foreign.value().substring(8, 40)));
  }

  @Test
  void associatingWithTheMfaTokenOfAnEnrolledUserIsAlreadyEnrolled() {
    String user = newUser();
    enrollSms(user, newPhone());
    MfaToken token = signIn(user).mfaToken();
    assertAnswer(refused(() -> client.associate(token, Enrollment.otp())), 403, "access_denied",
        "User is already enrolled.", ErrorReason.ALREADY_ENROLLED);
  }

  @Test
  void aWrongRecoveryCodeIsWrongRecoveryCodeNotARejectedPush() {
    String user = newUser();
    Association enrolled = enrollSms(user, newPhone());
    MfaToken token = signIn(user).mfaToken();
    String wrong = enrolled.recoveryCodes().get(0).startsWith("A") ? "B".repeat(24) : "A".repeat(24);
    assertAnswer(refused(() -> client.verifyRecoveryCode(token, wrong)), 403, "invalid_grant",
        "MFA Authorization rejected.", ErrorReason.WRONG_RECOVERY_CODE);
  }

  @Test
  void anMfaTokenOfAnotherApplicationIsMfaTokenInvalid() {
    tenant.addClient("other-app", "other-secret");
    MfaClient other = builder().clientId("other-app").clientSecret("other-secret").build();
    MfaToken token = signIn(newUser()).mfaToken();
    assertAnswer(refused(() -> other.verifyOtp(token, "123456")), 403, "invalid_request",
        "mfa_token not issued to this client", ErrorReason.MFA_TOKEN_INVALID);
  }

  @Test
  void anOobCodeOfAnotherSignInOrAGarbledOneIsOobCodeInvalid() {
    String user = newUser();
    String phone = newPhone();
    MfaToken first = signIn(user).mfaToken();
    MfaToken second = signIn(user).mfaToken();
    Association a = client.associate(first, Enrollment.sms(phone));
    String code = codeSentTo(phone);
    assertAnswer(refused(() -> client.verifyOob(second, a.oobCode(), code)), 403, "invalid_grant",
        "The oob_code doesn't match the mfa_token", ErrorReason.OOB_CODE_INVALID);
    assertAnswer(refused(() -> client.verifyOob(first, "Fe26.2*garbled", code)), 403, "invalid_grant",
        "Malformed oob_code", ErrorReason.OOB_CODE_INVALID);
  }

  @Test
  void anAudienceTheTenantHasNoApiForIsUnknownAudience() {
    String user = newUser();
    String nowhere = "https://acme.us.auth0.com/mfa/"; // another tenant's MFA API
    assertAnswer(refused(() -> client.signIn(PasswordSignIn.of(user, PASSWORD).withAudience(nowhere))), 403,
        "access_denied", "Service not found: " + nowhere, ErrorReason.UNKNOWN_AUDIENCE);

    tenant.addApi("https://api.example.com/");
    signIn(client, PasswordSignIn.of(user, PASSWORD).withAudience("https://api.example.com/")); // a registered API
  }
}
