package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;

class BuilderWiringTest extends MockServerTest {

  @Test
  void theProxyIsUsed() {
    enqueueFixture(200, "token.json");
    MfaClient client = builder().baseUrl(URI.create("http://localhost:1")).proxy(server.getProxyAddress()).build();

    client.verifyOtp(MfaToken.of("t"), "123456");

    RecordedRequest r = take();
    assertEquals("localhost", r.getUrl().host());
    assertEquals(1, r.getUrl().port());
    assertTrue(r.getRequestLine().startsWith("POST http://localhost:1/oauth/token"), r.getRequestLine());
  }

  @Test
  void theCallersClientKeepsItsInterceptors() {
    enqueueFixture(200, "token.json");
    List<String> seen = new ArrayList<>();
    OkHttpClient callers = new OkHttpClient.Builder().addInterceptor(chain -> {
      seen.add(chain.request().url().encodedPath());
      return chain.proceed(chain.request());
    }).build();

    builder().httpClient(callers).build().verifyOtp(MfaToken.of("t"), "123456");

    assertEquals(List.of("/oauth/token"), seen);
  }

  @Test
  void theCallTimeoutBoundsAGetAndIsRetriedAsAnIoError() {
    server.enqueue(new MockResponse.Builder().bodyDelay(2, TimeUnit.SECONDS).body("[]").build());
    enqueue(200, "[]");
    MfaClient client = builder().callTimeout(Duration.ofMillis(300)).build();

    assertEquals(List.of(), client.listAuthenticators(MfaToken.of("t")));
    assertEquals(2, server.getRequestCount());
    assertEquals(1, sleeper.sleeps.size());
  }

  @Test
  void oneClientServesManyUsersConcurrently() throws Exception {
    int users = 8;
    for (int i = 0; i < users; i++) {
      enqueueFixture(200, "token.json");
    }
    MfaClient client = client();
    List<Thread> threads = new ArrayList<>();
    List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int i = 0; i < users; i++) {
      String token = "mfa-token-" + i;
      Thread t = new Thread(() -> {
        try {
          client.verifyOtp(MfaToken.of(token), "123456");
        } catch (Throwable e) {
          failures.add(e);
        }
      });
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join(10_000);
    }

    assertEquals(List.of(), failures);
    java.util.Set<String> tokens = new java.util.HashSet<>();
    for (int i = 0; i < users; i++) {
      tokens.add(form(take()).get("mfa_token"));
    }
    assertEquals(users, tokens.size());
  }

  @Test
  void closedServerIsANetworkErrorForGetAfterRetries() throws Exception {
    mockwebserver3.MockWebServer closed = new mockwebserver3.MockWebServer();
    closed.start();
    URI url = closed.url("/").uri();
    closed.close();

    MfaNetworkException e = assertThrows(MfaNetworkException.class,
        () -> builder().baseUrl(url).build().listAuthenticators(MfaToken.of("t")));

    assertTrue(e.getMessage().contains("after 3 attempts"), e.getMessage());
    assertEquals(2, sleeper.sleeps.size());
  }
}
