package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;

import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Signing in with every factor through the real command line: a person with several picks one from a list, push
 * waits for the approval, {@code mfa challenge} says what it sent; and {@code r} at a code prompt, which sends a new
 * code once the last has had time to arrive and the tenant allows it.
 */
class LoginFactorsTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  /** A run on the sandbox's clock; the client's waits between polls move it on. */
  private Cli cli() {
    Cli cli = Cli.forSandboxClient(dir);
    cli.clock = sandbox.clock();
    cli.onSleep = sandbox::advanceClock;
    return cli;
  }

  private String[] login(String user, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("login", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString()));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** A user with an active push authenticator, enrolled through the CLI's split journey. */
  private String pushUser() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve(user + ".json");
    Cli.Result started = cli().run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push", "--no-input", "--state", state.toString(), "--json");
    assertEquals(0, started.exit(), started::toString);
    Cli approving = cli();
    approving.onSleep = d -> sandbox.approvePush(user);
    Cli.Result finished = approving.run("verify", "--state", state.toString(), "--push");
    assertEquals(0, finished.exit(), finished::toString);
    return user;
  }

  @Test
  void aPersonWithSeveralFactorsPicksOneFromAMaskedList() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String secret = fx.addApp(user, phone);
    sandbox.advanceClock(Duration.ofSeconds(30)); // the app's next code: each is accepted once
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Use which one? [1-2, Enter for 1]: ", "3")
        .line("Use which one? [1-2, Enter for 1]: ", "2")
        .line("Enter the 6-digit code from your authenticator app: ",
            () -> Totp.fromBase32(secret).codeAt(sandbox.now()));

    Cli.Result r = cli().prompter(p).run(login(user));

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done());
    assertLinesMatch(List.of("Signing in as " + user + "...", "You have 2 second factors:",
        "  1\\. SMS \\S+ \\(sms\\|dev_\\w+\\)", "  2\\. Authenticator app \\(totp\\|dev_\\w+\\)",
        "Type a number from 1 to 2.", "The tokens are not shown: .*"), r.errLines(), r::toString);
    assertFalse(r.err().contains(phone) || r.err().contains(phone.substring(1)), "the number is masked");
    assertFalse(r.err().contains("voice|"), "the SMS's voice twin is the same phone: offered once");
    assertEquals("Signed in with MFA.\n", r.out());
  }

  @Test
  void enterTakesTheFirstFactor() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    fx.addApp(user, phone);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Use which one? ", "")
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run(login(user));

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("Sent a 6-digit code by SMS to "), r::toString);
  }

  @Test
  void noAnswerAtTheChooserEndsInOneLineAndSendsNoCode() throws IOException {
    // End of input (Ctrl-D; Ctrl-C ends a prompt the same way) at the list: Enter alone would take the first.
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    fx.addApp(user, phone);
    int sent = fx.messageCount();

    Cli.Result r = cli().prompter(ScriptedPrompter.terminal()).run(login(user));

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("\nmfa: no factor chosen, so you are not signed in (and no code was sent). Run the"
        + " command again, or name one with --authenticator ID\n"), r::toString);
    assertEquals(sent, fx.messageCount());
  }

  @Test
  void noCodeAtAnAppsPromptSaysToTypeTheAppsCodeNotToWaitForOne() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    fx.addApp(user, phone);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Use which one? [1-2, Enter for 1]: ", "2")
        .line("Enter the 6-digit code from your authenticator app: ", "");

    Cli.Result r = cli().prompter(p).run(login(user));

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("\nmfa: no code entered, so you are not signed in. Run the same command again and type"
        + " the code your authenticator app shows, or pass it with --otp CODE\n"), r::toString);
  }

  @Test
  void withOneFactorThereIsNothingToChoose() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run(login(user));

    assertEquals(0, r.exit(), r::toString);
    assertFalse(r.err().contains("second factors:"), r::toString);
  }

  @Test
  void aPushSignInWaitsForTheApproval() throws IOException {
    String user = pushUser();
    // Enrolling push also made the Guardian app's own TOTP: the list offers both.
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Use which one? [1-2, Enter for 1]: ", "1");
    Cli cli = cli().prompter(p);
    cli.onSleep = d -> {
      sandbox.advanceClock(d);
      sandbox.approvePush(user);
    };

    Cli.Result r = cli.run(login(user, "--json"));

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("  1. Push (push|dev_"), r::toString);
    assertTrue(r.err().contains("Sent a push notification to your phone; approve it in the Guardian app."),
        r::toString);
    assertTrue(r.out().contains("\"oob_channel\": \"auth0\""), r::toString);
    assertEquals(1, cli.sleeps.size());
  }

  @Test
  void aRejectedPushSignInExits3() throws IOException {
    String user = pushUser();
    Cli cli = cli().prompter(ScriptedPrompter.terminal().line("Use which one? ", ""));
    cli.onSleep = d -> sandbox.rejectPush(user);

    Cli.Result r = cli.run(login(user));

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("mfa: the push notification was rejected on the phone."), r::toString);
  }

  @Test
  void challengeOnAPushSaysItSentAPushAndVerifyWaitsForIt() throws IOException {
    String user = pushUser();
    Path state = dir.resolve("s.json");
    Cli.Result login = fx.loginNoInput(dir, user, state);
    assertEquals(0, login.exit(), login::toString);

    Cli.Result challenge = cli().run("challenge", "--state", state.toString());

    assertEquals(0, challenge.exit(), challenge::toString);
    // Push and its app codes are two ways in: without a terminal the first is taken, and named.
    assertTrue(challenge.err().matches("This user has 2 second factors; using the first, Push \\(push\\|dev_\\w+\\)\\."
        + " Name another with --authenticator ID\\.\n"
        + "Sent a push notification to your phone; approve it in the Guardian app\\.\n"), challenge::toString);
    assertTrue(challenge.out().startsWith("Challenge saved to " + state + ". Finish with: mfa verify --state " + state
        + " --push (it waits for the approval; before "), challenge::toString);

    Cli verifying = cli();
    verifying.onSleep = d -> sandbox.approvePush(user);
    Cli.Result verify = verifying.run("verify", "--state", state.toString(), "--push");
    assertEquals(0, verify.exit(), verify::toString);
    assertEquals("Signed in with MFA.\n", verify.out());
    assertFalse(Files.exists(state));
  }

  @Test
  void rSendsANewCodeOnceTheLastHadHalfAMinute() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    int sent = fx.messageCount();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", "r")
        .line("Enter the 6-digit code: ", () -> {
          sandbox.advanceClock(Duration.ofSeconds(31));
          return "r";
        })
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run(login(user));

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of("Signing in as .*", "Sent a 6-digit code by SMS to .*",
        "The code was sent 0 s ago and may still be on its way: ask again in 30 s.",
        "Sent a 6-digit code by SMS to .*", "The tokens are not shown: .*"), r.errLines(), r::toString);
    assertEquals(sent + 2, fx.messageCount(), "the challenge and one more");
  }

  @Test
  void rWhenTheTenantSendsNoMoreSaysHowLongAndTheCodeSentStillWorks() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal();
    for (int i = 0; i < 10; i++) { // the tenant sends a user 10 texts, then one an hour
      p.line("Enter the 6-digit code: ", () -> {
        sandbox.advanceClock(Duration.ofSeconds(31));
        return "r";
      });
    }
    p.line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done());
    assertEquals(10, sandbox.messages().stream().filter(m -> m.recipient().equals(phone)).count());
    assertTrue(r.err().contains("The tenant sends no new code for another "), r::toString);
    assertTrue(r.err().contains("(it limits how often a user gets one); enter the code already sent."), r::toString);
    assertTrue(r.out().startsWith("SMS authenticator sms|dev_"), r::toString);
    assertTrue(r.out().contains("(" + Fixture.tenantMask(phone) + ")"), r::toString);
  }

  @Test
  void rAtAnEnrollmentsPromptSaysTheUnconfirmedEntryStaysUntilPruned() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> {
          sandbox.advanceClock(Duration.ofSeconds(31));
          return "r";
        })
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of("Signing in as .*", "Sent a 6-digit code by SMS to .*", ">> weakest >>",
        "Sent a 6-digit code by SMS to .*",
        "The unconfirmed entry of the code before stays until removed: mfa authenticators prune.",
        "Store this recovery code .*"), r.errLines(),
        r::toString);
    assertEquals(1, sandbox.authenticators(user).stream().filter(a -> !a.active() && a.id().startsWith("sms|"))
        .count(), "the first association, left behind");
  }
}
