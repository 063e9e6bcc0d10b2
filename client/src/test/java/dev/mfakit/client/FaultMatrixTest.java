package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every network and server fault against every client operation, through mockwebserver3's socket effects: the
 * typed error or the retry, the exact number of requests the server saw (never a second non-idempotent POST that
 * may have been applied), the waits, and no connection left held by an unclosed response. What was observed is
 * written to the fault table of {@code docs/reliability.md}, which must match.
 */
class FaultMatrixTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = new MfaToken("mfa-token", START.plus(Duration.ofMinutes(10)));
  static final String CHALLENGE_OK = "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"c\"}";
  static final String WRONG_TYPE_TOKENS = "{\"access_token\":42,\"token_type\":\"Bearer\",\"expires_in\":\"86400\"}";

  /** What was observed per fault and operation, for the docs (filled by the parameterized cases). */
  private static final Map<Fault, Map<Op, String>> OBSERVED = new LinkedHashMap<>();
  private static int duplicated;

  enum Kind { POST, GET, DELETE }

  /** The client operations, each with the answer a healthy tenant gives. */
  enum Op {
    SIGN_IN(Kind.POST, "/oauth/token", c -> c.signIn(PasswordSignIn.of("jane@example.com", "pw")),
        () -> json(403, fixture("mfa-required.json")), WRONG_TYPE_TOKENS),
    ASSOCIATE(Kind.POST, "/mfa/associate", c -> c.associate(MFA_TOKEN, Enrollment.sms("+15551234567")),
        () -> json(200, fixture("associate-sms.json")), "{\"authenticator_type\":[\"oob\"],\"oob_code\":\"x\"}"),
    CHALLENGE(Kind.POST, "/mfa/challenge", c -> c.challenge(MFA_TOKEN, ChallengeRequest.oob()),
        () -> json(200, CHALLENGE_OK), "{\"challenge_type\":\"oob\",\"oob_code\":{\"v\":1}}"),
    VERIFY_OOB(Kind.POST, "/oauth/token", c -> c.verifyOob(MFA_TOKEN, "oob-code", "123456"),
        () -> json(200, fixture("token.json")), WRONG_TYPE_TOKENS),
    VERIFY_OTP(Kind.POST, "/oauth/token", c -> c.verifyOtp(MFA_TOKEN, "123456"),
        () -> json(200, fixture("token.json")), WRONG_TYPE_TOKENS),
    VERIFY_RECOVERY_CODE(Kind.POST, "/oauth/token", c -> c.verifyRecoveryCode(MFA_TOKEN, "ABCDEFGHJKLMNPQRSTUVWXYZ"),
        () -> json(200, fixture("token-recovery-code.json")), WRONG_TYPE_TOKENS),
    LIST_AUTHENTICATORS(Kind.GET, "/mfa/authenticators", c -> c.listAuthenticators(MFA_TOKEN),
        () -> json(200, fixture("authenticators.json")), "{\"authenticators\":[]}"),
    DELETE_AUTHENTICATOR(Kind.DELETE, "/mfa/authenticators/sms%7Cdev_x", c -> {
      c.deleteAuthenticator(AccessToken.of("at"), "sms|dev_x");
      return null;
    }, () -> new MockResponse.Builder().code(204).build(), "{\"deleted\":7}");

    final Kind kind;
    final String path;
    final Function<MfaClient, Object> call;
    private final Supplier<MockResponse> answer;
    final String wrongType;

    Op(Kind kind, String path, Function<MfaClient, Object> call, Supplier<MockResponse> answer, String wrongType) {
      this.kind = kind;
      this.path = path;
      this.call = call;
      this.answer = answer;
      this.wrongType = wrongType;
    }

    /** The healthy answer, to add an effect to. */
    MockResponse.Builder healthy() {
      return answer.get().newBuilder();
    }

    /** A 200 with another body. */
    MockResponse.Builder withBody(String body) {
      return healthy().code(200).body(body);
    }
  }

  /** The outcome a fault must produce for one kind of operation. */
  record Expect(String outcome, int requests, String waits) {}

  static Expect expect(String outcome, int requests, String wait) {
    return new Expect(outcome, requests, wait);
  }

  static final String NO_WAIT = "none";
  static final String BACKOFF = "backoff";
  static final Expect UNKNOWN_0 = expect("MfaOutcomeUnknownException", 0, NO_WAIT);
  static final Expect UNKNOWN_1 = expect("MfaOutcomeUnknownException", 1, NO_WAIT);
  static final Expect RETRIED_1 = expect("ok", 1, BACKOFF);
  static final Expect RETRIED_2 = expect("ok", 2, BACKOFF);
  static final Expect DECODING_1 = expect("MfaDecodingException", 1, NO_WAIT);
  static final Expect OK_1 = expect("ok", 1, NO_WAIT);
  static final Expect SERVER_ERROR_1 = expect("MfaApiException SERVER_ERROR", 1, NO_WAIT);
  static final Expect RATE_LIMITED_1 = expect("MfaApiException RATE_LIMITED", 1, NO_WAIT);

  /** One fault: how to stage it, and what each kind of operation must do about it. */
  enum Fault {
    CONNECTION_REFUSED("connection refused",
        expect("MfaNetworkException", 0, NO_WAIT), expect("MfaNetworkException", 0, BACKOFF + " x2"),
        expect("MfaNetworkException", 0, BACKOFF + " x2")),
    RESET_FRESH_BEFORE_REQUEST("fresh connection closed before the request is read", UNKNOWN_0, RETRIED_1, RETRIED_1),
    RESET_FRESH_AFTER_REQUEST("fresh connection closed after the request is read", UNKNOWN_1, RETRIED_2, RETRIED_2),
    RESET_POOLED_BEFORE_REQUEST("pooled connection closed before the request is sent", UNKNOWN_0, RETRIED_1,
        RETRIED_1),
    RESET_POOLED_AFTER_REQUEST("pooled connection closed after the request is read", UNKNOWN_1, RETRIED_2,
        RETRIED_2),
    STALL_PAST_READ_TIMEOUT("no answer within the read timeout (200 ms)", UNKNOWN_1, RETRIED_2, RETRIED_2),
    HALF_BODY("connection closed halfway through the body", UNKNOWN_1, RETRIED_2, RETRIED_2),
    TRUNCATED_JSON("200 with truncated JSON", DECODING_1, DECODING_1, OK_1),
    WRONG_TYPE_JSON("200 with JSON of the wrong types", DECODING_1, DECODING_1, OK_1),
    EMPTY_BODY("200 with an empty body", DECODING_1, DECODING_1, OK_1),
    OVERSIZED_BODY("200 with a 2 MiB body", DECODING_1, DECODING_1, OK_1),
    HTML_502("HTML 502 page", SERVER_ERROR_1, RETRIED_2, RETRIED_2),
    STATUS_503_RETRY_AFTER("503 with Retry-After: 3", SERVER_ERROR_1, expect("ok", 2, "3 s"),
        expect("ok", 2, "3 s")),
    STATUS_500("500 without Retry-After", SERVER_ERROR_1, RETRIED_2, RETRIED_2),
    STATUS_408("408 request timeout", expect("MfaApiException UNKNOWN", 1, NO_WAIT), RETRIED_2, RETRIED_2),
    REDIRECT_302("302 redirect", expect("MfaApiException UNKNOWN", 1, NO_WAIT),
        expect("MfaApiException UNKNOWN", 1, NO_WAIT), expect("MfaApiException UNKNOWN", 1, NO_WAIT)),
    RATE_LIMIT_RETRY_AFTER_SECONDS("429 with Retry-After: 2", expect("ok", 2, "2 s"), expect("ok", 2, "2 s"),
        expect("ok", 2, "2 s")),
    RATE_LIMIT_RETRY_AFTER_DATE("429 with Retry-After as an HTTP date (+7 s)", expect("ok", 2, "7 s"),
        expect("ok", 2, "7 s"), expect("ok", 2, "7 s")),
    RATE_LIMIT_RESET_ONLY("429 with only X-RateLimit-Reset (+4 s)", expect("ok", 2, "4 s"), expect("ok", 2, "4 s"),
        expect("ok", 2, "4 s")),
    RATE_LIMIT_NO_HEADERS("429 without any header", expect("ok", 2, BACKOFF), expect("ok", 2, BACKOFF),
        expect("ok", 2, BACKOFF)),
    RATE_LIMIT_RESET_BEYOND_CAP("429 with X-RateLimit-Reset in 1 h (cap 30 s)", RATE_LIMITED_1, RATE_LIMITED_1,
        RATE_LIMITED_1),
    RATE_LIMIT_RETRY_AFTER_BEYOND_CAP("429 with Retry-After: 120 (cap 30 s)", RATE_LIMITED_1, RATE_LIMITED_1,
        RATE_LIMITED_1);

    final String label;
    final Expect post;
    final Expect get;
    final Expect delete;

    Fault(String label, Expect post, Expect get, Expect delete) {
      this.label = label;
      this.post = post;
      this.get = get;
      this.delete = delete;
    }

    Expect expected(Op op) {
      return switch (op.kind) {
        case POST -> post;
        case GET -> get;
        case DELETE -> delete;
      };
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(Fault.values()).flatMap(f -> Stream.of(Op.values()).map(op -> Arguments.of(f, op)));
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body).build();
  }

  private static MockResponse.Builder status429(String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(429)
        .addHeader("Content-Type", "application/json; charset=utf-8")
        .body("{\"error\":\"too_many_requests\",\"error_description\":\"Too many requests.\"}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b;
  }

  /** The warm-up call that leaves a connection in the pool: another path than the operation's. */
  private static Op warmUpFor(Op op) {
    return op.kind == Kind.POST ? Op.LIST_AUTHENTICATORS : Op.CHALLENGE;
  }

  private void stage(Fault fault, Op op) {
    MockResponse healthy = op.healthy().build();
    switch (fault) {
      case CONNECTION_REFUSED -> { }
      case RESET_FRESH_BEFORE_REQUEST -> {
        server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket(true, false, false))
            .build());
        server.enqueue(healthy);
      }
      case RESET_FRESH_AFTER_REQUEST -> {
        server.enqueue(op.healthy().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(healthy);
      }
      case RESET_POOLED_BEFORE_REQUEST -> {
        server.enqueue(warmUpFor(op).healthy().onResponseEnd(new SocketEffect.CloseSocket(true, false, false))
            .build());
        server.enqueue(healthy);
      }
      case RESET_POOLED_AFTER_REQUEST -> {
        server.enqueue(warmUpFor(op).healthy().build());
        server.enqueue(op.healthy().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(healthy);
      }
      case STALL_PAST_READ_TIMEOUT -> {
        server.enqueue(op.healthy().onResponseStart(SocketEffect.Stall.INSTANCE).build());
        server.enqueue(healthy);
      }
      case HALF_BODY -> {
        String big = "{\"padding\":\"" + "x".repeat(64 * 1024) + "\"}";
        server.enqueue(op.withBody(big).onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
        server.enqueue(healthy);
      }
      case TRUNCATED_JSON -> {
        String body = healthy.getBody() == null ? "{\"a\":1}" : bodyOf(healthy);
        server.enqueue(op.withBody(body.substring(0, body.length() / 2)).build());
        server.enqueue(healthy);
      }
      case WRONG_TYPE_JSON -> {
        server.enqueue(op.withBody(op.wrongType).build());
        server.enqueue(healthy);
      }
      case EMPTY_BODY -> {
        server.enqueue(op.withBody("").build());
        server.enqueue(healthy);
      }
      case OVERSIZED_BODY -> {
        server.enqueue(op.withBody("{\"padding\":\"" + "x".repeat(2 * 1024 * 1024) + "\"}").build());
        server.enqueue(healthy);
      }
      case HTML_502 -> {
        server.enqueue(new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
            .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
        server.enqueue(healthy);
      }
      case STATUS_503_RETRY_AFTER -> {
        server.enqueue(new MockResponse.Builder().code(503).addHeader("Retry-After", "3")
            .body("{\"error\":\"temporarily_unavailable\"}").build());
        server.enqueue(healthy);
      }
      case STATUS_500 -> {
        server.enqueue(new MockResponse.Builder().code(500).body("{\"error\":\"server_error\"}").build());
        server.enqueue(healthy);
      }
      case STATUS_408 -> {
        server.enqueue(new MockResponse.Builder().code(408).build());
        server.enqueue(healthy);
      }
      case REDIRECT_302 -> {
        server.enqueue(new MockResponse.Builder().code(302).addHeader("Location", server.url("/elsewhere")).build());
        server.enqueue(healthy);
      }
      case RATE_LIMIT_RETRY_AFTER_SECONDS -> {
        server.enqueue(status429("Retry-After", "2").build());
        server.enqueue(healthy);
      }
      case RATE_LIMIT_RETRY_AFTER_DATE -> {
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(START.plusSeconds(7).atOffset(ZoneOffset.UTC));
        server.enqueue(status429("Retry-After", date).build());
        server.enqueue(healthy);
      }
      case RATE_LIMIT_RESET_ONLY -> {
        server.enqueue(status429("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", String.valueOf(START.getEpochSecond() + 4)).build());
        server.enqueue(healthy);
      }
      case RATE_LIMIT_NO_HEADERS -> {
        server.enqueue(status429().build());
        server.enqueue(healthy);
      }
      case RATE_LIMIT_RESET_BEYOND_CAP -> {
        server.enqueue(status429("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "0",
            "X-RateLimit-Reset", String.valueOf(START.getEpochSecond() + 3600)).build());
        server.enqueue(healthy);
      }
      case RATE_LIMIT_RETRY_AFTER_BEYOND_CAP -> {
        server.enqueue(status429("Retry-After", "120").build());
        server.enqueue(healthy);
      }
      default -> throw new AssertionError(fault);
    }
  }

  private static String bodyOf(MockResponse r) {
    okio.Buffer b = new okio.Buffer();
    try {
      r.getBody().writeTo(b);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return b.readUtf8();
  }

  @ParameterizedTest(name = "{0} / {1}")
  @MethodSource("cases")
  void eachFaultIsTypedOrRetriedAndNeverDuplicatesAPost(Fault fault, Op op) throws Exception {
    OkHttpClient callers = new OkHttpClient();
    URI base = server.url("/").uri();
    if (fault == Fault.CONNECTION_REFUSED) {
      base = closedPort();
    }
    stage(fault, op);
    MfaClient client = builder().baseUrl(base).httpClient(callers)
        .readTimeout(fault == Fault.STALL_PAST_READ_TIMEOUT ? Duration.ofMillis(200) : Duration.ofSeconds(10))
        .build();
    boolean pooled = fault == Fault.RESET_POOLED_BEFORE_REQUEST || fault == Fault.RESET_POOLED_AFTER_REQUEST;
    if (pooled) {
      warmUpFor(op).call.apply(client);
      sleeper.sleeps.clear();
    }

    String outcome;
    Object result = null;
    RuntimeException thrown = null;
    try {
      result = op.call.apply(client);
      outcome = "ok";
    } catch (MfaApiException e) {
      thrown = e;
      outcome = "MfaApiException " + e.reason();
    } catch (MfaException e) {
      thrown = e;
      outcome = e.getClass().getSimpleName();
    }

    List<RecordedRequest> seen = requestsTo(op);
    int rateLimited = seen.isEmpty() ? 0 : answered429(fault);
    String wait = describe(sleeper.sleeps);
    Expect expected = fault.expected(op);
    String where = fault + " / " + op + ": " + (thrown == null ? String.valueOf(result) : thrown.toString());

    assertEquals(expected.outcome(), outcome, where);
    assertEquals(expected.requests(), seen.size(), () -> where + "\nrequests: " + seen);
    assertEquals(expected.waits(), wait, () -> where + "\nwaits: " + sleeper.sleeps);
    if (op.kind == Kind.POST) {
      int applied = seen.size() - rateLimited;
      assertTrue(applied <= 1, where + ": a POST that may have been applied was sent again");
      synchronized (OBSERVED) {
        duplicated += Math.max(0, applied - 1);
      }
    }
    if (thrown != null) {
      assertFalse(thrown.getMessage().contains("padding"), where);
      assertFalse(thrown.getMessage().contains("<html"), where);
    }
    if (thrown instanceof MfaApiException e && e.reason() == ErrorReason.RATE_LIMITED) {
      Instant reset = e.rateLimit().reset();
      assertEquals(fault == Fault.RATE_LIMIT_RESET_BEYOND_CAP ? START.plusSeconds(3600) : START.plusSeconds(120),
          reset, where);
      assertTrue(e.getMessage().contains("resets at " + reset), e.getMessage());
    }
    if (fault == Fault.RESET_POOLED_AFTER_REQUEST && !seen.isEmpty()) {
      assertEquals(1, seen.get(0).getExchangeIndex(), where + ": the first attempt went over the pooled connection");
    }
    assertNoLeak(callers, where);
    synchronized (OBSERVED) {
      OBSERVED.computeIfAbsent(fault, f -> new LinkedHashMap<>())
          .put(op, cell(outcome, seen.size(), rateLimited, wait));
    }
    callers.connectionPool().evictAll();
  }

  /** 429 faults answer the first attempt with 429: that one was refused, not applied. */
  private static int answered429(Fault fault) {
    boolean retried429 = fault.name().startsWith("RATE_LIMIT_") && !fault.name().endsWith("BEYOND_CAP");
    return retried429 ? 1 : 0;
  }

  /** The complete requests the server read for the operation (not the warm-up, not a connection with no request). */
  private List<RecordedRequest> requestsTo(Op op) throws InterruptedException {
    List<RecordedRequest> out = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      if (r.getFailure() == null && op.kind.name().equals(r.getMethod()) && r.getUrl() != null
          && op.path.equals(r.getUrl().encodedPath())) {
        out.add(r);
      }
    }
    return out;
  }

  private static String describe(List<Duration> sleeps) {
    if (sleeps.isEmpty()) {
      return NO_WAIT;
    }
    Set<Duration> distinct = new LinkedHashSet<>(sleeps);
    Duration first = sleeps.get(0);
    if (distinct.size() == 1 && first.toMillis() % 1000 == 0) {
      return first.toSeconds() + " s";
    }
    for (Duration d : sleeps) {
      // RetryPolicy.defaults(): 250 ms initial, 4 s cap, "equal jitter" (half to full).
      assertTrue(d.toMillis() >= 125 && d.toMillis() <= 4000, "backoff out of range: " + sleeps);
    }
    return BACKOFF + (sleeps.size() > 1 ? " x" + sleeps.size() : "");
  }

  /**
   * No connection of the caller's pool may still be held by a call: an unclosed response keeps its connection
   * allocated (not idle) for good. {@link #theLeakCheckCatchesAnUnclosedResponse} shows the check failing.
   */
  static void assertNoLeak(OkHttpClient callers, String where) {
    assertEquals(0, callers.dispatcher().runningCallsCount(), where + ": a call is still running");
    assertEquals(callers.connectionPool().connectionCount(), callers.connectionPool().idleConnectionCount(),
        where + ": a connection is still allocated to a response nobody closed");
  }

  private static String cell(String outcome, int requests, int rateLimited, String wait) {
    String o = switch (outcome) {
      case "ok" -> "ok";
      case "MfaOutcomeUnknownException" -> "outcome unknown";
      case "MfaNetworkException" -> "network error";
      case "MfaDecodingException" -> "decoding error";
      default -> outcome.replace("MfaApiException ", "API error ");
    };
    String w = wait.equals(NO_WAIT) ? "" : ", after " + wait.replace(" x", " ×");
    String r = requests + (requests == 1 ? " request" : " requests")
        + (rateLimited > 0 ? " (" + rateLimited + " refused with 429)" : "");
    return o + w + "; " + r;
  }

  private static URI closedPort() throws IOException {
    MockWebServer closed = new MockWebServer();
    closed.start();
    URI url = closed.url("/").uri();
    closed.close();
    return url;
  }

  /** The control: a response left open keeps its connection allocated, and {@link #assertNoLeak} says so. */
  @Test
  void theLeakCheckCatchesAnUnclosedResponse() throws IOException {
    server.enqueue(json(200, "[]"));
    OkHttpClient plain = new OkHttpClient();
    Response open = plain.newCall(new Request.Builder().url(server.url("/mfa/authenticators")).build()).execute();

    AssertionError leak = org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class,
        () -> assertNoLeak(plain, "control"));

    assertTrue(leak.getMessage().contains("a response nobody closed"), leak.getMessage());
    open.close();
    assertNoLeak(plain, "control after close");
    plain.connectionPool().evictAll();
  }

  @AfterAll
  static void documentTheMatrix() {
    if (OBSERVED.size() != Fault.values().length) {
      return; // a filtered or failed run: the table would be incomplete
    }
    StringBuilder md = new StringBuilder();
    md.append("| fault | POST: sign-in, associate, challenge, 3 verify grants | GET authenticators | DELETE authenticator |\n");
    md.append("|---|---|---|---|\n");
    int cases = 0;
    for (Map.Entry<Fault, Map<Op, String>> e : OBSERVED.entrySet()) {
      Map<Op, String> byOp = e.getValue();
      cases += byOp.size();
      Set<String> posts = new LinkedHashSet<>();
      for (Op op : Op.values()) {
        if (op.kind == Kind.POST && byOp.containsKey(op)) {
          posts.add(byOp.get(op));
        }
      }
      md.append("| ").append(e.getKey().label).append(" | ").append(String.join(" / ", posts)).append(" | ")
          .append(byOp.get(Op.LIST_AUTHENTICATORS)).append(" | ").append(byOp.get(Op.DELETE_AUTHENTICATOR))
          .append(" |\n");
    }
    md.append("\nClient fault cases: ").append(Fault.values().length).append(" faults × ").append(Op.values().length)
        .append(" operations = ").append(cases).append("; POSTs sent again after they may have been applied: ")
        .append(duplicated).append(".\n");
    DocBlock.check("reliability.md", "client-faults", md.toString());
  }
}
