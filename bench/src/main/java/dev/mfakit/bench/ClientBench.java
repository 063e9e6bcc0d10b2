package dev.mfakit.bench;

import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.Tokens;
import dev.mfakit.client.internal.Version;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The cost of the two calls of an SMS enrollment (associate, then verify the binding code) through mfa-client and
 * through bare OkHttp + Moshi ({@link BareClient}), on ONE pooled OkHttpClient shared by both (MfaClient derives
 * its own with {@code newBuilder()}, which keeps the pool and dispatcher), against one canned loopback server
 * answering with recorded Auth0 bodies.
 *
 * <p>Named so that JMH, which runs benchmarks by mode and then by name, runs each pair back to back (bare, then
 * mfa-client) and the load of a shared machine drifts as little as possible between the two sides of a ratio.
 *
 * <p>The server runs in the JMH host JVM, whose URL {@link Bench} passes as {@code -Dbench.url}: JMH's {@code gc}
 * profiler counts the allocations of every thread of the measured JVM, so a server in the same JVM would add its
 * own allocations to both sides. Run without that property (from an IDE, say), the state starts a server itself.
 */
@State(Scope.Benchmark)
public class ClientBench {
  static final String PHONE = "+15555550123";
  static final String BINDING_CODE = "123456";

  private CannedTenant ownServer;
  private MfaClient mfa;
  private BareClient bare;
  private MfaToken token;
  private ConnectionPool pool;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    String url = System.getProperty("bench.url");
    if (url == null) {
      ownServer = new CannedTenant(CannedTenant.auth0(), 32);
      url = ownServer.baseUrl().toString();
    }
    // Pooled for 16 threads: with OkHttp's default of 5 idle connections, threads 6..16 would open and close a
    // connection per call, and the figure would measure TCP set-up instead of the client.
    pool = new ConnectionPool(32, 5, TimeUnit.MINUTES);
    OkHttpClient http = new OkHttpClient.Builder().connectionPool(pool).build();
    mfa = MfaClient.builder().baseUrl(URI.create(url)).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).httpClient(http).build();
    bare = new BareClient(http, HttpUrl.get(url), SandboxTenant.CLIENT_ID, SandboxTenant.CLIENT_SECRET,
        Version.userAgent());
    token = MfaToken.of(CannedTenant.auth0().mfaRequired().bodyField("mfa_token"));
    // Both sides must work (and agree) before anything is timed.
    if (!loopbackClient().accessToken().value().equals(loopbackBare().accessToken())) {
      throw new IllegalStateException("mfa-client and the bare client disagree");
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.evictAll();
    if (ownServer != null) {
      ownServer.close();
    }
  }

  /** mfa-client: associate SMS, verify the binding code. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Tokens loopbackClient() {
    Association a = mfa.associate(token, Enrollment.sms(PHONE));
    return mfa.verifyOob(token, a.oobCode(), BINDING_CODE);
  }

  /** Bare OkHttp + Moshi: the same two calls. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public BareClient.TokenAnswer loopbackBare() throws IOException {
    BareClient.AssociateAnswer a = bare.associateSms(token.value(), PHONE);
    return bare.verifyOob(token.value(), a.oobCode(), BINDING_CODE);
  }

  /**
   * The same pair with the network taken away: an OkHttp interceptor answers with the same recorded answers
   * before any socket (the request body is still written out, as a socket would take it), so what is left is the
   * clients' own work plus OkHttp's call machinery.
   */
  @State(Scope.Benchmark)
  public static class InMemory {
    MfaClient mfa;
    BareClient bare;
    MfaToken token;

    @Setup(Level.Trial)
    public void setUp() {
      CannedTenant.Answers answers = CannedTenant.auth0();
      OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> answers.answer(chain.request())).build();
      String url = "http://127.0.0.1:9"; // never connected to
      mfa = MfaClient.builder().baseUrl(URI.create(url)).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).httpClient(http).build();
      bare = new BareClient(http, HttpUrl.get(url), SandboxTenant.CLIENT_ID, SandboxTenant.CLIENT_SECRET,
          Version.userAgent());
      token = MfaToken.of(answers.mfaRequired().bodyField("mfa_token"));
    }
  }

  /** mfa-client in memory. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Tokens memoryClient(InMemory s) {
    Association a = s.mfa.associate(s.token, Enrollment.sms(PHONE));
    return s.mfa.verifyOob(s.token, a.oobCode(), BINDING_CODE);
  }

  /** Bare OkHttp + Moshi in memory. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public BareClient.TokenAnswer memoryBare(InMemory s) throws IOException {
    BareClient.AssociateAnswer a = s.bare.associateSms(s.token.value(), PHONE);
    return s.bare.verifyOob(s.token.value(), a.oobCode(), BINDING_CODE);
  }

  /** mfa-client, 16 threads sharing the one client. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public Tokens threads16Client() {
    return loopbackClient();
  }

  /** Bare OkHttp + Moshi, 16 threads sharing the one OkHttpClient. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @Threads(16)
  public BareClient.TokenAnswer threads16Bare() throws IOException {
    return loopbackBare();
  }
}
