package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh sandbox tenant per test, reached over real HTTP on loopback, and a client that shares the tenant's
 * virtual clock. Its sleeper never blocks: it records the wait and moves the tenant's clock by it, so retries
 * and push polls "wait" in virtual time and the tenant sees the time pass.
 */
abstract class SandboxTest {
  static final String PASSWORD = "correct horse battery staple";
  /**
   * The base of the tenant's clock. Fixed, so that time passes only when a test (or the sleeper) moves it: rate
   * limit buckets, poll intervals and TOTP steps never depend on how fast the machine runs the test.
   */
  static final Clock START = Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  private static final AtomicInteger NEXT = new AtomicInteger(1);

  SandboxTenant tenant;
  /** One line per request the tenant answered: {@code POST /oauth/token 403}. */
  List<String> requests;
  VirtualSleeper sleeper;
  MfaClient client;

  @BeforeEach
  void startTenant() {
    requests = Collections.synchronizedList(new ArrayList<>());
    tenant = SandboxTenant.builder().clock(START).log(requests::add).start();
    sleeper = new VirtualSleeper(tenant);
    client = builder().build();
  }

  @AfterEach
  void stopTenant() {
    tenant.close();
  }

  /** client_secret_post with the default client, the tenant's clock and the virtual sleeper. */
  MfaClient.Builder builder() {
    return MfaClient.builder()
        .baseUrl(tenant.baseUrl())
        .clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET)
        .clock(tenant.clock())
        .sleeper(sleeper);
  }

  /** A new user who must use MFA and has no authenticator. */
  String newUser() {
    String username = "user" + NEXT.getAndIncrement() + "@example.com";
    tenant.addUser(username, PASSWORD);
    return username;
  }

  /** A phone number no other test uses. */
  static String newPhone() {
    return String.format("+1555%07d", NEXT.getAndIncrement());
  }

  MfaRequired signIn(String username) {
    return signIn(client, PasswordSignIn.of(username, PASSWORD));
  }

  static MfaRequired signIn(MfaClient client, PasswordSignIn request) {
    return assertInstanceOf(MfaRequired.class, client.signIn(request));
  }

  /** Signs {@code username} in for the MFA API (the {@code /mfa/} audience) with {@code scope}. */
  MfaRequired signInForMfaApi(String username, String scope) {
    return signIn(client, PasswordSignIn.of(username, PASSWORD).withAudience(tenant.baseUrl() + "/mfa/")
        .withScope(scope));
  }

  /** Challenges the SMS factor enrolled for {@code phone} and answers with the code sent: the sign-in's tokens. */
  Tokens passSmsChallenge(MfaToken token, String phone) {
    return client.verifyOob(token, client.challenge(token, ChallengeRequest.oob()).oobCode(), codeSentTo(phone));
  }

  /** The code of the newest message to a phone or e-mail address, as the user would read it. */
  String codeSentTo(String recipient) {
    SentMessage sent = tenant.lastMessageTo(recipient);
    assertNotNull(sent, "nothing was sent");
    return sent.code();
  }

  /** How many requests the tenant answered with exactly this line, e.g. {@code POST /oauth/token 429}. */
  long answered(String line) {
    synchronized (requests) {
      return requests.stream().filter(line::equals).count();
    }
  }

  /** A code of six digits that is not {@code code}. */
  static String wrong(String code) {
    int n = (Integer.parseInt(code) + 1) % 1_000_000;
    return String.format("%06d", n);
  }

  /** Enrolls SMS as the user's first factor; returns the association (it carries the recovery code). */
  Association enrollSms(String username, String phone) {
    MfaToken token = signIn(username).mfaToken();
    Association a = client.associate(token, Enrollment.sms(phone));
    client.verifyOob(token, a.oobCode(), codeSentTo(phone));
    return a;
  }

  /** Enrolls a TOTP app as the user's first factor; returns the association (secret and recovery code). */
  Association enrollOtp(String username) {
    MfaToken token = signIn(username).mfaToken();
    Association a = client.associate(token, Enrollment.otp());
    client.verifyOtp(token, Rfc6238.code(a.secret(), tenant.now()));
    return a;
  }

  /** Runs {@code action} on a new thread and waits for it; its failure fails the caller. */
  static void onAnotherThread(Runnable action) {
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      try {
        action.run();
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "journey-other-thread");
    t.start();
    try {
      t.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    if (t.isAlive()) {
      throw new AssertionError("the other thread did not finish");
    }
    if (failure.get() != null) {
      throw new AssertionError(failure.get());
    }
  }

  /** Records each wait, moves the tenant's virtual clock by it, then runs the hook with the wait's number. */
  static final class VirtualSleeper implements Sleeper {
    final List<Duration> sleeps = new CopyOnWriteArrayList<>();
    private final SandboxTenant tenant;
    volatile IntConsumer afterSleep = n -> { };

    VirtualSleeper(SandboxTenant tenant) {
      this.tenant = tenant;
    }

    @Override
    public void sleep(Duration duration) {
      sleeps.add(duration);
      tenant.advanceClock(duration);
      afterSleep.accept(sleeps.size());
    }
  }
}
