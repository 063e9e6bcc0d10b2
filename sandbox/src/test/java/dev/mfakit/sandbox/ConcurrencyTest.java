package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Many threads running whole journeys at once: no lost, duplicated or crossed state. */
class ConcurrencyTest {
  private static final int THREADS = 16;
  private static final int USERS_PER_THREAD = 50;

  @Test
  void everyUserEndsWithExactlyTheAuthenticatorsItEnrolled() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).rateLimit(0, 0).start()) {
      Wire w = new Wire(tenant);
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<List<String>>> results = new ArrayList<>();
      CountDownLatch go = new CountDownLatch(1);
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        results.add(pool.submit(() -> {
          go.await();
          List<String> users = new ArrayList<>();
          for (int u = 0; u < USERS_PER_THREAD; u++) {
            String user = "t" + thread + "u" + u + "@example.com";
            String phone = String.format("+1555%03d%04d", thread, u);
            tenant.addUser(user, "pw");
            journey(tenant, w, user, phone, u % 2 == 0);
            users.add(user);
          }
          return users;
        }));
      }
      go.countDown();
      Set<String> allIds = new HashSet<>();
      int users = 0;
      for (Future<List<String>> f : results) {
        for (String user : f.get()) {
          users++;
          List<SandboxAuthenticator> list = tenant.authenticators(user);
          boolean withOtp = Integer.parseInt(user.substring(user.indexOf('u') + 1, user.indexOf('@'))) % 2 == 0;
          List<String> kinds = list.stream().map(a -> a.id().substring(0, a.id().indexOf('|'))).toList();
          assertEquals(withOtp ? List.of("sms", "voice", "recovery-code", "totp") : List.of("sms", "voice", "recovery-code"),
              kinds, user);
          assertTrue(list.stream().allMatch(SandboxAuthenticator::active), user + " " + list);
          for (SandboxAuthenticator a : list) {
            assertTrue(allIds.add(a.id()), "duplicate id " + a.id());
          }
        }
      }
      assertEquals(THREADS * USERS_PER_THREAD, users);
      pool.shutdown();
    }
  }

  /** sign in -> associate sms -> code from the outbox -> verify -> (step-up, add TOTP) -> list. */
  private static void journey(SandboxTenant tenant, Wire w, String user, String phone, boolean addOtp) {
    String mfa = w.mfaToken(user, "pw");
    Wire.Res a = w.associateSms(mfa, phone);
    assertEquals(200, a.status(), a.body());
    String code = tenant.lastMessageTo(phone).code();
    assertEquals(200, w.verifyOob(mfa, a.str("oob_code"), code).status());
    if (addOtp) {
      String access = w.mfaAccessToken(tenant, user, "pw", phone, "enroll read:authenticators");
      String secret = w.associate(access, "authenticator_types", List.of("otp")).str("secret");
      Wire.Res t = w.verifyOtp(mfa, Wire.totp(secret, tenant.now()));
      assertEquals(200, t.status(), t.body());
    }
    List<Map<String, Object>> listed = w.list(mfa).array();
    assertEquals(addOtp ? 4 : 3, listed.size(), user);
    for (Map<String, Object> entry : listed) {
      assertEquals(true, entry.get("active"), user);
    }
  }

  @Test
  void oneOobCodeRacedByManyThreadsWorksExactlyOnce() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).rateLimit(0, 0).start()) {
      Wire w = new Wire(tenant);
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      String oob = w.associateSms(mfa, "+15551234567").str("oob_code");
      String code = tenant.lastMessageTo("+15551234567").code();
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < THREADS * 2; i++) {
        Callable<Integer> attempt = () -> {
          go.await();
          return w.verifyOob(mfa, oob, code).status();
        };
        statuses.add(pool.submit(attempt));
      }
      go.countDown();
      int ok = 0;
      for (Future<Integer> f : statuses) {
        int s = f.get();
        assertTrue(s == 200 || s == 403, "status " + s);
        ok += s == 200 ? 1 : 0;
      }
      assertEquals(1, ok);
      pool.shutdown();
    }
  }

  @Test
  void concurrentAssociatesOfOneUserAllLand() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).rateLimit(0, 0).start()) {
      Wire w = new Wire(tenant);
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> statuses = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        statuses.add(pool.submit(() -> {
          go.await();
          return w.associate(mfa, "authenticator_types", List.of("otp")).status();
        }));
      }
      go.countDown();
      for (Future<Integer> f : statuses) {
        assertEquals(200, f.get());
      }
      List<SandboxAuthenticator> list = tenant.authenticators(SandboxTenant.DEMO_USERNAME);
      assertEquals(9, list.size(), "8 totp + one recovery code");
      assertEquals(9, list.stream().map(SandboxAuthenticator::id).distinct().count());
      pool.shutdown();
    }
  }
}
