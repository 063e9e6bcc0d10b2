package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A mock tenant on an ephemeral loopback port, a fake clock and a recording sleeper (no real sleeping). */
abstract class MockServerTest {
  static final String CLIENT_ID = "test-client_id";
  static final String CLIENT_SECRET = "test-client_secret";
  static final Instant START = Instant.parse("2024-09-20T10:55:32Z");

  MockWebServer server;
  MutableClock clock;
  RecordingSleeper sleeper;
  List<String> logLines;

  @BeforeEach
  void startServer() throws IOException {
    server = new MockWebServer();
    server.start();
    clock = new MutableClock(START);
    sleeper = new RecordingSleeper(clock);
    logLines = Collections.synchronizedList(new ArrayList<>());
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  /** A client for the mock tenant with client_secret_post, the fake clock and sleeper, and a capturing logger. */
  MfaClient.Builder builder() {
    return MfaClient.builder()
        .baseUrl(server.url("/").uri())
        .clientId(CLIENT_ID)
        .clientSecret(CLIENT_SECRET)
        .clock(clock)
        .sleeper(sleeper)
        .logger(logLines::add);
  }

  MfaClient client() {
    return builder().build();
  }

  void enqueue(int code, String body) {
    server.enqueue(new MockResponse.Builder().code(code)
        .addHeader("Content-Type", "application/json; charset=utf-8").body(body).build());
  }

  void enqueueFixture(int code, String name) {
    enqueue(code, fixture(name));
  }

  void enqueueError(int code, String error, String description) {
    enqueue(code, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
  }

  RecordedRequest take() {
    try {
      RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
      assertNotNull(r, "the server saw no request");
      return r;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  static String fixture(String name) {
    try (InputStream in = MockServerTest.class.getResourceAsStream("/recorded/" + name)) {
      assertNotNull(in, "missing fixture " + name);
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().utf8();
  }

  /** The form fields of a request, checking the content type. */
  static Map<String, String> form(RecordedRequest r) {
    assertEquals("application/x-www-form-urlencoded", r.getHeaders().get("Content-Type"));
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : body(r).split("&")) {
      int eq = pair.indexOf('=');
      out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** The JSON object of a request, checking the content type. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> json(RecordedRequest r) {
    assertEquals("application/json; charset=utf-8", r.getHeaders().get("Content-Type"));
    return (Map<String, Object>) parseJson(body(r));
  }

  static Object parseJson(String text) {
    try {
      return JsonReader.of(new Buffer().writeUtf8(text)).readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Asserts the headers every request carries. */
  static void assertCommonHeaders(RecordedRequest r) {
    assertEquals("application/json", r.getHeaders().get("Accept"));
    String ua = r.getHeaders().get("User-Agent");
    assertNotNull(ua);
    org.junit.jupiter.api.Assertions.assertTrue(ua.matches("mfakit/[0-9][^ ]*"), ua);
  }

  /** A clock tests move by hand (and the sleeper moves when "sleeping"). */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** Records every wait and advances the clock instead of sleeping. */
  static final class RecordingSleeper implements Sleeper {
    final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
    private final MutableClock clock;

    RecordingSleeper(MutableClock clock) {
      this.clock = clock;
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      clock.advance(duration);
    }
  }
}
