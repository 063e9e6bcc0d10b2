package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.Factor;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tenant settings and lifetimes as the client reads them: requirements, disabled factors, token expiries. */
class SandboxTenantSettingsTest extends SandboxTest {

  @Test
  void mfaRequirementsAndTheTypeFieldWhenTheTenantSendsThem() {
    tenant.setMfaRequirementsIncluded(true);
    tenant.setFactorEnabled(Factor.EMAIL, false);
    String user = newUser();

    MfaRequired before = signIn(user);
    assertEquals(List.of(FactorType.PHONE, FactorType.OTP, FactorType.PUSH_NOTIFICATION), before.requirements().enroll());
    assertEquals(List.of(), before.requirements().challenge());
    enrollSms(user, newPhone());
    MfaRequired after = signIn(user);

    // The docs' example lists the recovery code among the challenge types too.
    assertEquals(List.of(FactorType.PHONE, FactorType.RECOVERY_CODE), after.requirements().challenge());
    assertEquals(List.of(), after.requirements().enroll());
    List<Authenticator> list = client.listAuthenticators(after.mfaToken());
    // The listed "type" (phone, phone, recovery-code) agrees with the older fields the client reads.
    assertEquals(List.of(AuthenticatorType.OOB, AuthenticatorType.OOB, AuthenticatorType.RECOVERY_CODE),
        list.stream().map(Authenticator::authenticatorType).toList());
    assertEquals(Arrays.asList(OobChannel.SMS, OobChannel.VOICE, null),
        list.stream().map(Authenticator::oobChannel).toList());
  }

  @Test
  void withoutRequirementsTheClientSeesNone() {
    MfaRequired required = signIn(newUser());
    assertEquals(MfaRequirements.none(), required.requirements());
  }

  @Test
  void aDisabledFactorIsAnInvalidRequest() {
    tenant.setFactorEnabled(Factor.VOICE, false);
    String user = newUser();
    String phone = newPhone();
    MfaRequired required = signIn(user);

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.associate(required.mfaToken(), Enrollment.voice(phone)));

    assertEquals(ErrorReason.INVALID_REQUEST, e.reason());
    assertEquals(400, e.status());
    assertTrue(tenant.messages().isEmpty());
    // SMS still works, and without its voice twin.
    Association a = client.associate(required.mfaToken(), Enrollment.sms(phone));
    client.verifyOob(required.mfaToken(), a.oobCode(), codeSentTo(phone));
    assertEquals(Arrays.asList(OobChannel.SMS, null), client.listAuthenticators(required.mfaToken()).stream()
        .map(Authenticator::oobChannel).toList());
  }

  @Test
  void withoutRecoveryCodesNoneIsIssued() {
    tenant.setRecoveryCodesEnabled(false);
    Association a = enrollSms(newUser(), newPhone());
    assertEquals(List.of(), a.recoveryCodes());
  }

  @Test
  void tokenLifetimesAsTheClientComputesThem() {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone);
    MfaRequired required = signInForMfaApi(user, "openid offline_access read:authenticators");
    assertEquals(tenant.now().plus(Duration.ofMinutes(10)), required.mfaToken().expiresAt());
    Tokens tokens = passSmsChallenge(required.mfaToken(), phone);
    assertEquals(tenant.now().plus(Duration.ofSeconds(600)), tokens.accessToken().expiresAt());
    assertNotNull(tokens.refreshToken());
    assertNotNull(tokens.idToken());
    client.listAuthenticators(tokens.accessToken());

    tenant.advanceClock(Duration.ofSeconds(600));

    MfaApiException e = assertThrows(MfaApiException.class, () -> client.listAuthenticators(tokens.accessToken()));
    assertEquals(ErrorReason.INVALID_TOKEN, e.reason());
    assertEquals("Expired token", e.errorDescription());
  }

  @Test
  void deletingPushAlsoDeletesItsTotpTwin() {
    String user = newUser();
    MfaRequired first = signIn(user);
    Association push = client.associate(first.mfaToken(), Enrollment.push());
    tenant.approvePush(user);
    client.pollPushApproval(first.mfaToken(), push.oobCode());
    MfaRequired required = signInForMfaApi(user, "read:authenticators remove:authenticators");
    Challenge challenge = client.challenge(required.mfaToken(), ChallengeRequest.oob());
    tenant.approvePush(user);
    Tokens tokens = client.pollPushApproval(required.mfaToken(), challenge.oobCode());
    List<Authenticator> list = client.listAuthenticators(tokens.accessToken());
    assertEquals(3, list.size()); // push, its TOTP twin, recovery code
    Authenticator pushEntry = list.stream().filter(a -> a.oobChannel() == OobChannel.AUTH0).findFirst().orElseThrow();

    client.deleteAuthenticator(tokens.accessToken(), pushEntry.id());

    assertEquals(List.of(AuthenticatorType.RECOVERY_CODE), client.listAuthenticators(tokens.accessToken()).stream()
        .map(Authenticator::authenticatorType).toList());
    // With no factor left, the mfa_token may enroll again.
    assertNotNull(client.associate(signIn(user).mfaToken(), Enrollment.otp()).secret());
  }
}
