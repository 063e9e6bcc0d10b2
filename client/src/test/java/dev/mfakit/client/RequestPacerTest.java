package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/**
 * The pacer through the client, against scripted answers: the fake clock moves only when the client "sleeps", so
 * every wait is asserted exactly and nothing really waits.
 */
class RequestPacerTest extends MockServerTest {
  private static final MfaToken MFA_TOKEN = new MfaToken("mfa-token", START.plus(Duration.ofMinutes(10)));

  private MfaClient paced(RequestPacer pacer) {
    return builder().pacer(pacer).build();
  }

  private void enqueueToken(String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(200)
        .addHeader("Content-Type", "application/json").body(fixture("token.json"));
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(b.build());
  }

  private void enqueue429(String error, String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(429).addHeader("Content-Type", "application/json")
        .body("{\"error\":\"" + error + "\",\"error_description\":\"Too many.\"}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    server.enqueue(b.build());
  }

  private static String[] bucket(int limit, int remaining, Instant reset) {
    return new String[] {"X-RateLimit-Limit", String.valueOf(limit), "X-RateLimit-Remaining",
        String.valueOf(remaining), "X-RateLimit-Reset", String.valueOf(reset.getEpochSecond())};
  }

  private static String[] with(String[] headers, String... more) {
    String[] out = new String[headers.length + more.length];
    System.arraycopy(headers, 0, out, 0, headers.length);
    System.arraycopy(more, 0, out, headers.length, more.length);
    return out;
  }

  // ---- a given rate, a tenant without headers ---------------------------------------------------------------

  @Test
  void aStartingRateSpacesRequestsEvenly() {
    for (int i = 0; i < 3; i++) {
      enqueueToken();
    }
    MfaClient client = paced(RequestPacer.startingAt(10));

    for (int i = 0; i < 3; i++) {
      client.verifyOtp(MFA_TOKEN, "123456");
    }

    // The first goes at once; each next one a tenth of a second after the one before.
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(100)), sleeper.sleeps);
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void withoutAPacerNothingWaits() {
    enqueueToken();
    enqueueToken();
    MfaClient client = client();

    client.verifyOtp(MFA_TOKEN, "123456");
    client.verifyOtp(MFA_TOKEN, "123456");

    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void aRateLimitedAnswerWithoutHeadersCutsTheRate() {
    enqueue429("too_many_requests", "Retry-After", "1");
    enqueueToken();
    RequestPacer pacer = RequestPacer.startingAt(10);

    paced(pacer).verifyOtp(MFA_TOKEN, "123456");

    assertEquals(8.0, pacer.rate(), 1e-9);
    // The retry policy's wait for the 429; the copy refilled meanwhile, so no pacing wait on top.
    assertEquals(List.of(Duration.ofSeconds(1)), sleeper.sleeps);
    assertEquals(2, server.getRequestCount());
  }

  // ---- learning from the headers -----------------------------------------------------------------------------

  @Test
  void theTenantsBucketIsSpentDownToHalfThenTheResetGivesTheFirstPace() {
    Instant reset = START.plusSeconds(5);
    for (int remaining = 9; remaining >= 5; remaining--) {
      enqueueToken(bucket(10, remaining, reset));
    }
    enqueueToken(bucket(10, 4, reset));
    RequestPacer pacer = RequestPacer.learning();
    MfaClient client = paced(pacer);
    assertNull(pacer.rate());

    for (int i = 0; i < 5; i++) {
      client.verifyOtp(MFA_TOKEN, "123456");
    }
    assertEquals(List.of(), sleeper.sleeps, "half of the tenant's bucket of 10 is spent at once");
    // 5 left, full again in 5 s: at least (10 - 5 - 1) / 5 = 0.8 tokens a second.
    assertEquals(0.8, pacer.rate(), 1e-9);

    client.verifyOtp(MFA_TOKEN, "123456");

    // The sixth request must wait for the copy to hold one more than the reserve of 5: 1 / 0.8 s. Slots are never
    // claimed more than a second ahead: it asks again after 0.25 s, and then claims the slot a second later.
    assertEquals(List.of(Duration.ofMillis(250), Duration.ofSeconds(1)), sleeper.sleeps);
  }

  @Test
  void theAnswersCountSetsTheCopyRightAfterEveryAnswer() {
    // The tenant says its bucket of 10 has 9 left, then suddenly 2 (another application spent it): the next request
    // waits until the copy is back above the reserve, at the given pace of 10/s: (5 + 1 - 2) / 10 s.
    enqueueToken(bucket(10, 9, START.plusSeconds(1)));
    enqueueToken(bucket(10, 2, START.plusSeconds(1)));
    enqueueToken(bucket(10, 5, START.plusSeconds(1)));
    MfaClient client = paced(RequestPacer.startingAt(10));

    client.verifyOtp(MFA_TOKEN, "123456");
    client.verifyOtp(MFA_TOKEN, "123456");
    client.verifyOtp(MFA_TOKEN, "123456");

    assertEquals(List.of(Duration.ofMillis(400)), sleeper.sleeps);
  }

  @Test
  void aRateLimitedAnswerOfTheTenantsBucketEmptiesTheCopyAndCutsTheRate() {
    enqueueToken(bucket(10, 9, START.plusSeconds(1)));
    enqueue429("too_many_requests", with(bucket(10, 0, START.plusSeconds(1)), "Retry-After", "1"));
    enqueueToken(bucket(10, 7, START.plusSeconds(2)));
    RequestPacer pacer = RequestPacer.startingAt(10);
    MfaClient client = paced(pacer);

    client.verifyOtp(MFA_TOKEN, "123456");
    client.verifyOtp(MFA_TOKEN, "123456");

    // The 429 is retried after the tenant's Retry-After (the retry policy's decision); in that second the copy,
    // emptied by the 429 and refilling at the cut rate of 8/s, got back above the reserve.
    assertEquals(8.0, pacer.rate(), 1e-9);
    assertEquals(List.of(Duration.ofSeconds(1)), sleeper.sleeps);
    assertEquals(3, server.getRequestCount());
  }

  @Test
  void aPerUserLimitSlowsNoOneElse() {
    enqueueToken(bucket(100, 90, START.plusSeconds(1)));
    // The user's SMS bucket (10), empty for an hour; then that user's failed codes.
    enqueue429("too_many_requests", with(bucket(10, 0, START.plusSeconds(3600)), "Retry-After", "3600"));
    enqueue429("too_many_attempts", bucket(100, 88, START.plusSeconds(1)));
    enqueueToken(bucket(100, 87, START.plusSeconds(1)));
    RequestPacer pacer = RequestPacer.startingAt(50);
    MfaClient client = paced(pacer);

    client.verifyOtp(MFA_TOKEN, "123456");
    MfaApiException sms = assertThrows(MfaApiException.class,
        () -> client.associate(MFA_TOKEN, Enrollment.sms("+15551234567")));
    MfaApiException locked = assertThrows(MfaApiException.class, () -> client.verifyOtp(MFA_TOKEN, "123456"));
    client.verifyOtp(MFA_TOKEN, "123456");

    assertEquals(ErrorReason.RATE_LIMITED, sms.reason());
    assertEquals(ErrorReason.TOO_MANY_ATTEMPTS, locked.reason());
    assertEquals(50.0, pacer.rate(), 1e-9);
    assertEquals(List.of(), sleeper.sleeps, "the tenant's bucket stayed far above the reserve");
  }

  // ---- never a second send -----------------------------------------------------------------------------------

  @Test
  void aPacedPostThatMayHaveBeenAppliedIsNeverSentAgain() {
    enqueueToken(bucket(10, 9, START.plusSeconds(1)));
    server.enqueue(new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
    enqueueFixture(200, "associate-sms.json"); // what a replay would get: must stay unused
    MfaClient client = paced(RequestPacer.startingAt(10));

    client.verifyOtp(MFA_TOKEN, "123456");
    assertThrows(MfaOutcomeUnknownException.class,
        () -> client.associate(MFA_TOKEN, Enrollment.sms("+15551234567")));

    assertEquals(2, server.getRequestCount(), "the associate POST reached the server exactly once");
  }

  @Test
  void anInterruptWhileWaitingForTheSlotSendsNothingAndGivesTheSlotBack() {
    enqueueToken();
    enqueueToken();
    List<Duration> slept = new ArrayList<>();
    Sleeper interruptedOnce = new Sleeper() {
      boolean interrupted;

      @Override
      public void sleep(Duration d) throws InterruptedException {
        slept.add(d);
        if (!interrupted) {
          interrupted = true;
          throw new InterruptedException();
        }
        clock.advance(d);
      }
    };
    MfaClient client = builder().sleeper(interruptedOnce).pacer(RequestPacer.startingAt(10)).build();

    client.verifyOtp(MFA_TOKEN, "123456");
    MfaNetworkException e = assertThrows(MfaNetworkException.class, () -> client.verifyOtp(MFA_TOKEN, "123456"));
    assertTrue(Thread.interrupted(), "the interrupt flag is kept");
    client.verifyOtp(MFA_TOKEN, "123456");

    assertFalse(e instanceof MfaOutcomeUnknownException);
    assertEquals(2, server.getRequestCount(), "the interrupted call sent nothing");
    // The slot given back: the next call waits for the same 100 ms, not 200.
    assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(100)), slept);
  }

