package dev.mfakit.bench;

import dev.mfakit.client.Association;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.RetryPolicy;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import okhttp3.ConnectionPool;
import okhttp3.FormBody;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Sandbox throughput and memory, measured in the harness's own JVM (not JMH: a journey needs a fresh user, whom
 * the tenant must hold, and the heap figures need System.gc() between phases).
 *
 * <ul>
 *   <li>Journeys per second (sign-in, associate SMS, code from the outbox in-process, verifyOob) from one shared
 *       MfaClient on N threads, against the HTTP floor: the same client and round trips against a canned JDK server
 *       answering with bodies recorded from the sandbox. Rounds interleaved: floor, sandbox, floor, sandbox…
 *   <li>Sandbox heap after 0, N, 2N journeys, after the clock passed every TTL, and after as many sign-ins again.
 * </ul>
 */
final class SandboxBench {
  private static final String PASSWORD = "bench-password";
  private static final int[] THREADS = {2, 4, 16};
  /** The sandbox's standing target (its own issue): at least this many journeys per second on this machine. */
  private static final double TARGET = 2_000;
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  private final boolean quick;
  private final int journeysPerRound;
  private final int rounds;
  private final int memoryStep;
  private final AtomicInteger nextUser = new AtomicInteger();
  private final Report report;

  SandboxBench(boolean quick) {
    this.quick = quick;
    this.journeysPerRound = quick ? 800 : 6000;
    this.rounds = quick ? 1 : 3;
    this.memoryStep = quick ? 5_000 : 50_000;
    this.report = new Report("sandbox", "Sandbox: journeys per second and memory");
  }

  Report run() throws Exception {
    startTimes();
    throughput();
    // In its own method: an interpreted frame keeps its locals alive, and the heap figures need the throughput
    // part's tenant (tens of thousands of users) gone.
    memory();
    return report;
  }

  // ---- tenant start time --------------------------------------------------------------------------------------

