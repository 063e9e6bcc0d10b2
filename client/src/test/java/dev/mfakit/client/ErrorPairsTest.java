package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** One case per error pair of docs/protocol.md, "Errors" (and the variants clients have met). */
class ErrorPairsTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");

  enum Call {
    SIGN_IN(c -> c.signIn(PasswordSignIn.of("u", "p"))),
    VERIFY_OOB(c -> c.verifyOob(MFA_TOKEN, "oob-code", "123456")),
    POLL_PUSH(c -> c.pollPushApproval(MFA_TOKEN, "oob-code")),
    VERIFY_OTP(c -> c.verifyOtp(MFA_TOKEN, "123456")),
    VERIFY_RECOVERY(c -> c.verifyRecoveryCode(MFA_TOKEN, "MZCRK3YX5V3AKNNYY6JEBQCL")),
    CHALLENGE(c -> c.challenge(MFA_TOKEN, ChallengeRequest.oob())),
    ASSOCIATE(c -> c.associate(MFA_TOKEN, Enrollment.sms("+15551234567"))),
    LIST(c -> c.listAuthenticators(AccessToken.of("at"))),
    DELETE(c -> c.deleteAuthenticator(AccessToken.of("at"), "sms|dev_x"));

    final Consumer<MfaClient> run;

    Call(Consumer<MfaClient> run) {
      this.run = run;
    }
  }

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of(Call.SIGN_IN, 403, "invalid_grant", "Wrong email or password.", ErrorReason.WRONG_CREDENTIALS),
        Arguments.of(Call.VERIFY_OOB, 403, "invalid_grant", "Invalid binding_code.", ErrorReason.WRONG_BINDING_CODE),
        Arguments.of(Call.VERIFY_OTP, 403, "invalid_grant", "Invalid otp_code.", ErrorReason.WRONG_OTP),
        Arguments.of(Call.VERIFY_RECOVERY, 403, "invalid_grant", "Invalid recovery_code.",
            ErrorReason.WRONG_RECOVERY_CODE),
        Arguments.of(Call.VERIFY_OTP, 403, "expired_token", "mfa_token is expired", ErrorReason.MFA_TOKEN_EXPIRED),
        Arguments.of(Call.CHALLENGE, 403, "expired_token", "mfa_token is expired", ErrorReason.MFA_TOKEN_EXPIRED),
        Arguments.of(Call.VERIFY_OTP, 403, "invalid_grant", "Malformed mfa_token", ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of(Call.CHALLENGE, 403, "invalid_grant", "Malformed mfa_token", ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of(Call.VERIFY_OOB, 403, "expired_token", "oob_code is expired", ErrorReason.OOB_CODE_EXPIRED),
        Arguments.of(Call.VERIFY_OOB, 400, "invalid_grant", "oob_code is expired", ErrorReason.OOB_CODE_EXPIRED),
        Arguments.of(Call.VERIFY_OOB, 403, "invalid_grant", "Invalid oob_code.", ErrorReason.OOB_CODE_INVALID),
        Arguments.of(Call.POLL_PUSH, 400, "authorization_pending",
            "Authorization pending: please repeat the request in a few seconds.", ErrorReason.AUTHORIZATION_PENDING),
        Arguments.of(Call.POLL_PUSH, 400, "slow_down", "You are polling faster than allowed", ErrorReason.SLOW_DOWN),
        Arguments.of(Call.POLL_PUSH, 400, "access_denied", "MFA Authorization rejected.", ErrorReason.PUSH_REJECTED),
        Arguments.of(Call.POLL_PUSH, 403, "invalid_grant", "MFA Authorization rejected.", ErrorReason.PUSH_REJECTED),
        Arguments.of(Call.CHALLENGE, 401, "unsupported_challenge_type",
            "User does not have any enrolled authenticator with the supported challenge type (oob)",
            ErrorReason.UNSUPPORTED_CHALLENGE_TYPE),
        Arguments.of(Call.CHALLENGE, 400, "association_required", "User must enroll", ErrorReason.ASSOCIATION_REQUIRED),
        Arguments.of(Call.ASSOCIATE, 403, "access_denied", "User is already enrolled.", ErrorReason.ALREADY_ENROLLED),
        Arguments.of(Call.ASSOCIATE, 400, "invalid_request", "User is already enrolled", ErrorReason.ALREADY_ENROLLED),
        Arguments.of(Call.VERIFY_OTP, 429, "too_many_attempts", "Too many failed codes.", ErrorReason.TOO_MANY_ATTEMPTS),
        Arguments.of(Call.VERIFY_OTP, 403, "too_many_attempts", "Too many failed codes.", ErrorReason.TOO_MANY_ATTEMPTS),
        Arguments.of(Call.SIGN_IN, 429, "too_many_requests",
            "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.",
            ErrorReason.RATE_LIMITED),
        Arguments.of(Call.VERIFY_OTP, 401, "invalid_client", "Client authentication failed",
            ErrorReason.INVALID_CLIENT),
        Arguments.of(Call.VERIFY_OTP, 403, "unauthorized_client", "Grant type not allowed for the client.",
            ErrorReason.UNAUTHORIZED_CLIENT),
        Arguments.of(Call.ASSOCIATE, 400, "invalid_request", "Invalid phone number", ErrorReason.INVALID_REQUEST),
        Arguments.of(Call.ASSOCIATE, 401, "invalid_token", "Invalid token", ErrorReason.INVALID_TOKEN),
        Arguments.of(Call.LIST, 401, "unauthorized", "Unauthorized", ErrorReason.INVALID_TOKEN),
        Arguments.of(Call.DELETE, 403, "insufficient_scope", "Insufficient scope", ErrorReason.INSUFFICIENT_SCOPE),
        Arguments.of(Call.LIST, 403, "access_denied", "Insufficient scope, expected: read:authenticators",
            ErrorReason.INSUFFICIENT_SCOPE),
        Arguments.of(Call.DELETE, 404, "not_found", "Authenticator not found", ErrorReason.NOT_FOUND),
        Arguments.of(Call.VERIFY_OTP, 500, "server_error", "boom", ErrorReason.SERVER_ERROR),
        Arguments.of(Call.VERIFY_OTP, 403, "invalid_grant", "Some future text", ErrorReason.UNKNOWN),
        Arguments.of(Call.CHALLENGE, 400, "invalid_authenticator", "Unknown authenticator", ErrorReason.UNKNOWN));
  }

  @ParameterizedTest(name = "{0} {1} {2} \"{3}\" -> {4}")
  @MethodSource("pairs")
  void eachErrorPairIsTyped(Call call, int status, String error, String description, ErrorReason expected) {
    enqueueError(status, error, description);

    MfaApiException e = assertThrows(MfaApiException.class, () -> call.run.accept(builder()
        .retryPolicy(RetryPolicy.none()).build()));

    assertEquals(expected, e.reason());
    assertEquals(status, e.status());
    assertEquals(error, e.error());
    assertEquals(description, e.errorDescription());
    assertTrue(e.getMessage().contains("(HTTP " + status + " " + error + ")"), e.getMessage());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void rateLimitedCarriesLimitRemainingResetAndRetryAfter() {
    server.enqueue(new MockResponse.Builder().code(429)
        .addHeader("X-RateLimit-Limit", "100")
        .addHeader("X-RateLimit-Remaining", "0")
        .addHeader("X-RateLimit-Reset", String.valueOf(START.getEpochSecond() + 3456))
        .addHeader("Retry-After", "3456")
        .body("{\"error\":\"too_many_requests\",\"error_description\":\"Rate limit exceeded.\"}").build());

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    RateLimit rl = e.rateLimit();
    assertEquals(100, rl.limit());
    assertEquals(0, rl.remaining());
    assertEquals(Instant.ofEpochSecond(START.getEpochSecond() + 3456), rl.reset());
    assertEquals(Duration.ofSeconds(3456), rl.retryAfter());
    assertTrue(e.getMessage().contains("resets at " + rl.reset()), e.getMessage());
  }

  @Test
  void anHtmlErrorPageStaysAnApiErrorWithoutBody() {
    server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
        .body("<html><body>Bad gateway secret-in-page</body></html>").build());

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> builder().retryPolicy(RetryPolicy.none()).build().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.SERVER_ERROR, e.reason());
    assertEquals(502, e.status());
    assertEquals(null, e.error());
    assertFalse(e.getMessage().contains("secret-in-page"));
    assertFalse(e.getMessage().contains("html"));
  }

  @Test
  void errorFieldsOfTheWrongTypeDoNotBreakTheMapping() {
    enqueue(403, "{\"error\":42,\"error_description\":[\"x\"]}");

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.UNKNOWN, e.reason());
    assertEquals(null, e.error());
    assertEquals(null, e.errorDescription());
  }
}
