package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adding a backup factor through the real command line against the sandbox: {@code mfa associate} for a user who
 * has one passes it first (a code, or a recovery code), then enrolls with an access token for the MFA API and
 * confirms with it; an access token given (the JSON of {@code mfa login --token-file}, or a bare token) does the same.
 */
class SecondFactorTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  private long active(String user, String prefix) {
    return sandbox.authenticators(user).stream().filter(a -> a.active() && a.id().startsWith(prefix)).count();
  }

  @Test
  void aSecondPhoneAfterSmsPassesTheFirstThenConfirmsTheNew() throws IOException {
    String user = fx.newUser();
    String first = fx.enrollSms(user, dir);
    String second = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(first))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(second));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--phone", second);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done(), p.asked()::toString);
    assertEquals(2, active(user, "sms|"));
    assertTrue(r.out().startsWith("SMS authenticator sms|dev_"), r::toString);
    assertTrue(r.out().contains(" is active (" + Fixture.tenantMask(second) + ")."), "the new phone:\n" + r);
    assertFalse(r.out().contains("Recovery code"), "the user has one already: none is handed out\n" + r);
    List<String> err = r.errLines();
    assertEquals("Signing in as " + user + "...", err.get(0));
    assertEquals("This user already has a second factor: to add another, pass it first.", err.get(1));
    assertEquals("Signing in as " + user + " for the MFA API...", err.get(2));
    assertTrue(err.get(3).startsWith("Sent a 6-digit code by SMS to XXXXXXXX"), r::toString);
    assertTrue(err.get(4).startsWith("Sent a 6-digit code by SMS to +1******" + second.substring(second.length() - 4)),
        r::toString);
  }

  @Test
  void aVoiceAndAnEmailFactorAfterSms() throws IOException {
    String user = fx.newUser();
    String first = fx.enrollSms(user, dir);
    String voice = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(first))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(voice))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(first))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo("backup@example.com"));

    Cli.Result v = cli().prompter(p).stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--voice", voice, "--json");
    Cli.Result e = cli().prompter(p).stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--email", "backup@example.com");

    assertEquals(0, v.exit(), v::toString);
    assertEquals(0, e.exit(), e::toString);
    Map<String, Object> json = Json.parseObject(v.out());
    String firstSuffix = fx.smsId(user).substring("sms|".length());
    assertFalse(((String) json.get("authenticator_id")).endsWith(firstSuffix),
        "the new voice entry, not the first phone's voice twin: " + json);
    assertEquals(Fixture.tenantMask(voice), json.get("recipient"));
    assertEquals("voice", json.get("oob_channel"));
    assertEquals(true, json.get("active"));
    assertEquals(List.of(), json.get("recovery_codes"));
    assertEquals(1, active(user, "email|"));
    assertTrue(active(user, "voice|") >= 2, sandbox.authenticators(user)::toString);
  }

  @Test
  void anAuthenticatorAppAfterSmsPassesTheSmsThenConfirmsWithTheAppsCode() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone))
        // The phone's camera reads the QR code off the terminal; the app then shows its code.
        .line("Enter the 6-digit code from your authenticator app: ",
            () -> Totp.fromOtpauthUri(AuthenticatorAppTest.qrOnScreen(stderr)).codeAt(Instant.now()));
    Cli cli = cli().prompter(p);
    cli.errListener = stderr::add;

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--authenticator-app");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done(), p.asked()::toString);
    assertEquals(1, active(user, "totp|"));
    assertEquals(1, active(user, "sms|"), "the first factor stays");
    assertTrue(r.out().matches("Authenticator app totp\\|dev_\\w+ is active\\.\n"), r::toString);
    List<String> err = r.errLines();
    assertEquals("This user already has a second factor: to add another, pass it first.", err.get(1));
    assertTrue(err.get(3).startsWith("Sent a 6-digit code by SMS to XXXXXXXX"), r::toString);
    assertTrue(r.err().contains("Scan this QR code with your authenticator app"), r::toString);
  }

  @Test
  void noCodeAtAnAddedAppsPromptSaysToRunAgainNotToSplit() throws IOException {
    // A split journey keeps an mfa_token, not the access token an added factor is confirmed with.
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone))
        .line("Enter the 6-digit code from your authenticator app: ", "");

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--authenticator-app");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("\nmfa: no code entered, so the app was not added. Run the command again.\n"),
        r::toString);
    assertEquals(0, active(user, "totp|"));
  }

  @Test
  void pushAfterSmsPassesTheSmsThenWaitsForTheApproval() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    Cli cli = cli().prompter(p);
    cli.clock = sandbox.clock();
    cli.onSleep = d -> {
      sandbox.advanceClock(d);
      sandbox.approvePush(user); // the person scans the code and taps Approve during the first wait
    };

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done(), p.asked()::toString);
    assertEquals(1, active(user, "push|"));
    assertTrue(r.out().matches("Push authenticator push\\|dev_\\w+ is active.*\n"), r::toString);
    assertTrue(r.err().contains("This user already has a second factor: to add another, pass it first."), r::toString);
    assertTrue(r.err().contains("Scan this QR code with the Guardian app"), r::toString);
  }

  @Test
  void ctrlCWhileWaitingForTheExistingPushSaysNothingWasEnrolled() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("push.json");
    Cli split = cli();
    assertEquals(0, split.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--push", "--no-input", "--state", state.toString(), "--qr-file",
        dir.resolve("qr.svg").toString()).exit());
    Cli approving = cli();
    approving.onSleep = d -> sandbox.approvePush(user);
    assertEquals(0, approving.run("verify", "--state", state.toString(), "--push").exit());
    int sent = fx.messageCount();
    Cli stopped = cli().prompter(ScriptedPrompter.terminal());
    stopped.onSleep = d -> {
      throw new InterruptedException(); // what Ctrl-C does to the wait
    };

    Cli.Result r = stopped.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--phone", Fixture.newPhone());

    assertEquals(130, r.exit(), r::toString);
    assertTrue(r.err().endsWith("mfa: stopped waiting for the approval of your existing factor, so nothing was"
        + " enrolled. Run the command again to start over.\n"), r::toString);
    assertEquals(sent, fx.messageCount(), "no code was sent to the new phone");
    assertEquals(0, active(user, "sms|"));
  }

  @Test
  void pushKeptInStateIsRefusedForAnEnrolledUserBeforeAnythingIsEnrolled() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path state = dir.resolve("push.json");
    int sent = fx.messageCount();

    Cli.Result r = cli().prompter(ScriptedPrompter.terminal()).run("associate", "--domain", fx.url(), "-u", user,
        "--password-file", Fixture.passwordFile(dir, user).toString(), "--push", "--state", state.toString());

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("mfa: this user already has a second factor: adding another passes it first, and"
        + " --state cannot keep the access token that gives (it keeps an mfa_token). Drop --state to wait for the"
        + " approval in this run.\n"), r::toString);
    assertEquals(sent, fx.messageCount(), "no code was sent");
    assertFalse(Files.exists(state));
    assertEquals(0, sandbox.authenticators(user).stream().filter(a -> a.id().startsWith("push|")).count());
  }

  @Test
  void aRecoveryCodePassesTheFirstFactorAndItsReplacementIsHandedOut() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter first = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    Cli.Result enrolled = cli().prompter(first).stdin(Fixture.password(user)).run("associate", "--domain", fx.url(),
        "-u", user, "--password", "-", "--phone", phone, "--json");
    assertEquals(0, enrolled.exit(), enrolled::toString);
    String code = (String) ((List<?>) Json.parseObject(enrolled.out()).get("recovery_codes")).get(0);
    Path rc = Fixture.secretFile(dir, "rc.txt", code + "\n");
    int sent = fx.messageCount();
    String email = "backup@example.com";
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .secret("Password for " + user, Fixture.password(user))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(email));

    Cli.Result r = cli().prompter(p).stdin(code).run("associate", "--domain", fx.url(), "-u", user, "--email", email,
        "--recovery-code", "-");

    assertEquals(0, r.exit(), r::toString);
    assertEquals(sent + 1, fx.messageCount(), "only the new factor's code was sent");
    assertTrue(r.out().contains("Recovery code: "), r::toString);
    assertFalse(r.out().contains(code), "the spent code is not shown again");
    assertTrue(r.err().contains("That recovery code is now used up; here is its replacement."), r::toString);
    assertTrue(Files.exists(rc));
  }

  @Test
  void anAccessTokenFileFromMfaLoginAddsAFactorWithoutASignIn() throws IOException {
    String user = fx.newUser();
    String first = fx.enrollSms(user, dir);
    Path at = dir.resolve("at.json");
    ScriptedPrompter login = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(first));
    Cli.Result l = cli().prompter(login).stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user,
        "--password", "-", "--audience", fx.url() + "/mfa/", "--scope", "enroll read:authenticators",
        "--token-file", at.toString());
    assertEquals(0, l.exit(), l::toString);
    String second = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(second));

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "--access-token-file", at.toString(),
        "--phone", second);

    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, active(user, "sms|"));
    assertFalse(r.err().contains("Signing in"), r::toString);
  }

  @Test
  void aBareAccessTokenInTheEnvironmentWorksToo() throws IOException {
    String user = fx.newUser();
    String first = fx.enrollSms(user, dir);
    Path at = dir.resolve("at.json");
    ScriptedPrompter login = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(first));
    cli().prompter(login).stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user, "--password",
        "-", "--audience", fx.url() + "/mfa/", "--scope", "enroll", "--token-file", at.toString());
    String token = (String) Json.parseObject(Files.readString(at)).get("access_token");
    String second = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(second));

    Cli.Result r = cli().env("MFA_ACCESS_TOKEN", token).prompter(p).run("associate", "--domain", fx.url(),
        "--phone", second);

    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, active(user, "sms|"));
    assertTrue(r.err().contains("Confirmed, but could not list"), "scope enroll only: no list\n" + r);
  }

  @Test
  void anMfaTokenGivenForAnEnrolledUserSaysHowToAddAnother() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    int sent = fx.messageCount();

    Cli.Result r = cli().env("MFA_TOKEN", fx.mfaToken(user).value()).prompter(ScriptedPrompter.terminal())
        .run("associate", "--domain", fx.url(), "--phone", Fixture.newPhone());

    assertEquals(3, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertTrue(r.err().contains("Let mfa associate sign in (drop --mfa-token, --state or MFA_TOKEN)"), r::toString);
    assertEquals(sent, fx.messageCount());
  }

  @Test
  void theSplitJourneyRefusesAnAccessTokenBeforeSendingAnything() throws IOException {
    Path at = Fixture.secretFile(dir, "at.txt", "eyJhbGciOiJSUzI1NiJ9.e30.sig\n");

    Cli.Result r = cli().run("associate", "--domain", fx.url(), "--access-token-file", at.toString(), "--phone",
        Fixture.newPhone(), "--no-input", "--state", dir.resolve("s.json").toString());

    assertEquals(2, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertTrue(r.err().contains("--state cannot keep an enrollment made with an access token"), r::toString);
  }
}
