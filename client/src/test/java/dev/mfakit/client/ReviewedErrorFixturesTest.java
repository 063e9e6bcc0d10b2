package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.client.ErrorPairsTest.Call;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reviewed error answers as their sources quote them (the {@code recorded/error-*.json} fixtures), on every call
 * that can meet them and with every status they were reported with: the reason depends on the call, the status and
 * the text together. {@link ReviewedErrorReasonsTest} has the same rows against the real sandbox.
 */
class ReviewedErrorFixturesTest extends MockServerTest {

  static Stream<Arguments> answers() {
    return Stream.of(
        // Refused application credentials: the calls that carry them; a Bearer-only call reads a 401 as its token.
        Arguments.of("error-client-unauthorized.json", 401, Call.SIGN_IN, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.VERIFY_OOB, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.POLL_PUSH, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.VERIFY_OTP, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.VERIFY_RECOVERY, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.CHALLENGE, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.ASSOCIATE, ErrorReason.INVALID_CLIENT),
        Arguments.of("error-client-unauthorized.json", 401, Call.LIST, ErrorReason.INVALID_TOKEN),
        // A grant the application may not use.
        Arguments.of("error-grant-not-allowed.json", 403, Call.VERIFY_OOB, ErrorReason.UNAUTHORIZED_CLIENT),
        Arguments.of("error-grant-not-allowed.json", 403, Call.SIGN_IN, ErrorReason.UNAUTHORIZED_CLIENT),
        // The mfa_token the tenant does not accept, on every /mfa/ call.
        Arguments.of("error-mfa-token-invalid.json", 401, Call.ASSOCIATE, ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of("error-mfa-token-invalid.json", 401, Call.LIST, ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of("error-mfa-token-invalid.json", 401, Call.DELETE, ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of("error-mfa-token-invalid.json", 401, Call.CHALLENGE, ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of("error-already-enrolled.json", 403, Call.ASSOCIATE, ErrorReason.ALREADY_ENROLLED),
        // "MFA Authorization rejected.": a wrong recovery code on that grant (403 or 400), a rejected push on mfa-oob.
        Arguments.of("error-recovery-code-rejected.json", 403, Call.VERIFY_RECOVERY, ErrorReason.WRONG_RECOVERY_CODE),
        Arguments.of("error-recovery-code-rejected.json", 400, Call.VERIFY_RECOVERY, ErrorReason.WRONG_RECOVERY_CODE),
        Arguments.of("error-recovery-code-rejected.json", 403, Call.POLL_PUSH, ErrorReason.PUSH_REJECTED),
        Arguments.of("error-mfa-token-other-client.json", 403, Call.VERIFY_OTP, ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of("error-mfa-token-other-client.json", 400, Call.VERIFY_OOB, ErrorReason.MFA_TOKEN_INVALID),
        Arguments.of("error-oob-code-mismatch.json", 403, Call.VERIFY_OOB, ErrorReason.OOB_CODE_INVALID),
        Arguments.of("error-oob-code-malformed.json", 403, Call.VERIFY_OOB, ErrorReason.OOB_CODE_INVALID),
        // An audience without an API: on sign-in, and on the MFA grants (never a rejected push).
        Arguments.of("error-service-not-found.json", 403, Call.SIGN_IN, ErrorReason.UNKNOWN_AUDIENCE),
        Arguments.of("error-service-not-found.json", 403, Call.POLL_PUSH, ErrorReason.UNKNOWN_AUDIENCE),
        Arguments.of("error-service-not-found.json", 403, Call.VERIFY_OTP, ErrorReason.UNKNOWN_AUDIENCE));
  }

  @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
  @MethodSource("answers")
  void eachReviewedAnswerIsReadAsItsReason(String fixture, int status, Call call, ErrorReason expected) {
    enqueueFixture(status, fixture);

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> call.run.accept(builder().retryPolicy(RetryPolicy.none()).build()));

    assertEquals(expected, e.reason());
    assertEquals(status, e.status());
    assertEquals(fixture.equals("error-grant-not-allowed.json")
        ? "https://auth0.com/docs/clients/client-grant-types" : null, e.errorUri());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void anInvalidPhoneNumberIsAnInvalidRequest() {
    // Only the text was ever quoted; the code is the sandbox's guess.
    enqueueError(400, "invalid_request", "The phone number is invalid.");
    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().associate(MfaToken.of("t"), Enrollment.sms("+15551234567")));
    assertEquals(ErrorReason.INVALID_REQUEST, e.reason());
  }

  @Test
  void slowDownIsSlowDownWhateverTheStatusAndA429OfItIsNotRetried() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "5")
        .body("{\"error\":\"slow_down\",\"error_description\":\"You are polling faster than allowed.\"}").build());

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().pollPushApproval(MfaToken.of("t"), "oob"));

    assertEquals(ErrorReason.SLOW_DOWN, e.reason());
    assertEquals(429, e.status());
    assertEquals(Duration.ofSeconds(5), e.rateLimit().retryAfter());
    assertEquals(1, server.getRequestCount(), "the poller slows down; the transport does not replay it");
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void awaitingAPushSlowsDownOnA429SlowDownToo() {
    server.enqueue(new MockResponse.Builder().code(429)
        .body("{\"error\":\"slow_down\",\"error_description\":\"Slow down\"}").build());
    enqueueError(400, "authorization_pending", "Authorization pending: please repeat the request in a few seconds.");
    enqueueFixture(200, "token.json");

    Tokens t = client().awaitPushApproval(MfaToken.of("t"), "oob", Duration.ofMinutes(1));

    assertEquals("test-access-token", t.accessToken().value());
    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10)), sleeper.sleeps,
        "5 s, plus 5 s after the slow_down");
    assertTrue(server.getRequestCount() == 3);
  }
}