  @Test
  void pacingWaitsAreLoggedWithoutSecrets() {
    enqueueToken();
    enqueueToken();
    MfaClient client = paced(RequestPacer.startingAt(4));

    client.verifyOtp(MFA_TOKEN, "123456");
    client.verifyOtp(MFA_TOKEN, "123456");

    assertTrue(logLines.contains("... pacing POST /oauth/token: sending in 250 ms"), logLines::toString);
    assertTrue(logLines.stream().noneMatch(l -> l.contains("mfa-token") || l.contains("123456")), logLines::toString);
  }

  // ---- a whole run against a model of the tenant's bucket ----------------------------------------------------

  /**
   * A tenant whose token bucket (refill {@code perSecond}, size {@code burst}) runs on the fake clock and answers
   * with the headers of protocol doc §7 as the sandbox sends them (remaining rounded down, reset rounded up). It
   * answers in memory, as the interceptor of the client's own OkHttp client: a thousand loopback round trips would
   * only add socket time to a test whose clock is fake anyway.
   */
  private static final class ModelTenant implements Interceptor {
    private final MutableClock clock;
    private final double perSecond;
    private final int burst;
    private final Duration skew;
    private double tokens;
    private Instant last;
    int served;
    int refused;

    ModelTenant(MutableClock clock, double perSecond, int burst) {
      this(clock, perSecond, burst, Duration.ZERO);
    }

