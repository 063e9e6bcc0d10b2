package dev.mfakit.bench;

import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.RequestPacer;
import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;

/**
 * The client's pacer against a tenant limited to R requests a second (R = 50 and 500): 16 threads share one
 * MfaClient and enroll users (sign-in, associate an authenticator app, confirm with its TOTP code: 3 requests each)
 * for about half a minute. **Baseline: the same client and load without a pacer** (its retry policy waits out each
 * 429's Retry-After, three attempts). Each run has its own tenant, in a JVM of its own, started as {@code mfa sandbox
 * --rate-limit R} starts one (the whole tenant limited, bucket R, the per-client limit off); the figures of requests
 * and 429s are the tenant's own ({@code GET /sandbox/stats}), the per-window rates the client's (an OkHttp interceptor
 * counting answers).
 */
final class PacingBench {
  private static final int THREADS = 16;
  private static final int[] RATES = {50, 500};
  private static final String PASSWORD = "pacing-bench-password";
  private static final int WINDOW_SECONDS = 5;
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final int seconds;
  private final Report report;

  PacingBench(boolean quick) {
    this.seconds = quick ? 10 : 30;
    this.report = new Report("pacing", "Pacing: 16 threads at the tenant's rate limit",
        Report.COMMAND + " -Dbench.args=pacing");
  }

  /** One run's figures. */
  private record Run(String client, int rate, double wallSeconds, long requests, long refused, double servedPerSecond,
      double minWindow, double steadyPerSecond, int journeysOk, int journeysFailed, String learned) {}

  Report run() throws Exception {
    List<Run> runs = new ArrayList<>();
    for (int rate : RATES) {
      runs.add(measure(rate, "baseline: no pacer", () -> null));
      runs.add(measure(rate, "RequestPacer.learning()", RequestPacer::learning));
      runs.add(measure(rate, "RequestPacer.startingAt(R)", () -> RequestPacer.startingAt(rate)));
    }
    report.paragraph("Load: " + THREADS + " threads share one MfaClient; each takes the next user and enrolls an "
        + "authenticator app: sign-in (403 mfa_required) → associate otp → verifyOtp with the TOTP code computed from "
        + "the secret (`Totp`), 3 requests, about " + seconds + " s of requests at R per run (" + seconds
        + " × R / 3 users). The tenant: a sandbox in a JVM of its own, limited as `mfa sandbox --rate-limit R` "
        + "limits it (one bucket of R tokens for the whole tenant, refilled at R a second, reported in "
        + "X-RateLimit-*; 429 with Retry-After in whole seconds). **Baseline: no pacer**, the client as it is by "
        + "default (a 429 is retried after its Retry-After, up to 3 attempts, then the journey fails). A fresh tenant "
        + "(full bucket) per run.");
    report.line("| R | client | served/s (whole run) | served/s, steady (after the first " + WINDOW_SECONDS
        + " s) | slowest " + WINDOW_SECONDS + "-s window (% of R) | answered 429 | journeys ok / failed | wall s |"
        + " pace learned | target: every window ≥ 95 % of R, ≤ 1 % answered 429 |");
    report.line("|--:|---|--:|--:|--:|--:|--:|--:|--:|---|");
    for (Run r : runs) {
      double share = 100.0 * r.refused() / r.requests();
      double slowest = 100 * r.minWindow() / r.rate();
      String verdict = slowest >= 95 && share <= 1 ? "met"
          : "missed" + (slowest < 95 ? Report.fmt(" (slowest window %.1f %%)", slowest) : "")
              + (share > 1 ? Report.fmt(" (%.2f %% answered 429)", share) : "");
      report.line(Report.fmt("| %d | %s | %.1f | %.1f | %.1f (%.1f %%) | %,d of %,d (%.2f %%) | %,d / %,d | %.1f | %s"
          + " | %s |", r.rate(), r.client(), r.servedPerSecond(), r.steadyPerSecond(), r.minWindow(), slowest,
          r.refused(), r.requests(), share, r.journeysOk(), r.journeysFailed(), r.wallSeconds(), r.learned(),
          verdict));
    }
    report.line("");
    report.paragraph("served/s = requests the tenant answered with anything but 429, per second, from its first "
        + "to its last counted request (the tenant's clock, `GET /sandbox/stats`); the whole run includes the first "
        + "moments, when a full bucket lets a burst through (the pacer spends only half of it), steady leaves the "
        + "first " + WINDOW_SECONDS + " s out. The slowest window is the client's count of non-429 answers in "
        + "each whole " + WINDOW_SECONDS + "-s window of the run, the first included. answered 429 = the tenant's "
        + "count of 429s over all the requests it answered. The machine (2 cores) was shared with other work while "
        + "this ran; a tenant's rate limit, not the machine, bounds this load (the same sandbox serves thousands "
        + "of journeys a second, see the sandbox section), so the figures hold on any machine that can send R "
        + "requests a second.");
    return report;
  }

