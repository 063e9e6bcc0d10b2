package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.SocketEffect;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

class RetryTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = new MfaToken("mfa-token", START.plus(Duration.ofMinutes(10)));
  static final String CHALLENGE_OK = "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"c\"}";

  private void enqueue429(String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(429)
        .body("{\"error\":\"too_many_requests\",\"error_description\":\"Rate limit exceeded.\"}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(b.build());
  }

  /** The connection is dropped after the server has read the whole request. */
  private void enqueueDropAfterRequest() {
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
  }

  // ---- 429 -------------------------------------------------------------------------------------------------

  @Test
  void tooManyRequestsWaitsRetryAfterSecondsThenRetriesEvenAPost() {
    enqueue429("Retry-After", "2");
    enqueueFixture(200, "associate-sms.json");

    client().associate(MFA_TOKEN, Enrollment.sms("+15551234567"));

    assertEquals(2, server.getRequestCount());
    assertEquals(List.of(Duration.ofSeconds(2)), sleeper.sleeps);
  }

  @Test
  void retryAfterAsAnHttpDate() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(START.plusSeconds(7).atOffset(ZoneOffset.UTC));
    enqueue429("Retry-After", date);
    enqueueFixture(200, "token.json");

    client().verifyOtp(MFA_TOKEN, "123456");

    assertEquals(List.of(Duration.ofSeconds(7)), sleeper.sleeps);
  }

  @Test
  void withoutRetryAfterTheRateLimitResetIsUsed() {
    enqueue429("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", String.valueOf(START.getEpochSecond() + 4));
    enqueueFixture(200, "authenticators.json");

    client().listAuthenticators(MFA_TOKEN);

    assertEquals(List.of(Duration.ofSeconds(4)), sleeper.sleeps);
  }

  @Test
  void withoutAnyHeaderTheBackoffIsUsed() {
    enqueue429();
    enqueueFixture(200, "token.json");

    client().verifyOtp(MFA_TOKEN, "123456");

    assertEquals(1, sleeper.sleeps.size());
    Duration wait = sleeper.sleeps.get(0);
    assertTrue(wait.compareTo(Duration.ofMillis(125)) >= 0 && wait.compareTo(Duration.ofMillis(250)) <= 0, wait::toString);
  }

  @Test
  void aWaitOverTheCapFailsAtOnceWithTheResetTime() {
    Instant reset = START.plusSeconds(3456);
    enqueue429("X-RateLimit-Limit", "100", "X-RateLimit-Remaining", "0",
        "X-RateLimit-Reset", String.valueOf(reset.getEpochSecond()));

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    assertEquals(reset, e.rateLimit().reset());
    assertEquals(1, server.getRequestCount());
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void aWaitOutlivingTheMfaTokenFailsAtOnce() {
    MfaToken almostExpired = new MfaToken("mfa-token", START.plusSeconds(10));
    enqueue429("Retry-After", "20"); // under the 30 s cap, but past the token's life

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(almostExpired, "123456"));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    assertEquals(START.plusSeconds(20), e.rateLimit().reset());
    assertEquals(1, server.getRequestCount());
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void anAbsurdlyLongRetryAfterIsRateLimitedAtOnceNotADateOverflow() {
    enqueue429("Retry-After", String.valueOf(Long.MAX_VALUE), "X-RateLimit-Reset", String.valueOf(Long.MAX_VALUE));

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    assertEquals(START.plus(Duration.ofDays(366)), e.rateLimit().reset());
    assertEquals(Duration.ofDays(366), e.rateLimit().retryAfter());
    assertEquals(1, server.getRequestCount());
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void rateLimitedAfterTheLastAttempt() {
    enqueue429("Retry-After", "1");
    enqueue429("Retry-After", "1");
    enqueue429("Retry-After", "1");

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.RATE_LIMITED, e.reason());
    assertEquals(3, server.getRequestCount());
    assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(1)), sleeper.sleeps);
  }

  @Test
  void tooManyAttemptsIsNeverRetried() {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1")
        .body("{\"error\":\"too_many_attempts\",\"error_description\":\"Too many failed codes.\"}").build());

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(ErrorReason.TOO_MANY_ATTEMPTS, e.reason());
    assertEquals(1, server.getRequestCount());
  }

  // ---- 408 / 5xx -------------------------------------------------------------------------------------------

  @Test
  void serverErrorsOnGetAreRetriedWithBackoff() {
    enqueueError(503, "server_error", "unavailable");
    enqueueError(500, "server_error", "oops");
    enqueueFixture(200, "authenticators.json");

    assertEquals(6, client().listAuthenticators(MFA_TOKEN).size());

    assertEquals(3, server.getRequestCount());
    assertEquals(2, sleeper.sleeps.size());
    assertTrue(sleeper.sleeps.get(0).toMillis() >= 125 && sleeper.sleeps.get(0).toMillis() <= 250);
    assertTrue(sleeper.sleeps.get(1).toMillis() >= 250 && sleeper.sleeps.get(1).toMillis() <= 500);
  }

  @Test
  void serverErrorsAfterTheLastAttemptAreThrown() {
    enqueueError(503, "server_error", "unavailable");
    enqueueError(503, "server_error", "unavailable");
    enqueueError(503, "server_error", "unavailable");

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().listAuthenticators(MFA_TOKEN));

    assertEquals(ErrorReason.SERVER_ERROR, e.reason());
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void serverErrorsOnPostAreNotRetried() {
    enqueueError(503, "server_error", "unavailable");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().associate(MFA_TOKEN, Enrollment.sms("+15551234567")));

    assertEquals(ErrorReason.SERVER_ERROR, e.reason());
    assertEquals(1, server.getRequestCount());
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void requestTimeoutOnDeleteIsRetried() {
    server.enqueue(new MockResponse.Builder().code(408).build());
    server.enqueue(new MockResponse.Builder().code(204).build());

    client().deleteAuthenticator(AccessToken.of("at"), "sms|dev_x");

    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a404OnARetriedDeleteIsSuccess() {
    enqueueError(502, "bad_gateway", "upstream");
    enqueueError(404, "not_found", "Authenticator not found");

    client().deleteAuthenticator(AccessToken.of("at"), "sms|dev_x");

    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a404AfterADroppedDeleteIsSuccess() {
    enqueueDropAfterRequest();
    enqueueError(404, "not_found", "Authenticator not found");

    client().deleteAuthenticator(AccessToken.of("at"), "sms|dev_x");

    assertEquals(2, server.getRequestCount());
  }

  @Test
  void a404AfterARateLimitedDeleteIsStillNotFound() {
    enqueue429("Retry-After", "1");
    enqueueError(404, "not_found", "Authenticator not found");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().deleteAuthenticator(AccessToken.of("at"), "sms|dev_x"));

    assertEquals(ErrorReason.NOT_FOUND, e.reason());
  }

  @Test
  void redirectsAreNotFollowed() {
    server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", server.url("/elsewhere")).build());

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MFA_TOKEN, "123456"));

    assertEquals(302, e.status());
    assertEquals(1, server.getRequestCount());
  }

  // ---- I/O -------------------------------------------------------------------------------------------------

  @Test
  void ioErrorsOnGetAreRetried() {
    enqueueDropAfterRequest();
    enqueueFixture(200, "authenticators.json");

    assertEquals(6, client().listAuthenticators(MFA_TOKEN).size());

    assertEquals(2, server.getRequestCount());
    assertEquals(1, sleeper.sleeps.size());
  }

  @Test
  void ioErrorsOnGetAfterTheLastAttemptAreANetworkError() {
    enqueueDropAfterRequest();
    enqueueDropAfterRequest();
    enqueueDropAfterRequest();

    MfaNetworkException e = assertThrows(MfaNetworkException.class, () -> client().listAuthenticators(MFA_TOKEN));

    assertFalse(e instanceof MfaOutcomeUnknownException);
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void aPostDroppedOnAPooledConnectionIsSentOnceAndItsOutcomeIsUnknown() throws Exception {
    enqueue(200, CHALLENGE_OK);
    enqueueDropAfterRequest();
    enqueueFixture(200, "associate-sms.json"); // what a replay would get: must stay unused
    MfaClient client = client();

    client.challenge(MFA_TOKEN, ChallengeRequest.oob()); // leaves the connection in the pool
    MfaOutcomeUnknownException e = assertThrows(MfaOutcomeUnknownException.class,
        () -> client.associate(MFA_TOKEN, Enrollment.sms("+15551234567")));

    assertEquals("/mfa/challenge", take().getUrl().encodedPath());
    assertEquals(0, take().getConnectionIndex(), "the POST went over the pooled connection");
    assertEquals(2, server.getRequestCount(), "the associate POST reached the server exactly once");
    assertEquals(List.of(), sleeper.sleeps);
    assertTrue(e.getMessage().contains("List the user's authenticators before trying again"), e.getMessage());
  }

  @Test
  void theCallersOwnClientCannotReenableSilentReplays() {
    enqueue(200, CHALLENGE_OK);
    enqueueDropAfterRequest();
    enqueueFixture(200, "associate-sms.json");
    OkHttpClient callers = new OkHttpClient.Builder().retryOnConnectionFailure(true).build();
    MfaClient client = builder().httpClient(callers).build();

    client.challenge(MFA_TOKEN, ChallengeRequest.oob());
    assertThrows(MfaOutcomeUnknownException.class, () -> client.associate(MFA_TOKEN, Enrollment.sms("+15551234567")));

    assertEquals(2, server.getRequestCount());
  }

  /** The control: the same fault makes OkHttp's default replay the POST, which is why the client turns it off. */
  @Test
  void plainOkHttpWouldHaveSentThePostTwice() throws IOException {
    enqueue(200, CHALLENGE_OK);
    enqueueDropAfterRequest();
    enqueueFixture(200, "associate-sms.json");
    OkHttpClient plain = new OkHttpClient();
    Request first = new Request.Builder().url(server.url("/mfa/challenge")).post(new FormBody.Builder().build()).build();
    Request second = new Request.Builder().url(server.url("/mfa/associate")).post(new FormBody.Builder().build()).build();

    try (Response r = plain.newCall(first).execute()) {
      r.body().string();
    }
    try (Response r = plain.newCall(second).execute()) {
      assertEquals(200, r.code());
    }

    assertEquals(3, server.getRequestCount());
  }

  @Test
  void aPostThatCannotConnectIsANetworkErrorNotAnUnknownOutcome() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    java.net.URI url = closed.url("/").uri();
    closed.close();
    MfaClient client = builder().baseUrl(url).build();

    MfaNetworkException e = assertThrows(MfaNetworkException.class,
        () -> client.associate(MFA_TOKEN, Enrollment.sms("+15551234567")));

    assertFalse(e instanceof MfaOutcomeUnknownException, e.toString());
    assertTrue(e.getMessage().contains("nothing was sent"), e.getMessage());
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void aPostThatTimesOutAfterSendingHasAnUnknownOutcome() {
    server.enqueue(new MockResponse.Builder().headersDelay(2, TimeUnit.SECONDS).body("{}").build());
    MfaClient client = builder().readTimeout(Duration.ofMillis(200)).build();

    MfaOutcomeUnknownException e = assertThrows(MfaOutcomeUnknownException.class,
        () -> client.verifyOtp(MFA_TOKEN, "123456"));

    assertInstanceOf(java.io.InterruptedIOException.class, e.getCause());
    assertEquals(1, server.getRequestCount());
  }

  @Test
  void retryPolicyNoneMakesOneAttempt() {
    enqueueError(503, "server_error", "x");
    enqueueFixture(200, "authenticators.json");

    assertThrows(MfaApiException.class,
        () -> builder().retryPolicy(RetryPolicy.none()).build().listAuthenticators(MFA_TOKEN));

    assertEquals(1, server.getRequestCount());
  }
}