    /** @param skew how far the tenant's clock (its X-RateLimit-Reset) is ahead of the client's */
    ModelTenant(MutableClock clock, double perSecond, int burst, Duration skew) {
      this.clock = clock;
      this.perSecond = perSecond;
      this.burst = burst;
      this.skew = skew;
      this.tokens = burst;
      this.last = clock.instant();
    }

    @Override
    public synchronized Response intercept(Chain chain) {
      Instant now = clock.instant();
      tokens = Math.min(burst, tokens + Duration.between(last, now).toNanos() / 1e9 * perSecond);
      last = now;
      boolean ok = tokens >= 1;
      if (ok) {
        tokens -= 1;
        served++;
      } else {
        refused++;
      }
      long fullAtMillis = now.plus(skew).toEpochMilli() + (long) Math.ceil((burst - tokens) / perSecond * 1000);
      String body = ok ? fixture("token.json")
          : "{\"error\":\"too_many_requests\",\"error_description\":\"Too many requests.\"}";
      Response.Builder b = new Response.Builder().request(chain.request()).protocol(Protocol.HTTP_1_1)
          .code(ok ? 200 : 429).message(ok ? "OK" : "Too Many Requests")
          .header("X-RateLimit-Limit", String.valueOf(burst))
          .header("X-RateLimit-Remaining", String.valueOf((int) Math.floor(tokens)))
          .header("X-RateLimit-Reset", String.valueOf(Math.floorDiv(fullAtMillis + 999, 1000)))
          .body(ResponseBody.create(body, MediaType.get("application/json")));
      if (!ok) {
        b.header("Retry-After", "1");
      }
      return b.build();
    }
  }

