package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every prompt ended without an answer, through the real command line against the sandbox: end of input (Ctrl-D;
 * Ctrl-C reaches the command as the same end of input, see {@code CtrlCIT}) and an empty answer end the run the same
 * way: one line that says what was kept, and the documented exit code (2 before anything was sent, 3 after). And a
 * wrong password at the prompt is asked for again, three tries in all.
 */
class PromptEndingsTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  /** Runs once with the prompt unanswered (Ctrl-D), once answered with Enter alone; both must end alike. */
  private void bothEndAlike(UnaryOperator<ScriptedPrompter> before, String prompt, boolean secret,
      java.util.function.Function<ScriptedPrompter, Cli.Result> run, int exit, String line) {
    ScriptedPrompter eof = before.apply(ScriptedPrompter.terminal());
    ScriptedPrompter empty = before.apply(ScriptedPrompter.terminal());
    if (secret) {
      empty.secret(prompt, "");
    } else {
      empty.line(prompt, "");
    }
    for (ScriptedPrompter p : List.of(eof, empty)) {
      Cli.Result r = run.apply(p);

      assertEquals(exit, r.exit(), r::toString);
      assertEquals(line, r.errLines().get(r.errLines().size() - 1), r::toString);
      assertEquals(1, r.errLines().stream().filter(l -> l.startsWith("mfa:")).count(), r::toString);
      assertTrue(p.asked().get(p.asked().size() - 1).startsWith(prompt), p.asked()::toString);
    }
  }

  @Test
  void theUsernamePrompt() {
    bothEndAlike(p -> p, "Username: ", false, p -> cli().prompter(p).run("login", "--domain", fx.url()), 2,
        "mfa: no username entered, so nothing was sent. Run again and type it, or pass --username NAME.");
  }

  @Test
  void thePasswordPrompt() {
    int sent = fx.messageCount();
    bothEndAlike(p -> p, "Password for jane@example.com: ", true, p -> cli().prompter(p).run("login", "--domain",
        fx.url(), "-u", "jane@example.com"), 2, "mfa: no password entered, so nothing was sent. Run again and type"
        + " it, or use --password-file FILE.");
    assertEquals(sent, fx.messageCount());
  }

  @Test
  void theRecoveryCodePrompt() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path pw = Fixture.passwordFile(dir, user);
    bothEndAlike(p -> p, "Enter your recovery code: ", true, p -> cli().prompter(p).run("login", "--domain",
        fx.url(), "-u", user, "--password-file", pw.toString(), "--recovery-code"), 2, "mfa: no recovery code"
        + " entered, so nothing was sent. Run again and type it, or use --recovery-code - (stdin)");
  }

  @Test
  void theCodePromptOfASignIn() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path pw = Fixture.passwordFile(dir, user);
    bothEndAlike(p -> p, "Enter the 6-digit code: ", false, p -> cli().prompter(p).run("login", "--domain",
        fx.url(), "-u", user, "--password-file", pw.toString()), 3, "mfa: no code entered, so you are not signed in"
        + " (the code sent works only in this run). Run the same command again for a new code; to type it in later"
        + " instead, use mfa login --state FILE and mfa challenge --state FILE, then run mfa verify --state FILE"
        + " --code CODE");
  }

  @Test
  void theCodePromptOfADelete() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path pw = Fixture.passwordFile(dir, user);
    String sms = fx.smsId(user);
    bothEndAlike(p -> p, "Enter the 6-digit code: ", false, p -> cli().prompter(p).run("authenticators", "delete",
        sms, "--domain", fx.url(), "-u", user, "--password-file", pw.toString()), 3, "mfa: no code entered, so"
        + " nothing was deleted (the code sent works only in this run). Run the same command again for a new code.");
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> a.id().equals(sms)));
  }

  @Test
  void theCodePromptOfTheExistingFactorWhenAddingAnother() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path pw = Fixture.passwordFile(dir, user);
    bothEndAlike(p -> p, "Enter the 6-digit code: ", false, p -> cli().prompter(p).run("associate", "--domain",
        fx.url(), "-u", user, "--password-file", pw.toString(), "--email", "b@example.com"), 3, "mfa: no code"
        + " entered, so nothing was enrolled (the code sent works only in this run). Run the same command again for"
        + " a new code.");
  }

  @Test
  void aWrongPasswordIsAskedForAgainThreeTriesInAll() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .secret("Password for " + user, "wrong-1")
        .secret("Password for " + user, "wrong-2")
        .secret("Password for " + user, Fixture.password(user))
        .line("Enter the 6-digit code: ", "");

    Cli.Result r = cli().prompter(p).run("login", "--domain", fx.url(), "-u", user);

    assertTrue(p.done(), p.asked()::toString);
    assertEquals(List.of("Signing in as " + user + "...", "Wrong username or password; 2 tries left.",
        "Signing in as " + user + "...", "Wrong username or password; 1 try left.", "Signing in as " + user + "..."),
        r.errLines().subList(0, 5), r::toString);
    assertEquals(3, r.exit(), "the code prompt, reached, was left empty:\n" + r);
  }

  @Test
  void threeWrongPasswordsEndTheRun() {
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .secret("Password for jane@example.com", "a")
        .secret("Password for jane@example.com", "b")
        .secret("Password for jane@example.com", "c");

    Cli.Result r = cli().prompter(p).run("login", "--domain", fx.url(), "-u", "jane@example.com");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(p.done());
    assertEquals("mfa: wrong username or password. Check them and try again.", r.errLines().get(r.errLines().size()
        - 1));
  }

  @Test
  void aPasswordFromAFileIsNotAskedForAgain() throws IOException {
    Path pw = Fixture.secretFile(dir, "pw", "wrong\n");
    ScriptedPrompter p = ScriptedPrompter.terminal();

    Cli.Result r = cli().prompter(p).run("login", "--domain", fx.url(), "-u", "jane@example.com",
        "--password-file", pw.toString());

    assertEquals(3, r.exit(), r::toString);
    assertEquals(List.of(), p.asked());
  }

  @Test
  void aPasswordTypedAgainServesTheSignInForTheMfaApiToo() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String email = "later@example.com";
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .secret("Password for " + user, "typo")
        .secret("Password for " + user, Fixture.password(user))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(email));

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "-u", user, "--email", email);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done(), p.asked()::toString);
  }
}
