package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which factor a verb passes first when the user has several (an SMS and an authenticator app here) and no
 * {@code --authenticator} names one, through the real command line against the sandbox: at a terminal every verb
 * offers the list {@code mfa login} offers; without one, the first in the tenant's order, said on stderr.
 */
class FactorChoiceTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    Cli cli = Cli.forSandboxClient(dir);
    cli.clock = sandbox.clock();
    return cli;
  }

  private static final String MENU = "Use which one? [1-2, Enter for 1]: ";

  /** A user with an SMS factor on {@code phone} and an authenticator app (its secret returned in [1]). */
  private String[] userWithTwoFactors() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String secret = fx.addApp(user, phone);
    sandbox.advanceClock(Duration.ofSeconds(30)); // the app's next code: each is accepted once
    return new String[] {user, secret, phone};
  }

  private static void assertListed(Cli.Result r) {
    assertTrue(r.err().contains("You have 2 second factors:\n"), r::toString);
    assertTrue(r.err().matches("(?s).*\n  1\\. SMS \\S+ \\(sms\\|dev_\\w+\\)\n  2\\. Authenticator app"
        + " \\(totp\\|dev_\\w+\\)\n.*"), r::toString);
  }

  @Test
  void associatePassesTheFactorThePersonPicks() throws IOException {
    String[] u = userWithTwoFactors();
    int sent = fx.messageCount();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line(MENU, "2")
        .line("Enter the 6-digit code from your authenticator app: ", () -> Totp.fromBase32(u[1]).codeAt(sandbox.now()))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo("backup@example.com"));

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "-u", u[0], "--password-file",
        Fixture.passwordFile(dir, u[0]).toString(), "--email", "backup@example.com");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done(), p.asked()::toString);
    assertListed(r);
    assertEquals(sent + 1, fx.messageCount(), "only the new factor's code: the app passed, no SMS");
    assertTrue(sandbox.authenticators(u[0]).stream().anyMatch(a -> a.active() && a.id().startsWith("email|")));
  }

  @Test
  void deleteOffersTheListAndNoAnswerRemovesNothing() throws IOException {
    String[] u = userWithTwoFactors();
    String app = sandbox.authenticators(u[0]).stream().map(SandboxAuthenticator::id)
        .filter(id -> id.startsWith("totp|")).findFirst().orElseThrow();
    int sent = fx.messageCount();

    Cli.Result none = cli().prompter(ScriptedPrompter.terminal()).run("authenticators", "delete", app, "--domain",
        fx.url(), "-u", u[0], "--password-file", Fixture.passwordFile(dir, u[0]).toString());
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line(MENU, "")
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(u[2]));
    Cli.Result picked = cli().prompter(p).run("authenticators", "delete", app, "--domain", fx.url(), "-u", u[0],
        "--password-file", Fixture.passwordFile(dir, u[0]).toString());

    assertEquals(3, none.exit(), none::toString);
    assertTrue(none.err().endsWith("\nmfa: no factor chosen, so nothing was removed (and no code was sent). Run the"
        + " command again, or name one with --authenticator ID\n"), none::toString);
    assertEquals(0, picked.exit(), picked::toString);
    assertListed(picked);
    assertTrue(p.done(), p.asked()::toString);
    assertEquals(sent + 1, fx.messageCount(), "Enter took the first, the SMS: one code");
    assertFalse(sandbox.authenticators(u[0]).stream().anyMatch(a -> a.id().equals(app)));
  }

  @Test
  void pruneOffersTheListToo() throws IOException {
    String[] u = userWithTwoFactors();
    abandonAnEnrollment(u[0], u[2]);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line(MENU, "2")
        .line("Enter the 6-digit code from your authenticator app: ",
            () -> Totp.fromBase32(u[1]).codeAt(sandbox.now()));

    Cli.Result r = cli().prompter(p).run("authenticators", "prune", "--domain", fx.url(), "-u", u[0],
        "--password-file", Fixture.passwordFile(dir, u[0]).toString(), "--yes");

    assertEquals(0, r.exit(), r::toString);
    assertListed(r);
    assertTrue(p.done(), p.asked()::toString);
  }

  /** An e-mail factor associated with an access token (passing the SMS on {@code phone}) and never confirmed. */
  private void abandonAnEnrollment(String user, String phone) {
    dev.mfakit.client.MfaClient client = fx.client();
    var required = (dev.mfakit.client.MfaRequired) client.signIn(dev.mfakit.client.PasswordSignIn.of(user,
        Fixture.password(user)).withAudience(fx.url() + "/mfa/").withScope("enroll"));
    var sms = client.listAuthenticators(required.mfaToken()).stream()
        .filter(a -> a.active() && a.id().startsWith("sms|")).findFirst().orElseThrow();
    var challenge = client.challenge(required.mfaToken(), dev.mfakit.client.ChallengeRequest.forAuthenticator(sms));
    var access = client.verifyOob(required.mfaToken(), challenge.oobCode(), fx.codeSentTo(phone)).accessToken();
    client.associate(access, dev.mfakit.client.Enrollment.email("never@example.com"));
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> !a.active() && a.id().startsWith("email|")));
  }

  @Test
  void withoutATerminalTheFirstIsTakenAndNamed() throws IOException {
    String[] u = userWithTwoFactors();
    Path state = dir.resolve("s.json");
    assertEquals(0, fx.loginNoInput(dir, u[0], state).exit());

    Cli.Result r = cli().run("challenge", "--state", state.toString(), "--no-input");

    assertEquals(0, r.exit(), r::toString);
    List<String> err = r.errLines();
    assertTrue(err.get(0).matches("This user has 2 second factors; using the first, SMS \\S+ \\(sms\\|dev_\\w+\\)\\."
        + " Name another with --authenticator ID\\."), r::toString);
    assertTrue(err.get(1).startsWith("Sent a 6-digit code by SMS to "), r::toString);
  }
}
