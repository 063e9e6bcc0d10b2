package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SentMessage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** One shared client, many threads, many users: nothing leaks from one user's journey into another's. */
class SandboxConcurrencyTest extends SandboxTest {
  private static final int THREADS = 8;
  private static final int USERS_PER_THREAD = 25;

  @Test
  void manyUsersEnrollAtOnceThroughOneClient() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < THREADS * USERS_PER_THREAD; i++) {
      users.add(newUser());
    }
    Map<String, String> phones = new ConcurrentHashMap<>();
    // authenticator id -> the user whose list showed it
    Map<String, String> enrolledIds = new ConcurrentHashMap<>();

    List<Callable<Void>> tasks = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int first = t * USERS_PER_THREAD;
      tasks.add(() -> {
        // Every fourth user enrolls a TOTP app, the others SMS.
        for (int i = first; i < first + USERS_PER_THREAD; i++) {
          String user = users.get(i);
          MfaToken token = signIn(user).mfaToken();
          if (i % 4 == 3) {
            Association a = client.associate(token, Enrollment.otp());
            client.verifyOtp(token, Rfc6238.code(a.secret(), tenant.now()));
          } else {
            String phone = newPhone();
            phones.put(user, phone);
            Association a = client.associate(token, Enrollment.sms(phone));
            client.verifyOob(token, a.oobCode(), codeSentTo(phone));
          }
          List<Authenticator> list = client.listAuthenticators(token);
          for (Authenticator a : list) {
            if (enrolledIds.putIfAbsent(a.id(), user) != null) {
              throw new AssertionError("an id was issued twice");
            }
          }
        }
        return null;
      });
    }
    runTogether(tasks);

    assertEquals(0, answered("POST /oauth/token 429") + answered("POST /mfa/associate 429"));
    assertEquals(List.of(), sleeper.sleeps);
    Map<String, List<SentMessage>> byRecipient = tenant.messages().stream()
        .collect(Collectors.groupingBy(SentMessage::recipient));
    assertEquals(phones.size(), byRecipient.size());
    for (String user : users) {
      List<SandboxAuthenticator> held = tenant.authenticators(user);
      assertTrue(held.stream().allMatch(SandboxAuthenticator::active), user);
      Set<String> kinds = held.stream().map(a -> a.id().substring(0, a.id().indexOf('|'))).collect(Collectors.toSet());
      String phone = phones.get(user);
      if (phone == null) {
        assertEquals(Set.of("totp", "recovery-code"), kinds, user);
        assertEquals(2, held.size());
      } else {
        assertEquals(Set.of("sms", "voice", "recovery-code"), kinds, user);
        assertEquals(3, held.size());
        assertEquals(1, byRecipient.get(phone).size(), "one SMS, not two, to " + user);
      }
      for (SandboxAuthenticator a : held) {
        assertEquals(user, enrolledIds.get(a.id()), "the client listed this user's own authenticators");
      }
    }
    assertEquals(enrolledIds.size(), users.stream().mapToInt(u -> tenant.authenticators(u).size()).sum());
  }

  @Test
  void concurrentChallengesOfOneUserRespectTheSendLimitExactly() throws Exception {
    String user = newUser();
    String phone = newPhone();
    enrollSms(user, phone); // 1 of the 10 sends
    MfaToken token = signIn(user).mfaToken();
    List<String> results = Collections.synchronizedList(new ArrayList<>());

    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      tasks.add(() -> {
        try {
          client.challenge(token, ChallengeRequest.oob());
          results.add("sent");
        } catch (MfaApiException e) {
          results.add(e.reason().name());
        }
        return null;
      });
    }
    runTogether(tasks);

    assertEquals(9, results.stream().filter("sent"::equals).count(), results.toString());
    assertEquals(7, results.stream().filter("RATE_LIMITED"::equals).count(), results.toString());
    assertEquals(10, tenant.messages().size());
    assertEquals(List.of(), sleeper.sleeps); // an hour's wait is never taken
  }

  @Test
  void oneOobCodeVerifiesOnceEvenWhenRaced() throws Exception {
    String user = newUser();
    String phone = newPhone();
    MfaToken token = signIn(user).mfaToken();
    Association a = client.associate(token, Enrollment.sms(phone));
    String code = codeSentTo(phone);
    List<String> results = Collections.synchronizedList(new ArrayList<>());

    List<Callable<Void>> tasks = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      tasks.add(() -> {
        try {
          client.verifyOob(token, a.oobCode(), code);
          results.add("tokens");
        } catch (MfaApiException e) {
          results.add(e.reason().name());
        }
        return null;
      });
    }
    runTogether(tasks);

    assertEquals(1, results.stream().filter("tokens"::equals).count(), results.toString());
    assertEquals(7, results.stream().filter("OOB_CODE_INVALID"::equals).count(), results.toString());
  }

  /** Starts all tasks at the same moment on their own threads and rethrows the first failure. */
  private static void runTogether(List<Callable<Void>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Void>> futures = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        futures.add(pool.submit(() -> {
          start.await();
          return task.call();
        }));
      }
      start.countDown();
      for (Future<Void> f : futures) {
        try {
          f.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          throw e;
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