  private MfaClient against(ModelTenant tenant, RequestPacer pacer) {
    return builder().httpClient(new OkHttpClient.Builder().addInterceptor(tenant).build()).pacer(pacer).build();
  }

  @Test
  void learningTheRateOfABucketThatRefillsInASecondReachesItWithoutA429() {
    ModelTenant tenant = new ModelTenant(clock, 50, 50);
    RequestPacer pacer = RequestPacer.learning();
    MfaClient client = against(tenant, pacer);

    for (int i = 0; i < 500; i++) {
      client.verifyOtp(MFA_TOKEN, "123456");
    }
    Instant halfway = clock.instant();
    for (int i = 0; i < 500; i++) {
      client.verifyOtp(MFA_TOKEN, "123456");
    }

    assertEquals(0, tenant.refused);
    assertEquals(1000, tenant.served);
    // Fake time: the second 500 took 500 / 50 s give or take a few percent, so the pace had reached the tenant's.
    double seconds = Duration.between(halfway, clock.instant()).toNanos() / 1e9;
    assertTrue(seconds >= 10 / 1.03 && seconds <= 10 / 0.97, () -> "500 requests took " + seconds + " s");
    assertEquals(50, pacer.rate(), 1.5);
  }

  @Test
  void aStartingRateTwiceTheTenantsIsCorrectedBeforeTheReserveRunsOut() {
    ModelTenant tenant = new ModelTenant(clock, 20, 40);
    RequestPacer pacer = RequestPacer.startingAt(40);
    MfaClient client = against(tenant, pacer);

    for (int i = 0; i < 400; i++) {
      client.verifyOtp(MFA_TOKEN, "123456");
    }

    assertEquals(0, tenant.refused);
    assertEquals(400, tenant.served);
    assertEquals(20, pacer.rate(), 1);
  }

  @Test
  void aTenantClockFarOffMisleadsOnlyTheFirstGuess() {
    for (Duration skew : List.of(Duration.ofDays(1), Duration.ofDays(-1))) {
      ModelTenant tenant = new ModelTenant(clock, 50, 50, skew);
      RequestPacer pacer = RequestPacer.learning();
      MfaClient client = against(tenant, pacer);

      for (int i = 0; i < 1000; i++) {
        client.verifyOtp(MFA_TOKEN, "123456");
      }

      // The reset a day away (or a day past) gives a useless first guess; the drift of the count finds the rate.
      assertEquals(0, tenant.refused, skew::toString);
      assertEquals(50, pacer.rate(), 1.5, skew::toString);
    }
  }

  @Test
  void withoutAPacerTheSameRunIsRefused() {
    ModelTenant tenant = new ModelTenant(clock, 20, 40);
    MfaClient client = builder().httpClient(new OkHttpClient.Builder().addInterceptor(tenant).build())
        .retryPolicy(RetryPolicy.none()).build();

    int rateLimited = 0;
    for (int i = 0; i < 400; i++) {
      try {
        client.verifyOtp(MFA_TOKEN, "123456");
      } catch (MfaApiException e) {
        rateLimited++;
      }
    }

    // The fake clock never moves: the bucket of 40 serves 40, and every later request is refused.
    assertEquals(360, rateLimited);
    assertEquals(360, tenant.refused);
  }
}
