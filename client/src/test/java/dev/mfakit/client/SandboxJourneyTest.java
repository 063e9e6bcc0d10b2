package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Whole user journeys: the real client against the sandbox tenant over HTTP. */
class SandboxJourneyTest extends SandboxTest {

  // ---- first enrollment, one test per factor ------------------------------------------------------------

  @Test
  void smsEnrollment() {
    String user = newUser();
    String phone = newPhone();

    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.sms(phone));
    assertEquals(AuthenticatorType.OOB, a.authenticatorType());
    assertEquals(OobChannel.SMS, a.oobChannel());
    assertTrue(a.needsBindingCode());
    assertEquals(1, a.recoveryCodes().size());
    SentMessage sms = tenant.lastMessageTo(phone);
    assertEquals("sms", sms.channel());
    assertTrue(sms.code().matches("[0-9]{6}"));

    Tokens tokens = client.verifyOob(required.mfaToken(), a.oobCode(), sms.code());

    assertEquals("Bearer", tokens.tokenType());
    assertTrue(tokens.accessToken().value().startsWith("eyJ"));
    assertNotNull(tokens.idToken()); // default scope "openid profile"
    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    Authenticator smsEntry = only(list, OobChannel.SMS);
    assertTrue(smsEntry.active());
    assertTrue(smsEntry.id().startsWith("sms|dev_"));
    assertEquals("XXXXXXXX" + phone.substring(phone.length() - 4), smsEntry.name());
    Authenticator voiceTwin = only(list, OobChannel.VOICE);
    assertTrue(voiceTwin.active());
    assertEquals(smsEntry.id().substring(4), voiceTwin.id().substring(6)); // twins share the suffix
    assertTrue(recoveryEntry(list).active());
    assertEquals(3, list.size());
  }

  @Test
  void voiceEnrollment() {
    String user = newUser();
    String phone = newPhone();

    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.voice(phone));
    assertEquals(OobChannel.VOICE, a.oobChannel());
    SentMessage call = tenant.lastMessageTo(phone);
    assertEquals("voice", call.channel());
    client.verifyOob(required.mfaToken(), a.oobCode(), call.code());

    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    assertTrue(only(list, OobChannel.VOICE).active());
    assertTrue(only(list, OobChannel.SMS).active());
    assertTrue(recoveryEntry(list).active());
  }

  @Test
  void emailEnrollment() {
    String user = newUser();
    String address = "inbox-" + user;

    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.email(address));
    assertEquals(OobChannel.EMAIL, a.oobChannel());
    assertTrue(a.needsBindingCode());
    SentMessage mail = tenant.lastMessageTo(address);
    assertEquals("email", mail.channel());
    client.verifyOob(required.mfaToken(), a.oobCode(), mail.code());

    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    Authenticator email = only(list, OobChannel.EMAIL);
    assertTrue(email.active());
    assertTrue(email.id().startsWith("email|"));
    assertNotEquals(address, email.name()); // the tenant masks it
    assertTrue(recoveryEntry(list).active());
    assertEquals(2, list.size());
  }

  @Test
  void otpEnrollmentWithOurOwnTotp() {
    String user = newUser();

    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.otp());
    assertEquals(AuthenticatorType.OTP, a.authenticatorType());
    assertNull(a.oobCode());
    assertTrue(a.secret().matches("[A-Z2-7]{32}"));
    assertTrue(a.barcodeUri().startsWith("otpauth://totp/"));
    assertTrue(a.barcodeUri().contains("secret=" + a.secret()));
    assertEquals(List.of(), tenant.messages()); // nothing is sent for an app

    Tokens tokens = client.verifyOtp(required.mfaToken(), Rfc6238.code(a.secret(), tenant.now()));

    assertNotNull(tokens.accessToken());
    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    Authenticator otp = list.stream().filter(x -> x.authenticatorType() == AuthenticatorType.OTP).findFirst()
        .orElseThrow();
    assertTrue(otp.active());
    assertTrue(otp.id().startsWith("totp|"));
    assertTrue(recoveryEntry(list).active());
  }

  @Test
  void pushEnrollmentApprovedFromAnotherThread() {
    String user = newUser();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.push());
    assertEquals(OobChannel.AUTH0, a.oobChannel());
    assertFalse(a.needsBindingCode());
    assertTrue(a.barcodeUri().startsWith("otpauth://"));
    // The user opens the app and approves while the client waits for its second poll.
    sleeper.afterSleep = n -> {
      if (n == 1) {
        onAnotherThread(() -> tenant.approvePush(user));
      }
    };

    Tokens tokens = client.awaitPushApproval(required.mfaToken(), a.oobCode(), Duration.ofMinutes(2));

    assertNotNull(tokens.accessToken());
    assertEquals(List.of(Duration.ofSeconds(5)), sleeper.sleeps); // one pending poll, one wait, then approved
    assertEquals(1, answered("POST /oauth/token 400")); // authorization_pending
    assertEquals(1, answered("POST /oauth/token 200"));
    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    assertTrue(only(list, OobChannel.AUTH0).active());
    assertTrue(recoveryEntry(list).active());
  }

  @Test
  void pushEnrollmentRejected() {
    String user = newUser();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.push());
    sleeper.afterSleep = n -> {
      if (n == 2) {
        onAnotherThread(() -> tenant.rejectPush(user));
      }
    };

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.awaitPushApproval(required.mfaToken(), a.oobCode(), Duration.ofMinutes(2)));

    assertEquals(ErrorReason.PUSH_REJECTED, e.reason());
    assertEquals("access_denied", e.error());
    assertEquals(2, sleeper.sleeps.size()); // stopped at the first answer after the rejection
    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    assertFalse(only(list, OobChannel.AUTH0).active());
    // The rejection used the oob_code up: polling it again is refused, never approved.
    MfaApiException again = assertThrows(MfaApiException.class,
        () -> client.pollPushApproval(required.mfaToken(), a.oobCode()));
    assertEquals(ErrorReason.OOB_CODE_INVALID, again.reason());
  }

  // ---- users who already have a factor ------------------------------------------------------------------

  @Test
  void signInWithEnrolledSms() {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone);
    String enrollmentCode = codeSentTo(phone);

    MfaRequired required = signIn(user);
    List<Authenticator> list = client.listAuthenticators(required.mfaToken());
    Authenticator sms = only(list, OobChannel.SMS);
    Challenge challenge = client.challenge(required.mfaToken(), ChallengeRequest.forAuthenticator(sms));
    assertEquals(ChallengeType.OOB, challenge.challengeType());
    assertEquals(BindingMethod.PROMPT, challenge.bindingMethod());
    SentMessage sent = tenant.lastMessageTo(phone);
    assertEquals("sms", sent.channel());
    assertFalse(sent.text().contains("enrollment"));
    assertEquals(2, tenant.messages().size());

    Tokens tokens = client.verifyOob(required.mfaToken(), challenge.oobCode(), sent.code());

    assertNotNull(tokens.accessToken());
    // The enrollment's oob_code was used up; it never works again, whatever the code.
    assertThrows(MfaApiException.class,
        () -> client.verifyOob(required.mfaToken(), challenge.oobCode(), enrollmentCode));
  }

  @Test
  void signInWithEnrolledVoiceTwinOfSms() {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone);

    MfaRequired required = signIn(user);
    Authenticator voice = only(client.listAuthenticators(required.mfaToken()), OobChannel.VOICE);
    Challenge challenge = client.challenge(required.mfaToken(), ChallengeRequest.forAuthenticator(voice));
    SentMessage call = tenant.lastMessageTo(phone);
    assertEquals("voice", call.channel());

    assertNotNull(client.verifyOob(required.mfaToken(), challenge.oobCode(), call.code()).accessToken());
  }

  @Test
  void signInWithEnrolledOtp() {
    String user = newUser();
    Association enrolled = enrollOtp(user);
    tenant.advanceClock(Duration.ofSeconds(30)); // each 30-second code works once

    MfaRequired required = signIn(user);
    Authenticator otp = client.listAuthenticators(required.mfaToken()).stream()
        .filter(a -> a.authenticatorType() == AuthenticatorType.OTP).findFirst().orElseThrow();
    Challenge challenge = client.challenge(required.mfaToken(), ChallengeRequest.forAuthenticator(otp));
    assertEquals(ChallengeType.OTP, challenge.challengeType());
    assertNull(challenge.oobCode());
    String code = Rfc6238.code(enrolled.secret(), tenant.now());

    assertNotNull(client.verifyOtp(required.mfaToken(), code).accessToken());

    // The same code in the same step is refused: a TOTP is one-time.
    MfaRequired again = signIn(user);
    MfaApiException e = assertThrows(MfaApiException.class, () -> client.verifyOtp(again.mfaToken(), code));
    assertEquals(ErrorReason.WRONG_OTP, e.reason());
  }

  @Test
  void signInWithEnrolledPushApprovedFromAnotherThread() {
    String user = newUser();
    MfaRequired first = signIn(user);
    Association a = client.associate(first.mfaToken(), Enrollment.push());
    tenant.approvePush(user);
    client.pollPushApproval(first.mfaToken(), a.oobCode());

    MfaRequired required = signIn(user);
    Authenticator push = only(client.listAuthenticators(required.mfaToken()), OobChannel.AUTH0);
    Challenge challenge = client.challenge(required.mfaToken(), ChallengeRequest.forAuthenticator(push));
    assertEquals(ChallengeType.OOB, challenge.challengeType());
    assertNull(challenge.bindingMethod());
    sleeper.afterSleep = n -> onAnotherThread(() -> tenant.approvePush(user));

    assertNotNull(client.awaitPushApproval(required.mfaToken(), challenge.oobCode(), Duration.ofMinutes(1)));
    assertEquals(1, sleeper.sleeps.size());
  }

  @Test
  void recoveryCodeSignInRotatesTheCode() {
    String user = newUser();
    String original = enrollSms(user, newPhone()).recoveryCodes().get(0);
    assertTrue(original.matches("[1-9A-HJ-NP-Z]{24}"));

    Tokens tokens = client.verifyRecoveryCode(signIn(user).mfaToken(), original);
    String rotated = tokens.recoveryCode();
    assertNotNull(rotated);
    assertNotEquals(original, rotated);

    MfaApiException old = assertThrows(MfaApiException.class,
        () -> client.verifyRecoveryCode(signIn(user).mfaToken(), original));
    assertEquals(ErrorReason.WRONG_RECOVERY_CODE, old.reason());
    // Case does not matter to the user: the client sends it upper-case.
    Tokens next = client.verifyRecoveryCode(signIn(user).mfaToken(), rotated.toLowerCase(java.util.Locale.ROOT));
    assertNotNull(next.accessToken());
    assertNotEquals(rotated, next.recoveryCode());
  }

  @Test
  void passwordRealmGrantAndUserWithoutMfa() {
    String user = newUser();
    assertInstanceOf(MfaRequired.class, client.signIn(PasswordSignIn.of(user, PASSWORD).withRealm(SandboxTenant.REALM)));
    tenant.addUserWithoutMfa("plain@example.com", PASSWORD);
    Tokens tokens = assertInstanceOf(Tokens.class, client.signIn(PasswordSignIn.of("plain@example.com", PASSWORD)));
    assertEquals(Duration.ofSeconds(86_400), tokens.expiresIn());

    MfaApiException wrong = assertThrows(MfaApiException.class,
        () -> client.signIn(PasswordSignIn.of(user, "not the password")));
    assertEquals(ErrorReason.WRONG_CREDENTIALS, wrong.reason());
    assertEquals(403, wrong.status());
  }

  // ---- a second factor and deletion, with access tokens for the /mfa/ audience ----------------------------

  @Test
  void secondFactorNeedsAnAccessTokenWithEnroll() {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone);

    MfaRequired required = signInForMfaApi(user, "enroll read:authenticators");
    // The mfa_token alone no longer enrolls anything once a factor is active.
    MfaApiException refused = assertThrows(MfaApiException.class,
        () -> client.associate(required.mfaToken(), Enrollment.otp()));
    assertEquals(ErrorReason.ALREADY_ENROLLED, refused.reason());
    Tokens tokens = passSmsChallenge(required.mfaToken(), phone);
    assertEquals(Duration.ofSeconds(600), tokens.expiresIn());
    assertEquals("enroll read:authenticators", tokens.scope());

    Association otp = client.associate(tokens.accessToken(), Enrollment.otp());
    assertEquals(List.of(), otp.recoveryCodes()); // only the first enrollment shows one
    client.verifyOtp(required.mfaToken(), Rfc6238.code(otp.secret(), tenant.now()));

    List<Authenticator> list = client.listAuthenticators(tokens.accessToken());
    assertEquals(Set.of("sms", "voice", "totp", "recovery-code"),
        list.stream().map(a -> a.id().substring(0, a.id().indexOf('|'))).collect(Collectors.toSet()));
    assertTrue(list.stream().allMatch(Authenticator::active));
  }

  @Test
  void deleteNeedsAnAccessTokenWithRemoveAuthenticators() {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone);
    MfaRequired required = signInForMfaApi(user, "read:authenticators remove:authenticators");
    Tokens tokens = passSmsChallenge(required.mfaToken(), phone);
    Authenticator sms = only(client.listAuthenticators(tokens.accessToken()), OobChannel.SMS);

    // An mfa_token in the access-token slot: the tenant wants the scope, and the client says so.
    MfaApiException withMfaToken = assertThrows(MfaApiException.class,
        () -> client.deleteAuthenticator(AccessToken.of(required.mfaToken().value()), sms.id()));
    assertEquals(ErrorReason.INSUFFICIENT_SCOPE, withMfaToken.reason());
    assertEquals(403, withMfaToken.status());
    assertFalse(withMfaToken.getMessage().contains(required.mfaToken().value()));

    MfaApiException unknown = assertThrows(MfaApiException.class,
        () -> client.deleteAuthenticator(tokens.accessToken(), "sms|dev_0000000000000000"));
    assertEquals(ErrorReason.NOT_FOUND, unknown.reason());
    assertEquals(404, unknown.status());

    client.deleteAuthenticator(tokens.accessToken(), sms.id());

    // Deleting SMS takes its voice twin along; the recovery code stays.
    List<Authenticator> left = client.listAuthenticators(tokens.accessToken());
    assertEquals(List.of(AuthenticatorType.RECOVERY_CODE),
        left.stream().map(Authenticator::authenticatorType).toList());
    MfaApiException twice = assertThrows(MfaApiException.class,
        () -> client.deleteAuthenticator(tokens.accessToken(), sms.id()));
    assertEquals(ErrorReason.NOT_FOUND, twice.reason());
    assertEquals(1, answered("DELETE /mfa/authenticators/" + "sms%7C" + sms.id().substring(4) + " 204"));
  }

  @Test
  void accessTokenWithoutTheScopeIsRefused() {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone);
    Tokens tokens = passSmsChallenge(signInForMfaApi(user, "read:authenticators").mfaToken(), phone);
    Authenticator sms = only(client.listAuthenticators(tokens.accessToken()), OobChannel.SMS);

    MfaApiException delete = assertThrows(MfaApiException.class,
        () -> client.deleteAuthenticator(tokens.accessToken(), sms.id()));
    assertEquals(ErrorReason.INSUFFICIENT_SCOPE, delete.reason());
    MfaApiException enroll = assertThrows(MfaApiException.class,
        () -> client.associate(tokens.accessToken(), Enrollment.otp()));
    assertEquals(ErrorReason.INSUFFICIENT_SCOPE, enroll.reason());
    // A token for another audience (the default userinfo one) is no token for /mfa/ at all.
    Tokens userinfo = passSmsChallenge(signIn(user).mfaToken(), phone);
    MfaApiException audience = assertThrows(MfaApiException.class,
        () -> client.deleteAuthenticator(userinfo.accessToken(), sms.id()));
    assertEquals(ErrorReason.INVALID_TOKEN, audience.reason());
    assertEquals(401, audience.status());
  }

  private static Authenticator only(List<Authenticator> list, OobChannel channel) {
    List<Authenticator> matching = list.stream().filter(a -> a.oobChannel() == channel).toList();
    assertEquals(1, matching.size(), "one " + channel + " authenticator in " + list);
    return matching.get(0);
  }

  private static Authenticator recoveryEntry(List<Authenticator> list) {
    List<Authenticator> matching = list.stream()
        .filter(a -> a.authenticatorType() == AuthenticatorType.RECOVERY_CODE).toList();
    assertEquals(1, matching.size(), "one recovery-code entry in " + list);
    assertTrue(matching.get(0).id().startsWith("recovery-code|"));
    return matching.get(0);
  }
}
