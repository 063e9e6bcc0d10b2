package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa associate --push} and {@code mfa verify --state FILE --push} through the real command line against the
 * sandbox, its phone played through its control API and time through its virtual clock: each of the client's waits
 * between polls moves the sandbox's clock (or approves, rejects, or is interrupted as Ctrl-C would), so nothing
 * here waits for real.
 */
class PushTest {
  private static final Duration POLL = Duration.ofSeconds(5);

  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  /** A run whose clock is the sandbox's, and whose every wait between polls moves that clock on by as much. */
  private Cli cli() {
    Cli cli = Cli.forSandboxClient(dir);
    cli.clock = sandbox.clock();
    cli.onSleep = sandbox::advanceClock;
    return cli;
  }

  /** Starts a push enrollment the scripted way; returns its state file. */
  private Path started(String user) throws IOException {
    Path state = dir.resolve(user + ".json");
    Path qr = dir.resolve(user + ".svg");
    Cli.Result r = cli().run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push", "--no-input", "--state", state.toString(), "--qr-file",
        qr.toString());
    assertEquals(0, r.exit(), r::toString);
    assertTrue(QrImages.decode(QrImages.fromSvg(Files.readString(qr))).startsWith("otpauth://totp/mfakit%20sandbox:"),
        "the Guardian app's enrollment code");
    assertTrue(r.out().contains("Finish with: mfa verify --state " + state + " --push (it waits for the approval;"),
        r::toString);
    return state;
  }

  private boolean activePush(String user) {
    return sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("push|"));
  }

  @Test
  void theSplitFormWaitsForTheApprovalPollingEveryFiveSeconds() throws IOException {
    String user = fx.newUser();
    Path state = started(user);
    Map<String, Object> saved = Json.parseObject(Files.readString(state));
    assertEquals("auth0", saved.get("oob_channel"));
    Cli cli = cli();
    AtomicInteger polls = new AtomicInteger();
    cli.onSleep = d -> {
      sandbox.advanceClock(d);
      if (polls.incrementAndGet() == 3) {
        sandbox.approvePush(user); // the person taps Approve after some 15 s
      }
    };

    Cli.Result r = cli.run("verify", "--state", state.toString(), "--push");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("Push authenticator push|dev_"), r::toString);
    assertTrue(activePush(user));
    assertFalse(Files.exists(state), "a finished step's state is deleted");
    assertEquals(List.of(POLL, POLL, POLL), cli.sleeps, "one poll every 5 s: 12 a minute at most");
  }

  @Test
  void aRejectedPushExits3AndSaysSo() throws IOException {
    String user = fx.newUser();
    Path state = started(user);
    Cli cli = cli();
    cli.onSleep = d -> sandbox.rejectPush(user);

    Cli.Result r = cli.run("verify", "--state", state.toString(), "--push");

    assertEquals(3, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertTrue(r.err().startsWith("mfa: the push was rejected in the Guardian app, so nothing was enrolled."),
        r::toString);
    assertFalse(activePush(user));
  }

  @Test
  void aPushNobodyAnswersExpiresAfterFiveMinutesOfPolling() throws IOException {
    String user = fx.newUser();
    Path state = started(user);
    Cli cli = cli();

    Cli.Result r = cli.run("verify", "--state", state.toString(), "--push");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: the push expired before it was approved (it lasts 5 minutes). Start again with mfa associate"
        + " --push --no-input --state " + state + "\n", r.err());
    assertTrue(cli.sleeps.stream().allMatch(POLL::equals), cli.sleeps::toString);
    assertTrue(cli.sleeps.size() >= 59 && cli.sleeps.size() <= 60, "5 minutes of polls: " + cli.sleeps.size());
    assertTrue(Files.exists(state), "kept as it was");
  }

  @Test
  void aTenantThatSaysSlowDownIsPolledFiveSecondsSlower() throws IOException {
    String user = fx.newUser();
    Path state = started(user);
    Cli cli = cli();
    cli.onSleep = d -> {
      sandbox.advanceClock(d.dividedBy(2)); // our waits end early: the tenant sees 10 polls a 25 s
      if (d.compareTo(POLL) > 0) {
        sandbox.approvePush(user);
      }
    };

    Cli.Result r = cli.run("verify", "--state", state.toString(), "--push");

    assertEquals(0, r.exit(), r::toString);
    int slower = cli.sleeps.indexOf(Duration.ofSeconds(10));
    assertTrue(slower > 12, "5 s until the tenant said slow_down: " + cli.sleeps);
    assertTrue(cli.sleeps.subList(0, slower).stream().allMatch(POLL::equals), cli.sleeps::toString);
  }

  @Test
  void anEnrollmentWhoseCodeExpiredShowsANewOneAndIsApproved() throws IOException {
    String user = fx.newUser();
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    Cli cli = cli().prompter(ScriptedPrompter.terminal());
    cli.errListener = stderr::add;
    cli.onSleep = d -> {
      sandbox.advanceClock(d);
      if (stderr.stream().anyMatch(l -> l.contains("here is a new one"))) {
        sandbox.approvePush(user);
      }
    };

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("The QR code expired before the Guardian app approved it (it lasts 5 minutes); here is"
        + " a new one."), r::toString);
    assertEquals(2, stderr.stream().filter(l -> l.startsWith("Scan this QR code with the Guardian app")).count());
    assertTrue(AuthenticatorAppTest.qrOnScreen(stderr).startsWith("otpauth://totp/"), "a QR code a phone can read");
    assertTrue(activePush(user));
    assertTrue(r.out().contains("Recovery code: "), r::toString);
  }

  @Test
  void anEnrollmentWhoseNewCodeExpiredTooEndsWithExit3() throws IOException {
    String user = fx.newUser();

    Cli.Result r = cli().prompter(ScriptedPrompter.terminal()).run("associate", "--domain", fx.url(), "-u", user,
        "--password-file", Fixture.passwordFile(dir, user).toString(), "--push");

    assertEquals(3, r.exit(), r::toString);
    // One new code after the first expired; the mfa_token (10 minutes) runs out during the second, and a sign-in
    // again shows a third.
    assertEquals(3, r.errLines().stream().filter(l -> l.startsWith("Scan this QR code")).count(), r::toString);
    assertTrue(r.err().contains("The sign-in expired (an mfa_token lasts 10 minutes); signing in again."), r::toString);
    assertTrue(r.err().endsWith("mfa: the QR code expired before the Guardian app approved it (each lasts 5 minutes),"
        + " so nothing was enrolled. Run the command again with the phone at hand.\n"), r::toString);
    assertFalse(activePush(user));
  }

  @Test
  void ctrlCWhileWaitingKeepsTheStateAndHandsOutTheRecoveryCode() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("kept.json");
    Cli cli = cli().prompter(ScriptedPrompter.terminal());
    cli.onSleep = d -> {
      throw new InterruptedException(); // what Ctrl-C does to the wait
    };

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push", "--state", state.toString());

    assertEquals(130, r.exit(), r::toString);
    assertTrue(r.err().contains("mfa: stopped waiting for the approval; " + state + " keeps the push until "),
        r::toString);
    assertTrue(r.err().endsWith("Wait for it again with mfa verify --state " + state + " --push\n"), r::toString);
    assertTrue(r.out().matches("(?s)Recovery code: \\w{24}\n"), r::toString);
    assertTrue(r.err().contains("Keep this recovery code somewhere safe: the tenant shows it only once. It is valid if"
        + " this factor is active (mfa authenticators list shows whether it is); if not, it becomes valid with the"
        + " first factor you confirm."), "the push may still be approved:\n" + r);
    assertTrue(Files.exists(state));

    Cli later = cli();
    later.onSleep = d -> sandbox.approvePush(user);
    Cli.Result resumed = later.run("verify", "--state", state.toString(), "--push");
    assertEquals(0, resumed.exit(), resumed::toString);
    assertTrue(activePush(user));
  }

  @Test
  void aPushRejectedWhileWaitingAtThePromptStillHandsOutTheRecoveryCode() throws IOException {
    String user = fx.newUser();
    Cli cli = cli().prompter(ScriptedPrompter.terminal());
    cli.onSleep = d -> sandbox.rejectPush(user);

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.out().matches("Recovery code: \\w{24}\n"), "the tenant shows it only once:\n" + r);
    List<String> err = r.errLines();
    assertEquals("Nothing was enrolled, but keep this recovery code: the tenant shows it only once, and it becomes"
        + " valid with the first factor you confirm.", err.get(err.size() - 2), r::toString);
    assertTrue(err.get(err.size() - 1).startsWith("mfa: the push was rejected in the Guardian app, so nothing was"
        + " enrolled."), r::toString);
    assertFalse(activePush(user));
  }

  @Test
  void theSandboxAloneApprovesItsOwnPushWithNobodyToAsk() {
    Cli.Result r = new Cli(dir).run("associate", "--sandbox", "--push");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("[sandbox] No one to ask: the sandbox's phone approves the push."), r::toString);
    assertTrue(r.out().startsWith("Push authenticator push|dev_"), r::toString);
  }

  @Test
  void theSandboxAtAPromptLetsThePersonPlayThePhone() {
    Cli.Result approved = new Cli(dir).prompter(ScriptedPrompter.terminal()
        .line("[sandbox] Press Enter to approve, or type r and Enter to reject: ", "")).run("associate", "--sandbox",
        "--push");
    Cli.Result rejected = new Cli(dir).prompter(ScriptedPrompter.terminal()
        .line("[sandbox] Press Enter to approve, or type r and Enter to reject: ", "r")).run("associate", "--sandbox",
        "--push");

    assertEquals(0, approved.exit(), approved::toString);
    assertEquals(3, rejected.exit(), rejected::toString);
    assertTrue(rejected.err().contains("mfa: the push was rejected in the Guardian app, so nothing was enrolled."),
        rejected::toString);
  }

  @Test
  void leavingTheSandboxsPhonePromptApprovesNothing() {
    // Ctrl-D (and Ctrl-C, which ends a prompt the same way) at the phone's prompt is no answer, not an approval.
    Cli.Result r = new Cli(dir).prompter(ScriptedPrompter.terminal()).run("associate", "--sandbox", "--push");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("mfa: no answer at the sandbox's phone, so nothing was enrolled. Run the same command"
        + " again and press Enter to approve.\n"), r::toString);
    assertEquals("", r.out(), "nothing was enrolled, so no recovery code is handed out");
  }

  @Test
  void aCodeForAPushIsRefusedBeforeAnythingIsSent() throws IOException {
    String user = fx.newUser();
    Path state = started(user);
    int requests = (int) sandbox.stats().requests();

    Cli.Result r = cli().run("verify", "--state", state.toString(), "--code", "123456");

    assertEquals(2, r.exit(), r::toString);
    assertEquals("mfa: --code: " + state + " holds a push notification, which has no code: wait for its approval"
        + " with mfa verify --state " + state + " --push\n", r.err());
    assertEquals(requests, (int) sandbox.stats().requests(), "nothing sent");
  }
}
