package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

/**
 * Many concurrent enrollment journeys against the sandbox tenant, through a caller's OkHttpClient whose network
 * interceptor injects faults: the connection fails before the request is written (nothing sent), or after the
 * tenant answered (the request was applied, the client never hears). The journeys recover the way the client's
 * errors advise, and then every user is reconciled against the tenant: exactly one active SMS enrollment, no
 * inactive leftover but one per associate the tenant applied unheard, every token issued works, no connection
 * leaked, and the tenant holds nothing transient once it expired: counted by the tenant ({@link
 * SandboxTenant#stateSize()}), not weighed on the heap (bytes are the memory benchmark's, and a heap measured after
 * {@code System.gc()} flakes on a busy machine).
 */
class FaultLoadTest {
  static final int THREADS = 8;
  static final int USERS_PER_THREAD = 25;
  static final double FAULT_BEFORE = 0.08;
  static final double FAULT_AFTER = 0.08;

  /** Per user: associates the tenant applied but whose answer the client never got. */
  private final Map<String, AtomicInteger> unheardAssociates = new ConcurrentHashMap<>();
  private final AtomicInteger injectedBefore = new AtomicInteger();
  private final AtomicInteger injectedAfter = new AtomicInteger();
  private final AtomicInteger unknownOutcomes = new AtomicInteger();

  /** The fault injector: decides per exchange from the calling journey's own seeded random. */
  private final ThreadLocal<Random> random = new ThreadLocal<>();
  private final ThreadLocal<String> user = new ThreadLocal<>();

  private final Interceptor faults = chain -> {
    Random r = random.get();
    double roll = r == null ? 1 : r.nextDouble();
    if (roll < FAULT_BEFORE) {
      injectedBefore.incrementAndGet();
      throw new IOException("injected: connection lost before the request was written");
    }
    Response response = chain.proceed(chain.request());
    if (roll < FAULT_BEFORE + FAULT_AFTER) {
      response.close();
      injectedAfter.incrementAndGet();
      if (chain.request().url().encodedPath().equals("/mfa/associate")) {
        unheardAssociates.computeIfAbsent(user.get(), u -> new AtomicInteger()).incrementAndGet();
      }
      throw new IOException("injected: connection lost after the tenant answered");
    }
    return response;
  };

