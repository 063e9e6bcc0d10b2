package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One rule for every output file that holds a secret, through the real command line against the sandbox: each is
 * checked before the first request; none is written into a directory every user can write (like /tmp, sticky or
 * not); and none replaces an existing file, except the same kind of output that is done with: a state file whose step
 * is finished, expired or only signed in, the tokens of an earlier {@code --token-file}, the spent recovery code of a
 * recovery-code sign-in. A state file whose step waits for its code is never replaced: the message says how to finish
 * it.
 */
class OutputFileRulesTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  @Test
  void aPendingEnrollmentIsNeverReplacedByAnotherRunAndCanStillBeFinished() throws IOException {
    String ann = fx.newUser();
    String bob = fx.newUser();
    String annPhone = Fixture.newPhone();
    Path state = dir.resolve("s.json");
    assertEquals(0, fx.associateNoInput(dir, ann, annPhone, state).exit());
    String before = Files.readString(state);
    int sent = fx.messageCount();

    Cli.Result bobs = fx.associateNoInput(dir, bob, Fixture.newPhone(), state);

    assertEquals(2, bobs.exit(), bobs::toString);
    Fixture.assertOneLineError(bobs);
    assertTrue(bobs.err().matches("mfa: --state: " + java.util.regex.Pattern.quote(state.toString()) + " holds an"
        + " enrollment waiting for its code \\(SMS to \\+1\\*{6}\\d{4}, until \\d\\d:\\d\\d UTC\\), which this run"
        + " would replace\\. Delete it to start over, or finish it with: mfa verify --state "
        + java.util.regex.Pattern.quote(state.toString()) + " --code CODE\\n"), bobs::toString);
    assertEquals(sent, fx.messageCount(), "nothing was sent");
    assertEquals(before, Files.readString(state), "the pending enrollment is kept");

    Cli.Result finished = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(annPhone));
    assertEquals(0, finished.exit(), finished::toString);
  }

  @Test
  void aSignedInOrExpiredStateIsReplacedByTheNextStep() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("login.json");
    assertEquals(0, fx.loginNoInput(dir, user, state).exit());

    Cli.Result r = fx.associateNoInput(dir, user, Fixture.newPhone(), state);
    assertEquals(0, r.exit(), r::toString);

    // The enrollment's code expired: nothing there is worth keeping, and starting over is what the user is told.
    Fixture.stateFile(state, "flow", "associate", "mfa_token", "Fe26.2**old", "domain", fx.url(), "client_id",
        SandboxTenant.CLIENT_ID, "oob_code", "Fe26.2*old", "expires_at", Instant.now().minusSeconds(1),
        "oob_channel", "sms", "recipient", "+1******0000");
    Cli.Result again = fx.associateNoInput(dir, user, Fixture.newPhone(), state);
    assertEquals(0, again.exit(), again::toString);
  }

  @Test
  void tokensReplaceOnlyTheTokensOfAnEarlierRun() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path tokens = dir.resolve("at.json");
    Path pw = Fixture.passwordFile(dir, user);
    for (int run = 0; run < 2; run++) {
      ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
      Cli.Result r = cli().prompter(p).run("login", "--domain", fx.url(), "-u", user, "--password-file",
          pw.toString(), "--token-file", tokens.toString());
      assertEquals(0, r.exit(), "run " + run + ":\n" + r);
    }

    Cli.Result over = cli().run("login", "--domain", fx.url(), "-u", user, "--password-file", pw.toString(),
        "--token-file", pw.toString());
    assertEquals(2, over.exit(), over::toString);
    assertEquals(List.of("mfa: --token-file: " + pw + " exists and holds something other than the tokens of"
        + " --token-file; pick a new path or remove it."), over.errLines());
    assertEquals(Fixture.password(user) + "\n", Files.readString(pw), "the password file is untouched");
  }

  @Test
  void anExistingQrFileIsNotOverwritten() throws IOException {
    String user = fx.newUser();
    Path qr = Fixture.secretFile(dir, "exists.png", "not mine");
    long sent = sandbox.stats().requests();

    Cli.Result r = cli().run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--authenticator-app", "--no-input", "--state",
        dir.resolve("app.json").toString(), "--qr-file", qr.toString());

    assertEquals(2, r.exit(), r::toString);
    assertEquals(List.of("mfa: --qr-file: " + qr + " exists and may hold something else (a QR code is never written"
        + " over a file); pick a new path or remove it."), r.errLines());
    assertEquals("not mine", Files.readString(qr));
    assertEquals(sent, sandbox.stats().requests(), "nothing was sent");
  }

  @Test
  void aStickyDirectoryEveryUserCanWriteIsRefusedForEveryOutputLikeAnyOther() throws IOException {
    Path tmp = Files.createDirectories(dir.resolve("tmp"));
    Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxrwxrwx"));
    Files.setAttribute(tmp, "unix:mode", 01777);
    String user = fx.newUser();
    Path pw = Fixture.passwordFile(dir, user);
    long sent = sandbox.stats().requests();
    for (String option : List.of("--state", "--recovery-code-file", "--token-file")) {
      boolean state = option.equals("--state");
      Path out = tmp.resolve(state ? "s.json" : "out");
      List<String> args = new java.util.ArrayList<>(List.of("associate", "--domain", fx.url(), "-u", user,
          "--password-file", pw.toString(), "--phone", Fixture.newPhone(), "--no-input", "--state",
          state ? out.toString() : dir.resolve("s.json").toString()));
      if (!state) {
        args.addAll(List.of(option, out.toString()));
      }

      Cli.Result r = cli().run(args.toArray(String[]::new));

      assertEquals(2, r.exit(), r::toString);
      assertEquals(List.of("mfa: " + option + ": " + tmp + " is writable by every user (like /tmp), and " + out
          + " would hold a secret. Pick a private directory: your home, or one made with mktemp -d."), r.errLines());
    }
    assertEquals(01777, (int) Files.getAttribute(tmp, "unix:mode") & 07777, "sticky and open to all, as /tmp");
    assertEquals(sent, sandbox.stats().requests(), "nothing was sent");
  }
}
