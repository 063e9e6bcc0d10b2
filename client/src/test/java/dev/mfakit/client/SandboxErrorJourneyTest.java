package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every error a journey can meet, produced by the real tenant and read by the real client. */
class SandboxErrorJourneyTest extends SandboxTest {

  @Test
  void wrongBindingCodeThenTheRightOne() {
    String user = newUser();
    String phone = newPhone();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.sms(phone));
    String code = codeSentTo(phone);

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.verifyOob(required.mfaToken(), a.oobCode(), wrong(code)));
    assertEquals(ErrorReason.WRONG_BINDING_CODE, e.reason());
    assertEquals(403, e.status());
    assertEquals("invalid_grant", e.error());
    assertFalse(e.getMessage().contains(wrong(code)));
    assertFalse(e.getMessage().contains(a.oobCode()));

    assertNotNull(client.verifyOob(required.mfaToken(), a.oobCode(), code).accessToken());
    assertTrue(tenant.authenticators(user).stream().allMatch(x -> x.active()));
  }

  @Test
  void wrongOtp() {
    String user = newUser();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.otp());
    String right = Rfc6238.code(a.secret(), tenant.now());

    MfaApiException e = assertThrows(MfaApiException.class, () -> client.verifyOtp(required.mfaToken(), wrong(right)));

    assertEquals(ErrorReason.WRONG_OTP, e.reason());
    assertEquals("Invalid otp_code.", e.errorDescription());
    assertFalse(tenant.authenticators(user).get(0).active());
    assertNotNull(client.verifyOtp(required.mfaToken(), right));
  }

  @Test
  void expiredOobCode() {
    String user = newUser();
    String phone = newPhone();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.sms(phone));
    assertEquals(tenant.now().plus(Duration.ofMinutes(5)).getEpochSecond(), a.oobCodeExpiresAt().getEpochSecond(), 1);
    tenant.advanceClock(Duration.ofMinutes(5));

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.verifyOob(required.mfaToken(), a.oobCode(), codeSentTo(phone)));

    assertEquals(ErrorReason.OOB_CODE_EXPIRED, e.reason());
    assertEquals("oob_code is expired", e.errorDescription());
    // The mfa_token (10 minutes) still works: associating again sends a fresh code.
    Association again = client.associate(required.mfaToken(), Enrollment.sms(phone));
    assertNotNull(client.verifyOob(required.mfaToken(), again.oobCode(), codeSentTo(phone)));
  }

  @Test
  void expiredMfaTokenInTheBodyAndInTheBearerSlot() {
    String user = newUser();
    String phone = newPhone();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.sms(phone));
    tenant.advanceClock(Duration.ofMinutes(10));

    MfaApiException verify = assertThrows(MfaApiException.class,
        () -> client.verifyOob(required.mfaToken(), a.oobCode(), codeSentTo(phone)));
    MfaApiException associate = assertThrows(MfaApiException.class,
        () -> client.associate(required.mfaToken(), Enrollment.sms(phone)));
    MfaApiException list = assertThrows(MfaApiException.class,
        () -> client.listAuthenticators(required.mfaToken()));
    MfaApiException challenge = assertThrows(MfaApiException.class,
        () -> client.challenge(required.mfaToken(), ChallengeRequest.oob()));

    assertEquals(ErrorReason.MFA_TOKEN_EXPIRED, verify.reason());
    assertEquals(403, verify.status());
    assertEquals(ErrorReason.MFA_TOKEN_EXPIRED, associate.reason());
    assertEquals(401, associate.status());
    assertEquals(ErrorReason.MFA_TOKEN_EXPIRED, list.reason());
    assertEquals(ErrorReason.MFA_TOKEN_EXPIRED, challenge.reason());
    assertEquals(1, tenant.messages().size()); // the refused associate sent nothing
    // Signing in again starts over.
    assertNotNull(signIn(user).mfaToken());
  }

  @Test
  void anMfaTokenTheTenantDidNotIssueIsInvalidInABodyAndInTheBearerSlot() {
    MfaToken bogus = MfaToken.of("Fe26.2**not-a-token-this-tenant-issued");
    MfaToken notEvenShaped = MfaToken.of("eyJhbGciOiJIUzI1NiJ9.e30.c2ln");

    MfaApiException grant = assertThrows(MfaApiException.class, () -> client.verifyOtp(bogus, "123456"));
    MfaApiException challenge = assertThrows(MfaApiException.class,
        () -> client.challenge(notEvenShaped, ChallengeRequest.any()));
    MfaApiException bearer = assertThrows(MfaApiException.class,
        () -> client.associate(bogus, Enrollment.otp()));

    assertEquals(ErrorReason.MFA_TOKEN_INVALID, grant.reason());
    assertEquals("Malformed mfa_token", grant.errorDescription());
    assertEquals(ErrorReason.MFA_TOKEN_INVALID, challenge.reason());
    assertEquals(ErrorReason.MFA_TOKEN_INVALID, bearer.reason());
    assertEquals("The mfa_token provided is invalid. Try getting a new token.", bearer.errorDescription());
    assertEquals(401, bearer.status());
    for (MfaApiException e : List.of(grant, challenge, bearer)) {
      assertFalse(e.getMessage().contains("not-a-token"), e.getMessage());
    }
  }

  @Test
  void lockAfterTenFailedCodesIsNotRetried() {
    String user = newUser();
    Association otp = enrollOtp(user);
    tenant.advanceClock(Duration.ofSeconds(30));
    MfaRequired required = signIn(user);
    String right = Rfc6238.code(otp.secret(), tenant.now());

    for (int i = 0; i < 10; i++) {
      MfaApiException e = assertThrows(MfaApiException.class, () -> client.verifyOtp(required.mfaToken(), wrong(right)));
      assertEquals(ErrorReason.WRONG_OTP, e.reason(), "attempt " + (i + 1));
    }
    MfaApiException locked = assertThrows(MfaApiException.class, () -> client.verifyOtp(required.mfaToken(), right));

    assertEquals(ErrorReason.TOO_MANY_ATTEMPTS, locked.reason());
    assertEquals(429, locked.status());
    assertEquals(List.of(), sleeper.sleeps); // a 429 the client must not wait out
    assertEquals(1, answered("POST /oauth/token 429"));
    // The lock also covers binding codes and recovery codes of that user.
    MfaApiException recovery = assertThrows(MfaApiException.class,
        () -> client.verifyRecoveryCode(required.mfaToken(), otp.recoveryCodes().get(0)));
    assertEquals(ErrorReason.TOO_MANY_ATTEMPTS, recovery.reason());
    // One more try every 6 minutes.
    tenant.advanceClock(Duration.ofMinutes(6));
    assertNotNull(client.verifyOtp(required.mfaToken(), Rfc6238.code(otp.secret(), tenant.now())));
  }

  @Test
  void smsSendLimitFailsAtOnceWithTheResetAnHourAhead() {
    String user = newUser();
    String phone = newPhone();
    MfaRequired required = signIn(user);
    for (int i = 0; i < 10; i++) {
      client.associate(required.mfaToken(), Enrollment.sms(phone));
    }
    Instant now = tenant.now();

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.associate(required.mfaToken(), Enrollment.voice(phone)));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    assertEquals(429, e.status());
    assertEquals("too_many_requests", e.error());
    RateLimit rl = e.rateLimit();
    assertEquals(0, rl.remaining());
    Duration untilReset = Duration.between(now, rl.reset());
    assertTrue(untilReset.compareTo(Duration.ofMinutes(59)) > 0 && untilReset.compareTo(Duration.ofMinutes(61)) < 0,
        "reset in " + untilReset);
    assertTrue(rl.retryAfter().compareTo(Duration.ofMinutes(59)) > 0, "retry after " + rl.retryAfter());
    assertEquals(List.of(), sleeper.sleeps); // over the 30 s cap: no wait, no retry
    assertEquals(1, answered("POST /mfa/associate 429"));
    assertEquals(10, tenant.messages().size());
  }

  @Test
  void globalRateLimitIsWaitedOutByTheRetryLoop() {
    tenant.setRateLimit(2, 2);
    String user = newUser();

    for (int i = 0; i < 3; i++) {
      signIn(user); // the third meets an empty bucket
    }

    assertEquals(1, answered("POST /oauth/token 429"));
    assertEquals(3, answered("POST /oauth/token 403"));
    // Retry-After says 1 s (a token per 500 ms, rounded up to whole seconds).
    assertEquals(List.of(Duration.ofSeconds(1)), sleeper.sleeps);
  }

  @Test
  void globalRateLimitBeyondTheCapFailsAtOnce() {
    tenant.setRateLimit(1, 1);
    MfaClient patient = builder().retryPolicy(new RetryPolicy(3, Duration.ofMillis(500), Duration.ZERO,
        Duration.ZERO)).build();
    String user = newUser();
    signIn(patient, PasswordSignIn.of(user, PASSWORD));

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> patient.signIn(PasswordSignIn.of(user, PASSWORD)));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    assertEquals(Duration.ofSeconds(1), e.rateLimit().retryAfter());
    assertEquals(List.of(), sleeper.sleeps); // 1 s is over this client's 500 ms cap
  }

  @Test
  void pollingFasterThanAllowedMeetsSlowDownAndTheClientBacksOff() {
    String user = newUser();
    MfaRequired required = signIn(user);
    Association a = client.associate(required.mfaToken(), Enrollment.push());
    // A hasty caller polls 12 times at once: all pending, and the 13th is told to slow down.
    for (int i = 0; i < 12; i++) {
      MfaApiException pending = assertThrows(MfaApiException.class,
          () -> client.pollPushApproval(required.mfaToken(), a.oobCode()));
      assertEquals(ErrorReason.AUTHORIZATION_PENDING, pending.reason());
    }
    MfaApiException slow = assertThrows(MfaApiException.class,
        () -> client.pollPushApproval(required.mfaToken(), a.oobCode()));
    assertEquals(ErrorReason.SLOW_DOWN, slow.reason());
    assertEquals(400, slow.status());

    // awaitPushApproval starts into the empty bucket, slows down by 5 s and then gets through.
    sleeper.afterSleep = n -> {
      if (n == 2) {
        onAnotherThread(() -> tenant.approvePush(user));
      }
    };
    assertNotNull(client.awaitPushApproval(required.mfaToken(), a.oobCode(), Duration.ofMinutes(2)));

    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10)), sleeper.sleeps);
    assertEquals(12 + 1 + 1 + 1, answered("POST /oauth/token 400")); // pending x12, slow_down x2, pending
    assertEquals(1, answered("POST /oauth/token 200"));
  }
}
