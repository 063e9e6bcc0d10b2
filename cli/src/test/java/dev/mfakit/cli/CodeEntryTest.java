package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the code prompt says when nobody can answer it, or the person ends it: Ctrl-D, Ctrl-C (the terminal prompter
 * reads it as the end of input) and an empty answer end the same way, in one line that says what was kept.
 */
class CodeEntryTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  @Test
  void ctrlDOrAnEmptyAnswerAfterTheSmsWasSentSaysNothingWasEnrolledAndHandsOutTheRecoveryCode() {
    for (ScriptedPrompter p : List.of(ScriptedPrompter.terminal(), // no answers: the prompt reads end of input
        ScriptedPrompter.terminal().line("Enter the 6-digit code: ", ""))) {
      String user = fx.newUser();
      String phone = Fixture.newPhone();
      int before = fx.messageCount();

      Cli.Result r = Cli.forSandboxClient(dir).prompter(p).stdin(Fixture.password(user)).run("associate", "--domain",
          fx.url(), "-u", user, "--password", "-", "--phone", phone);

      assertEquals(3, r.exit(), r::toString);
      assertTrue(r.out().matches("Recovery code: [0-9A-Z]{24}\n"), "the tenant shows it only once:\n" + r);
      List<String> err = r.errLines();
      assertEquals("Nothing was enrolled, but keep this recovery code: the tenant shows it only once, and it becomes"
          + " valid with the first factor you confirm.", err.get(err.size() - 2), r::toString);
      assertEquals("mfa: no code entered, so nothing was enrolled (the code sent works only in this run). Run the"
          + " same command again for a new code.", err.get(err.size() - 1));
      assertEquals(1, err.stream().filter(l -> l.startsWith("mfa:")).count(), r::toString);
      assertEquals(1, fx.messageCount() - before, "the SMS was sent, once");
    }
  }

  @Test
  void theRecoveryCodeOfARunThatGaveUpSignsInOnceTheNextRunConfirmsTheFactor() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Cli.Result gaveUp = Cli.forSandboxClient(dir).prompter(ScriptedPrompter.terminal()).stdin(Fixture.password(user))
        .run("associate", "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);
    assertEquals(3, gaveUp.exit(), gaveUp::toString);
    String recoveryCode = gaveUp.out().replace("Recovery code: ", "").strip();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result again = Cli.forSandboxClient(dir).prompter(p).stdin(Fixture.password(user)).run("associate",
        "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);

    assertEquals(0, again.exit(), again::toString);
    assertFalse(again.out().contains("Recovery code"), "the tenant showed it with the first association only");
    assertTrue(again.err().contains("This account's recovery code is active now, but this enrollment did not show it:"
        + " the tenant shows it once, and an earlier run did"), again::toString);

    Cli.Result signIn = Cli.forSandboxClient(dir).stdin(recoveryCode + "\n").run("login", "--domain", fx.url(),
        "-u", user, "--password-file", Fixture.passwordFile(dir, user).toString(), "--recovery-code", "-");
    assertEquals(0, signIn.exit(), "the code the first run handed out is the account's:\n" + signIn);
  }

  @Test
  void ctrlDUnderTheSandboxSaysToRunTheSameCommandAgain() {
    Cli.Result r = new Cli(dir).prompter(ScriptedPrompter.terminal()).run("associate", "--sandbox", "--phone",
        "+15555550100");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: no code entered, so nothing was enrolled (the code sent works only in this run). Run the same"
        + " command again for a new code (to split the steps, run mfa sandbox in another terminal and use --domain"
        + " with its URL)",
        r.errLines().get(r.errLines().size() - 1));
  }

  @Test
  void ctrlDAtASignInCodeNamesTheSplitCommands() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);

    Cli.Result r = Cli.forSandboxClient(dir).prompter(ScriptedPrompter.terminal()).stdin(Fixture.password(user))
        .run("login", "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: no code entered, so you are not signed in (the code sent works only in this run). Run the"
        + " same command again for a new code; to type it in later instead, use mfa login --state FILE and mfa"
        + " challenge --state FILE, then run mfa verify --state FILE --code CODE",
        r.errLines().get(r.errLines().size() - 1));
  }

  @Test
  void theSandboxOutboxNamesNoInputWhenThereIsATerminal() {
    Cli.Result r = new Cli(dir).prompter(ScriptedPrompter.terminal())
        .run("associate", "--sandbox", "--phone", "+15555550100", "--no-input");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.errLines().contains("--no-input: using the code from the sandbox outbox."), r::toString);
  }

  @Test
  void helpDocumentsExit3ForAnUnansweredPrompt() {
    Cli.Result r = new Cli(dir).run("--help");

    assertTrue(r.out().contains("no code was entered at a prompt (or --no-input forbade the prompt MFA needed)"),
        r::toString);
  }

  @Test
  void helpDocumentsWhenNoInputExits3AndWhenAnOutputFileExits1() {
    String root = new Cli(dir).run("--help").out().replaceAll("\\s+", " ");
    String login = new Cli(dir).run("login", "--help").out().replaceAll("\\s+", " ");

    assertTrue(root.contains("an output file (state, token, recovery code) could not be written or removed after the"
        + " tenant accepted the request; the message says what was kept"), root);
    assertTrue(login.contains("Missing input is a usage error (exit 2) when known before sending; if the tenant asks"
        + " for MFA after sign-in and --no-input forbids the prompt, exit 3."), login);
  }
}
