package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxStats;
import dev.mfakit.sandbox.SandboxTenant;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Sixteen threads through one paced client against a tenant limited as a whole: the sandbox's own counts say how many
 * requests it refused. No timing is asserted (the pace achieved is a benchmark figure, see BENCHMARKS.md).
 */
class SandboxPacingTest {
  private static final int THREADS = 16;
  private static final String PASSWORD = "pacing-password";

  private static SandboxTenant limitedTenant() {
    // 200 requests a second for the whole tenant, a bucket of 50: much less than 16 threads can send.
    return SandboxTenant.builder().rateLimit(0, 0).tenantRateLimit(200, 50).start();
  }

  private static MfaClient.Builder client(SandboxTenant tenant) {
    return MfaClient.builder().baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET);
  }

  private static void onThreads(int threads, Callable<Void> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Void>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(task));
      }
      for (Future<Void> f : done) {
        f.get();
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void sixteenThreadsSharingOnePacedClientAreAlmostNeverRefused() throws Exception {
    try (SandboxTenant tenant = limitedTenant()) {
      int usersPerThread = 12;
      int users = THREADS * usersPerThread;
      for (int i = 0; i < users; i++) {
        tenant.addUser("user" + i + "@example.com", PASSWORD);
      }
      RequestPacer pacer = RequestPacer.learning();
      MfaClient client = client(tenant).pacer(pacer).build();
      AtomicInteger next = new AtomicInteger();

      // Each user: sign in, associate an authenticator app, confirm it with the app's code: three requests.
      onThreads(THREADS, () -> {
        for (int u = next.getAndIncrement(); u < users; u = next.getAndIncrement()) {
          MfaToken token = ((MfaRequired) client.signIn(PasswordSignIn.of("user" + u + "@example.com", PASSWORD)))
              .mfaToken();
          Association app = client.associate(token, Enrollment.otp());
          client.verifyOtp(token, Totp.fromBase32(app.secret()).codeAt(Instant.now()));
        }
        return null;
      });

      SandboxStats stats = tenant.stats();
      assertEquals(users, stats.associationsByUser().size());
      assertTrue(stats.associationsByUser().values().stream().allMatch(n -> n == 1), stats::toString);
      // Every journey finished (a failure would have thrown above); the tenant refused at most 1 % of what it saw.
      assertTrue(stats.requests() >= 3L * users, stats::toString);
      assertTrue(stats.rateLimited() * 100 <= stats.requests(),
          () -> stats.rateLimited() + " of " + stats.requests() + " requests were answered 429");
      assertNotNull(pacer.rate(), "the pacer learned a rate");
    }
  }

  @Test
  void theSameLoadWithoutAPacerIsRefusedOften() throws Exception {
    try (SandboxTenant tenant = limitedTenant()) {
      MfaClient client = client(tenant).retryPolicy(RetryPolicy.none()).build();
      AtomicInteger refused = new AtomicInteger();

      onThreads(THREADS, () -> {
        for (int i = 0; i < 40; i++) {
          try {
            client.signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD));
          } catch (MfaApiException e) {
            if (e.reason() != ErrorReason.RATE_LIMITED) {
              throw e;
            }
            refused.incrementAndGet();
          }
        }
        return null;
      });

      SandboxStats stats = tenant.stats();
      assertEquals(THREADS * 40, stats.requests());
      assertEquals(refused.get(), stats.rateLimited());
      // 640 sign-ins at the speed of 16 threads, against 50 at once and 200 a second: most are refused.
      assertTrue(stats.rateLimited() * 10 > stats.requests(), stats::toString);
    }
  }
}