  private Run measure(int rate, String name, Supplier<RequestPacer> pacers) throws Exception {
    int users = rate * seconds / 3;
    Process tenant = startTenant(rate, users);
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(tenant.getInputStream(), StandardCharsets.UTF_8));
      String url = out.readLine();
      if (url == null || !url.startsWith("http://")) {
        throw new IllegalStateException("the tenant did not start: " + url);
      }
      long start = System.nanoTime();
      AtomicLongArray served = new AtomicLongArray(seconds * 20 + 600);
      OkHttpClient http = new OkHttpClient.Builder()
          .connectionPool(new ConnectionPool(THREADS * 2, 5, TimeUnit.MINUTES))
          .addNetworkInterceptor(chain -> {
            okhttp3.Response response = chain.proceed(chain.request());
            if (response.code() != 429) {
              served.incrementAndGet((int) Math.min(served.length() - 1, (System.nanoTime() - start) / 1_000_000_000L));
            }
            return response;
          }).build();
      RequestPacer pacer = pacers.get();
      MfaClient.Builder builder = MfaClient.builder().baseUrl(URI.create(url)).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).httpClient(http);
      if (pacer != null) {
        builder.pacer(pacer);
      }
      MfaClient client = builder.build();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger ok = new AtomicInteger();
      AtomicInteger failed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        done.add(pool.submit(() -> {
          for (int u = next.getAndIncrement(); u < users; u = next.getAndIncrement()) {
            try {
              enroll(client, "user" + u + "@bench.example.com");
              ok.incrementAndGet();
            } catch (MfaApiException e) {
              if (e.reason() != ErrorReason.RATE_LIMITED) {
                throw e;
              }
              failed.incrementAndGet();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
      double wall = (System.nanoTime() - start) / 1e9;
      Map<String, Object> stats = Bench.json(HTTP.send(HttpRequest.newBuilder(URI.create(url + "/sandbox/stats"))
          .build(), HttpResponse.BodyHandlers.ofString()).body());
      long requests = ((Number) stats.get("requests")).longValue();
      long refused = ((Number) stats.get("rate_limited")).longValue();
      Instant first = Instant.parse((String) stats.get("first_request_at"));
      Instant last = Instant.parse((String) stats.get("last_request_at"));
      double span = Math.max(1e-3, (last.toEpochMilli() - first.toEpochMilli()) / 1000.0);
      double minWindow = Double.MAX_VALUE;
      long steady = 0;
      int whole = (int) (wall / WINDOW_SECONDS);
      for (int w = 0; w < whole; w++) {
        long n = 0;
        for (int s = w * WINDOW_SECONDS; s < (w + 1) * WINDOW_SECONDS; s++) {
          n += served.get(s);
        }
        minWindow = Math.min(minWindow, n / (double) WINDOW_SECONDS);
      }
      for (int s = WINDOW_SECONDS; s < served.length(); s++) {
        steady += served.get(s);
      }
      double steadySeconds = Math.max(1e-3, wall - WINDOW_SECONDS);
      Double pace = pacer == null ? null : pacer.rate();
      String learned = pacer == null ? "—" : pace != null ? Report.fmt("%.1f/s", pace) : "none";
      Run run = new Run(name, rate, wall, requests, refused, (requests - refused) / span,
          minWindow == Double.MAX_VALUE ? Double.NaN : minWindow, steady / steadySeconds, ok.get(), failed.get(),
          learned);
      StringBuilder perSecond = new StringBuilder();
      for (int s = 0; s <= (int) wall; s++) {
        perSecond.append(s == 0 ? "" : " ").append(served.get(s));
      }
      System.out.println(run + "\n  served per second (client): " + perSecond);
      http.connectionPool().evictAll();
      return run;
    } finally {
      tenant.getOutputStream().close();
      if (!tenant.waitFor(10, TimeUnit.SECONDS)) {
        tenant.destroyForcibly();
      }
    }
  }

  private static void enroll(MfaClient client, String username) {
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(username, PASSWORD));
    MfaToken token = required.mfaToken();
    Association app = client.associate(token, Enrollment.otp());
    client.verifyOtp(token, Totp.fromBase32(app.secret()).codeAt(Instant.now()));
  }

  private static Process startTenant(int rate, int users) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-Xmx1g", "-Dsun.net.httpserver.nodelay=true", "-cp",
        System.getProperty("java.class.path"), PacingBench.class.getName(), String.valueOf(rate),
        String.valueOf(users)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  /**
   * The tenant's JVM: a sandbox limited as a whole to R requests a second (bucket R, the per-client limit off), with
   * the users; prints its URL and serves until stdin closes.
   */
  public static void main(String[] args) throws IOException {
    int rate = Integer.parseInt(args[0]);
    int users = Integer.parseInt(args[1]);
    try (SandboxTenant tenant = SandboxTenant.builder().rateLimit(0, 0).tenantRateLimit(rate, rate).start()) {
      for (int u = 0; u < users; u++) {
        tenant.addUser("user" + u + "@bench.example.com", PASSWORD);
      }
      System.out.println(tenant.baseUrl());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until the harness closes our stdin
      }
    }
  }
}