  /**
   * Start and close, plain and with {@code https()}, each in fresh JVMs ({@link StartProbe}), alternated; then the
   * RS256 signing that every ID token and API access token costs, against the JDK alone.
   */
  private void startTimes() throws Exception {
    int runs = quick ? 2 : 6;
    List<double[]> plain = new ArrayList<>();
    List<double[]> https = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      plain.add(probe("plain"));
      https.add(probe("https"));
    }
    report.paragraph("Tenant start (a tenant per test method must stay cheap). Each figure in a fresh JVM (" + runs
        + " JVMs per kind, plain and HTTPS alternated; the median JVM, [lowest..highest] in brackets), measured by "
        + "`StartProbe`: the JVM's first `start()` + `close()`; then the median of 200 start-and-close cycles after "
        + "50 unmeasured ones; then a warm tenant's first `/.well-known/jwks.json` answer, which makes the RSA "
        + "signing key (once per JVM, on first use), and its second. HTTPS makes its CA and certificate once per "
        + "JVM too, on the first `https()` start.");
    report.line("| measurement | plain | `https()` |");
    report.line("|---|--:|--:|");
    report.line("| first start + close in a JVM, ms | " + cell(plain, 0, "%.0f") + " | " + cell(https, 0, "%.0f") + " |");
    report.line("| start + close once warm, µs | " + cell(plain, 1, "%,.0f") + " | " + cell(https, 1, "%,.0f") + " |");
    report.line("| first JWKS answer (makes the RSA key), ms | " + cell(plain, 2, "%.0f") + " | "
        + cell(https, 2, "%.0f") + " |");
    report.line("| a JWKS answer after that, ms | " + cell(plain, 3, "%.2f") + " | " + cell(https, 3, "%.2f") + " |");
    report.line("");
    signingCeiling();
  }

  /** One {@link StartProbe} in a fresh JVM with this JVM's class path. */
  private static double[] probe(String kind) throws Exception {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), StartProbe.class.getName(), kind)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).strip();
    if (p.waitFor() != 0) {
      throw new IllegalStateException("StartProbe " + kind + " failed: " + out);
    }
    String[] f = out.lines().reduce((a, b) -> b).orElseThrow().split(" ");
    return Arrays.stream(f).mapToDouble(Double::parseDouble).toArray();
  }

  private static String cell(List<double[]> runs, int column, String format) {
    double[] v = runs.stream().mapToDouble(r -> r[column]).sorted().toArray();
    String mid = Report.fmt(format, median(v));
    return v.length < 2 ? mid : mid + Report.fmt(" [" + format + ".." + format + "]", v[0], v[v.length - 1]);
  }

  /**
   * The ceiling RS256 puts on journeys: SHA256withRSA signatures of a token-sized input per second with the JDK
   * alone, on 1 thread and on as many threads as cores (a journey carries one signed token: its ID token).
   */
  private void signingCeiling() throws Exception {
    java.security.KeyPairGenerator g = java.security.KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    java.security.KeyPair key = g.generateKeyPair();
    int cores = Runtime.getRuntime().availableProcessors();
    int per = quick ? 300 : 2000;
    signaturesPerSecond(key, 1, per / 2); // JIT warm-up
    double one = signaturesPerSecond(key, 1, per);
    double all = signaturesPerSecond(key, cores, per);
    report.paragraph(Report.fmt("RS256 with the JDK alone (SHA256withRSA, a 2048-bit key, a 450-byte token): %,.0f "
        + "signatures/s on 1 thread (%.2f ms each), %,.0f/s on %d threads. A journey signs one token (its ID token; "
        + "the access token of a sign-in without an audience is opaque, as a real tenant's), so on this machine "
        + "RS256 alone caps the journeys at about %,.0f/s before any HTTP, JSON or client work.", one, 1000 / one,
        all, cores, all));
  }

  private static double signaturesPerSecond(java.security.KeyPair key, int threads, int perThread)
      throws InterruptedException {
    byte[] input = new byte[450];
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        try {
          java.security.Signature s = java.security.Signature.getInstance("SHA256withRSA");
          s.initSign(key.getPrivate());
          byte[] mine = input.clone();
          for (int i = 0; i < perThread; i++) {
            mine[0] = (byte) i;
            s.update(mine);
            s.sign();
          }
        } catch (java.security.GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      });
    }
    long start = System.nanoTime();
    for (Thread w : workers) {
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    return threads * perThread / ((System.nanoTime() - start) / 1e9);
  }

  // ---- journeys per second ------------------------------------------------------------------------------------

  /** One user of a journey: the sandbox needs a fresh user per journey (an enrolled user cannot enroll again). */
  private record Account(String username, String phone) {}

  private interface Journey {
    void run(Account account);
  }

  private record Round(double perSecond, long[] nanos) {}

  private void throughput() throws Exception {
    report.paragraph("One journey = sign-in (403 mfa_required) → associate SMS → code read from the outbox "
        + "in-process (`tenant.lastMessageTo`) → verifyOob: 3 HTTP round trips, from one shared MfaClient on N "
        + "threads, rate limit off, a fresh user per journey. The verifyOob answer carries an RS256 ID token "
        + "(default scope `openid profile`) and an opaque access token (no audience). **Baseline: the HTTP floor**, the same MfaClient and "
        + "the same 3 round trips against a canned JDK HttpServer (the server the sandbox uses, same worker count) "
        + "answering with bodies recorded from the sandbox: what is left is HTTP, the client and JSON, so the gap "
        + "is the sandbox's own work. Both share the 2 cores with the client. " + Report.fmt("%,d", journeysPerRound)
        + " journeys per round, " + rounds + " interleaved round pair(s) (floor, sandbox, …) per N; each cell is "
        + "the median round, [slowest..fastest] round in brackets. Both clients pool up to 32 connections.");
    try (SandboxTenant tenant = SandboxTenant.builder().rateLimit(0, 0).start()) {
      CannedTenant.Answers answers = record(tenant);
      int serverThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors()); // the sandbox's default
      try (CannedTenant canned = new CannedTenant(answers, serverThreads)) {
        journeys(tenant, canned);
      }
    }
  }

  private void journeys(SandboxTenant tenant, CannedTenant canned) throws Exception {
    MfaClient toSandbox = client(tenant.baseUrl());
    MfaClient toCanned = client(canned.baseUrl());
    Journey subject = a -> journey(toSandbox, a, () -> tenant.lastMessageTo(a.phone()).code());
    Journey floor = a -> journey(toCanned, a, () -> "123456");

    // Warm-up: JIT, connection pools, the tenant's maps.
    for (int i = 0; i < 2; i++) {
      round(floor, accounts(null, journeysPerRound / 2), 4);
      round(subject, accounts(tenant, journeysPerRound / 2), 4);
    }

    report.line("| measurement | baseline: HTTP floor | ours: sandbox | ratio | target | verdict |");
    report.line("|---|--:|--:|--:|--:|---|");
    List<String> latencies = new ArrayList<>();
    for (int threads : THREADS) {
      List<Round> floorRounds = new ArrayList<>();
      List<Round> subjectRounds = new ArrayList<>();
      for (int r = 0; r < rounds; r++) {
        floorRounds.add(round(floor, accounts(null, journeysPerRound), threads));
        subjectRounds.add(round(subject, accounts(tenant, journeysPerRound), threads));
      }
      double f = median(floorRounds.stream().mapToDouble(Round::perSecond).toArray());
      double s = median(subjectRounds.stream().mapToDouble(Round::perSecond).toArray());
      String verdict = s >= TARGET ? "met" : Report.fmt("missed by %,.0f j/s", TARGET - s);
      report.line(Report.fmt("| journeys/s, %d threads | %,.0f%s | %,.0f%s | %.2f× | ≥ %,.0f j/s | %s |", threads,
          f, range(floorRounds), s, range(subjectRounds), s / f, TARGET, verdict));
      long[] fl = pooled(floorRounds);
      long[] sl = pooled(subjectRounds);
      latencies.add(Report.fmt("| %d | %.2f / %.2f | %.2f / %.2f | %+.0f |", threads, ms(percentile(fl, 0.50)),
          ms(percentile(fl, 0.99)), ms(percentile(sl, 0.50)), ms(percentile(sl, 0.99)), 1e6 / s - 1e6 / f));
    }
    report.line("");
    report.paragraph("Latency of one journey, pooled over the rounds; `sandbox µs/journey` = 1e6/sandbox − "
        + "1e6/floor, the wall-clock time per journey that the sandbox's own logic adds at that concurrency.");
    report.line("| threads | floor p50 / p99 ms | sandbox p50 / p99 ms | sandbox µs/journey |");
    report.line("|--:|--:|--:|--:|");
    latencies.forEach(report::line);
    report.line("");
  }

  private static void journey(MfaClient client, Account a, Supplier<String> code) {
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(a.username(), PASSWORD));
    Association association = client.associate(required.mfaToken(), Enrollment.sms(a.phone()));
    client.verifyOob(required.mfaToken(), association.oobCode(), code.get());
  }

  /** Fresh accounts; added to {@code tenant} when given (outside the timed part). */
  private Account[] accounts(SandboxTenant tenant, int n) {
    Account[] out = new Account[n];
    for (int i = 0; i < n; i++) {
      int id = nextUser.getAndIncrement();
      out[i] = new Account("bench" + id + "@example.com", Report.fmt("+1555%07d", id));
      if (tenant != null) {
        tenant.addUser(out[i].username(), PASSWORD);
      }
    }
    return out;
  }

  /** Runs every account's journey on {@code threads} threads; throughput and each journey's latency. */
  private static Round round(Journey journey, Account[] accounts, int threads) throws InterruptedException {
    long[] nanos = new long[accounts.length];
    AtomicInteger next = new AtomicInteger();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread[] workers = new Thread[threads];
    for (int t = 0; t < threads; t++) {
      workers[t] = new Thread(() -> {
        try {
          for (int i; (i = next.getAndIncrement()) < accounts.length; ) {
            long t0 = System.nanoTime();
            journey.run(accounts[i]);
            nanos[i] = System.nanoTime() - t0;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          next.set(accounts.length);
        }
      }, "journey-" + t);
    }
    long start = System.nanoTime();
    for (Thread w : workers) {
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    long wall = System.nanoTime() - start;
    if (failure.get() != null) {
      throw new IllegalStateException("a journey failed", failure.get());
    }
    return new Round(accounts.length / (wall / 1e9), nanos);
  }

  // ---- memory -------------------------------------------------------------------------------------------------

  private void memory() throws Exception {
    report.paragraph("Memory: a fresh tenant (rate limit off, outbox capped at its default 10,000 messages), "
        + "journeys on 4 threads. Heap used after System.gc(), via MemoryMXBean, in the harness's own JVM (forked "
        + "by Maven, -Xmx2g). The users themselves (added up front, " + Report.fmt("%,d", 2 * memoryStep)
        + ") stay: they are the tenant's data, not its garbage. Live mfa_tokens last 10 minutes of tenant time, so "
        + "a burst of journeys keeps them until the clock passes their expiry. Baseline: the same tenant with its "
        + "users and no journey yet.");
    report.line("| state | heap used MB | vs. tenant with its users |");
    report.line("|---|--:|--:|");
    long before = heapUsed();
    report.line(Report.fmt("| no tenant | %.1f | |", before / 1e6));
    long[] figures = memoryWithTenant();
    long users = figures[0];
    long closed = heapUsed();
    report.line(Report.fmt("| tenant closed | %.1f | %+.1f |", closed / 1e6, (closed - users) / 1e6));
    report.line("");
    report.paragraph(Report.fmt("Per journey before eviction: %.0f bytes; after eviction: %.0f bytes (the enrolled "
        + "authenticators of each user: sms, its voice twin, the recovery code; and the outbox, capped at 10,000 "
        + "messages). Per user, before any journey: %.0f bytes. After as many sign-ins of the enrolled users and a "
        + "second eviction, the heap is %+.1f MB from the first plateau: sign-ins leave nothing behind once their "
        + "tokens expired.", (figures[1] - users) / (2.0 * memoryStep), (figures[2] - users) / (2.0 * memoryStep),
        (users - before) / (2.0 * memoryStep), (figures[3] - figures[2]) / 1e6));
  }

  /** The tenant's part of {@link #memory()}: heap with the users before journeys, after all, after eviction. */
  private long[] memoryWithTenant() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().rateLimit(0, 0).start()) {
      MfaClient client = client(tenant.baseUrl());
      Journey journey = a -> journey(client, a, () -> tenant.lastMessageTo(a.phone()).code());
      Account[] first = accounts(tenant, memoryStep);
      Account[] second = accounts(tenant, memoryStep);
      long users = heapUsed();
      report.line(Report.fmt("| tenant + %,d users, 0 journeys | %.1f | +0.0 |", 2 * memoryStep, users / 1e6));
      round(journey, first, 4);
      long half = heapUsed();
      report.line(Report.fmt("| after %,d journeys | %.1f | %+.1f |", memoryStep, half / 1e6, (half - users) / 1e6));
      round(journey, second, 4);
      long full = heapUsed();
      report.line(Report.fmt("| after %,d journeys | %.1f | %+.1f |", 2 * memoryStep, full / 1e6,
          (full - users) / 1e6));
      tenant.advanceClock(Duration.ofHours(1)); // past every TTL (mfa_token 10 min, oob_code 5 min); sweeps at once
      long evicted = heapUsed();
      report.line(Report.fmt("| clock +1 h, evicted | %.1f | %+.1f |", evicted / 1e6, (evicted - users) / 1e6));
      // Steady state: the same, now enrolled, users sign in again (challenge SMS, verify). Only live tokens grow.
      Journey signIn = a -> {
        MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(a.username(), PASSWORD));
        Challenge challenge = client.challenge(required.mfaToken(), ChallengeRequest.oob());
        client.verifyOob(required.mfaToken(), challenge.oobCode(),
            tenant.lastMessageTo(a.phone()).code());
      };
      round(signIn, first, 4);
      round(signIn, second, 4);
      long again = heapUsed();
      report.line(Report.fmt("| + %,d sign-ins of enrolled users (challenge, verify) | %.1f | %+.1f |",
          2 * memoryStep, again / 1e6, (again - users) / 1e6));
      tenant.advanceClock(Duration.ofHours(1));
      long evictedAgain = heapUsed();
      report.line(Report.fmt("| clock +1 h, evicted | %.1f | %+.1f |", evictedAgain / 1e6,
          (evictedAgain - users) / 1e6));
      return new long[] {users, full, evicted, evictedAgain};
    }
  }

  private static long heapUsed() throws InterruptedException {
    var memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  // ---- recording the canned answers ---------------------------------------------------------------------------

  /** One real journey against the sandbox with plain OkHttp, keeping each answer's status, headers and body. */
  private static CannedTenant.Answers record(SandboxTenant tenant) throws IOException {
    String user = "recorded@example.com";
    String phone = "+15559999999";
    tenant.addUser(user, PASSWORD);
    OkHttpClient raw = new OkHttpClient();
    String base = tenant.baseUrl().toString();
    CannedTenant.Canned mfaRequired = exchange(raw, new Request.Builder().url(base + "/oauth/token")
        .post(new FormBody.Builder().add("grant_type", "password").add("username", user).add("password", PASSWORD)
            .add("client_id", SandboxTenant.CLIENT_ID).add("client_secret", SandboxTenant.CLIENT_SECRET).build())
        .build());
    String token = mfaRequired.bodyField("mfa_token");
    CannedTenant.Canned associate = exchange(raw, new Request.Builder().url(base + "/mfa/associate")
        .header("Authorization", "Bearer " + token)
        .post(RequestBody.create("{\"authenticator_types\":[\"oob\"],\"oob_channels\":[\"sms\"],\"phone_number\":\""
            + phone + "\"}", JSON)).build());
    CannedTenant.Canned tokens = exchange(raw, new Request.Builder().url(base + "/oauth/token")
        .post(new FormBody.Builder().add("grant_type", "http://auth0.com/oauth/grant-type/mfa-oob")
            .add("mfa_token", token).add("oob_code", associate.bodyField("oob_code"))
            .add("binding_code", tenant.lastMessageTo(phone).code())
            .add("client_id", SandboxTenant.CLIENT_ID).add("client_secret", SandboxTenant.CLIENT_SECRET).build())
        .build());
    CannedTenant.Canned list = exchange(raw, new Request.Builder().url(base + "/mfa/authenticators")
        .header("Authorization", "Bearer " + token).build());
    if (mfaRequired.status() != 403 || associate.status() != 200 || tokens.status() != 200 || list.status() != 200) {
      throw new IllegalStateException("recording the canned answers failed");
    }
    raw.connectionPool().evictAll();
    return new CannedTenant.Answers(mfaRequired, associate, tokens, list);
  }

  private static CannedTenant.Canned exchange(OkHttpClient raw, Request request) throws IOException {
    try (Response r = raw.newCall(request).execute()) {
      Map<String, String> headers = new LinkedHashMap<>();
      for (String name : List.of("Content-Type", "Cache-Control", "Pragma")) {
        if (r.header(name) != null) {
          headers.put(name, r.header(name));
        }
      }
      return CannedTenant.Canned.of(r.code(), headers, r.body().string());
    }
  }

  /** An MfaClient with a pool big enough for 16 threads (OkHttp keeps only 5 idle connections by default). */
  private static MfaClient client(URI base) {
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(new ConnectionPool(32, 5, TimeUnit.MINUTES)).build();
    return MfaClient.builder().baseUrl(base).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).retryPolicy(RetryPolicy.none()).httpClient(http).build();
  }

  // ---- figures ------------------------------------------------------------------------------------------------

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static long percentile(long[] values, double p) {
    long[] v = values.clone();
    Arrays.sort(v);
    return v[(int) Math.round(p * (v.length - 1))];
  }

  private static long[] pooled(List<Round> rounds) {
    return rounds.stream().flatMapToLong(r -> Arrays.stream(r.nanos())).toArray();
  }

  private static String range(List<Round> rounds) {
    if (rounds.size() < 2) {
      return "";
    }
    double min = rounds.stream().mapToDouble(Round::perSecond).min().orElse(0);
    double max = rounds.stream().mapToDouble(Round::perSecond).max().orElse(0);
    return Report.fmt(" [%,.0f..%,.0f]", min, max);
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }
}