  @Test
  void concurrentJourneysUnderFaultsLoseAndDuplicateNothing() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().rateLimit(0, 0).outboxCapacity(1000).start()) {
      OkHttpClient callers = new OkHttpClient.Builder().addNetworkInterceptor(faults).build();
      MfaClient client = MfaClient.builder().baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).httpClient(callers).sleeper(d -> { }).build();

      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Journey>>> results = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          go.await();
          List<Journey> done = new ArrayList<>();
          for (int u = 0; u < USERS_PER_THREAD; u++) {
            Journey j = new Journey("load-t" + thread + "-u" + u + "@example.com",
                String.format("+1555%03d%04d", thread, u), new Random(thread * 1000L + u));
            tenant.addUser(j.username, "pw-" + j.username);
            j.run(client, tenant);
            done.add(j);
          }
          return done;
        }));
      }
      go.countDown();
      List<Journey> journeys = new ArrayList<>();
      for (Future<List<Journey>> f : results) {
        journeys.addAll(f.get());
      }
      pool.shutdown();
      random.remove();

      MfaClient clean = MfaClient.builder().baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).build();
      int tokens = 0;
      for (Journey j : journeys) {
        reconcile(j, tenant, clean);
        tokens += j.accessTokens.size();
      }
      assertEquals(THREADS * USERS_PER_THREAD, journeys.size());
      assertTrue(injectedBefore.get() > 20 && injectedAfter.get() > 20, "faults were injected: "
          + injectedBefore + " before, " + injectedAfter + " after");
      assertTrue(unknownOutcomes.get() > 10, "outcome-unknown paths ran: " + unknownOutcomes);
      assertEquals(0, callers.dispatcher().runningCallsCount());
      assertEquals(callers.connectionPool().connectionCount(), callers.connectionPool().idleConnectionCount(),
          "every response was closed, even the faulted ones");

      // Eviction: every journey and sign-in leaves an mfa_token (and oob_codes) at the tenant until it expires.
      // Two rounds of churn, each followed by the clock moving past every lifetime (the tenant evicts on
      // advanceClock): the tenant must count the churn's tokens while they live, and nothing once they expired.
      int afterJourneys = tenant.stateSize();
      tenant.advanceClock(Duration.ofHours(2));
      assertEquals(0, tenant.stateSize(), "the journeys' tokens and codes are gone once expired");
      int[] loaded = new int[2];
      for (int round = 0; round < 2; round++) {
        churn(clean, journeys);
        loaded[round] = tenant.stateSize();
        assertTrue(loaded[round] >= CHURN_SIGN_INS, "every sign-in's mfa_token is held while it lives: "
            + loaded[round]);
        tenant.advanceClock(Duration.ofHours(2));
        assertEquals(0, tenant.stateSize(), "round " + round + ": nothing left once every mfa_token expired");
      }
      System.out.printf("FaultLoadTest: %d journeys, %d access tokens checked, %d faults before / %d after sending,"
          + " %d unknown outcomes; live entries at the tenant after the journeys %d; churn rounds: %d / %d, after"
          + " expiry 0 / 0%n", journeys.size(), tokens, injectedBefore.get(), injectedAfter.get(),
          unknownOutcomes.get(), afterJourneys, loaded[0], loaded[1]);
      DocBlock.check("reliability.md", "client-load", "Sandbox under load: " + journeys.size() + " concurrent"
          + " enrollment journeys (" + THREADS + " threads) through a fault-injecting network interceptor: "
          + injectedBefore + " connections lost before the request was written, " + injectedAfter + " after the"
          + " tenant answered; " + unknownOutcomes + " outcome-unknown errors resolved by listing, as the client"
          + " advises. Reconciled per user: exactly one active SMS enrollment, the one the client believes in;"
          + " inactive leftovers only for associates the tenant applied unheard; " + tokens + " access tokens all"
          + " accepted by the tenant; no connection leaked. Eviction: two rounds of " + CHURN_SIGN_INS + " sign-ins"
          + " each leave at least as many live entries at the tenant (its own count, SandboxTenant.stateSize()),"
          + " and none once the clock passed their expiry.\n");
      callers.connectionPool().evictAll();
    }
  }

  static final int CHURN_SIGN_INS = 10_000;

  /** Signs the enrolled users in again and again (each sign-in leaves an mfa_token at the tenant). */
  private static void churn(MfaClient client, List<Journey> journeys) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        for (int i = thread; i < CHURN_SIGN_INS; i += THREADS) {
          Journey j = journeys.get(i % journeys.size());
          assertTrue(client.signIn(PasswordSignIn.of(j.username, "pw-" + j.username)) instanceof MfaRequired);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
  }

  /** The tenant holds exactly what the journey believes, plus one inactive leftover per unheard associate. */
  private void reconcile(Journey j, SandboxTenant tenant, MfaClient clean) {
    List<SandboxAuthenticator> held = tenant.authenticators(j.username);
    List<SandboxAuthenticator> activeSms = held.stream().filter(a -> a.active() && "sms".equals(a.oobChannel()))
        .toList();
    assertEquals(1, activeSms.size(), j.username + ": exactly one active SMS enrollment: " + held);
    assertEquals(j.enrolledId, activeSms.get(0).id(), j.username + ": the one the client believes in");
    long inactiveSms = held.stream().filter(a -> !a.active() && "sms".equals(a.oobChannel())).count();
    int unheard = unheardAssociates.getOrDefault(j.username, new AtomicInteger()).get();
    assertEquals(unheard, inactiveSms, j.username + ": one inactive leftover per associate applied unheard, no more: "
        + held);
    assertTrue(held.stream().anyMatch(a -> a.active() && "recovery-code".equals(a.authenticatorType())),
        j.username + ": the recovery code is active");
    assertEquals(held.size(), held.stream().map(SandboxAuthenticator::id).distinct().count(), "ids are unique");
    for (AccessToken token : j.accessTokens) {
      // The token was for the /mfa/ API with read:authenticators: the tenant accepts it.
      assertEquals(held.size(), clean.listAuthenticators(token).size(), j.username + ": a working access token");
    }
    assertTrue(!j.accessTokens.isEmpty() || j.tokensLost, j.username + ": tokens issued or knowingly lost");
  }

  /** One user's enrollment, recovering from each fault as the client's exceptions advise. */
  final class Journey {
    final String username;
    final String phone;
    final Random faults;
    final List<AccessToken> accessTokens = new ArrayList<>();
    String enrolledId;
    boolean tokensLost;

    Journey(String username, String phone, Random faults) {
      this.username = username;
      this.phone = phone;
      this.faults = faults;
    }

    void run(MfaClient client, SandboxTenant tenant) {
      random.set(faults);
      user.set(username);
      PasswordSignIn signIn = PasswordSignIn.of(username, "pw-" + username)
          .withAudience(tenant.baseUrl() + "/mfa/").withScope("read:authenticators");
      // Signing in twice is harmless: retry any network failure.
      MfaToken mfaToken = retrying(() -> ((MfaRequired) client.signIn(signIn)).mfaToken());
      while (enrolledId == null) {
        Association association;
        try {
          association = client.associate(mfaToken, Enrollment.sms(phone));
        } catch (MfaOutcomeUnknownException e) {
          unknownOutcomes.incrementAndGet();
          // As advised: list before trying again. Nothing can be active yet; a new association is needed.
          List<Authenticator> listed = retrying(() -> client.listAuthenticators(mfaToken));
          assertTrue(listed.stream().noneMatch(a -> a.active() && a.oobChannel() == OobChannel.SMS));
          continue;
        } catch (MfaNetworkException e) {
          continue; // nothing was sent
        }
        String code = tenant.lastMessageTo(phone).code();
        verify(client, mfaToken, association.oobCode(), code);
      }
    }

    private void verify(MfaClient client, MfaToken mfaToken, String oobCode, String code) {
      while (true) {
        try {
          accessTokens.add(client.verifyOob(mfaToken, oobCode, code).accessToken());
          enrolledId = activeSms(client, mfaToken);
          return;
        } catch (MfaOutcomeUnknownException e) {
          unknownOutcomes.incrementAndGet();
          String id = activeSms(client, mfaToken);
          if (id != null) {
            enrolledId = id; // it went through; only its tokens were lost
            tokensLost = true;
            return;
          }
        } catch (MfaNetworkException e) {
          // nothing was sent: try the same code again
        } catch (MfaApiException e) {
          if (e.reason() != ErrorReason.OOB_CODE_INVALID) {
            throw e;
          }
          enrolledId = activeSms(client, mfaToken); // an unheard attempt used the code: it must be active now
          tokensLost = true;
          assertTrue(enrolledId != null, username + ": the code was used, so the enrollment is active");
          return;
        }
      }
    }

    private String activeSms(MfaClient client, MfaToken mfaToken) {
      List<Authenticator> listed = retrying(() -> client.listAuthenticators(mfaToken));
      return listed.stream().filter(a -> a.active() && a.oobChannel() == OobChannel.SMS).map(Authenticator::id)
          .findFirst().orElse(null);
    }
  }

  /** Repeats a safe call (a GET, or a sign-in) through network failures. */
  private static <T> T retrying(Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (MfaNetworkException e) {
        if (attempt == 20) {
          throw e;
        }
      }
    }
  }
}
