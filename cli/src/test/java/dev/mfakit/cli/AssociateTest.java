package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Mask;
import dev.mfakit.client.MfaToken;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The main job: {@code mfa associate}, guided in a terminal and in one scripted run. */
class AssociateTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  @Test
  void guidedJourneyPromptsForPasswordAndCodeAndShowsTheRecoveryCodeOnce() {
    String user = fx.newUser();
    String phone = "+15551234567";
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .secret("Password for " + user + ": ", Fixture.password(user))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run("associate", "--domain", fx.url(), "--username", user, "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of(
        "SMS authenticator sms\\|dev_\\w+ is active \\(X{8}4567\\)\\.",
        "Recovery code: [0-9A-Z]{24}"), r.out().lines().toList(), r::toString);
    assertLinesMatch(List.of(
        "Signing in as " + user + "...",
        "Sent a 6-digit code by SMS to +1******4567.",
        "Note: phone codes are the weakest second factor; an authenticator app is stronger.",
        "Store this recovery code somewhere safe, .* it is shown only once, .*"), r.errLines(), r::toString);
    assertTrue(p.done());
    List<SandboxAuthenticator> auths = sandbox.authenticators(user);
    assertTrue(auths.stream().anyMatch(a -> a.id().startsWith("sms|") && a.active()), auths::toString);
    // Secrets stay where they belong: no password, code or token on stderr, the code only once on stdout.
    assertFalse(r.err().contains(Fixture.password(user)));
    assertFalse(r.err().contains(fx.codeSentTo(phone)));
    String recovery = r.out().lines().toList().get(1).substring("Recovery code: ".length());
    assertFalse(r.err().contains(recovery));
  }

  @Test
  void promptsForTheUsernameWhenNotGiven() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Username: ", user)
        .secret("Password for " + user + ": ", Fixture.password(user))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run("associate", "--phone", phone, "--domain", fx.url());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done());
  }

  @Test
  void aWrongCodeAsksAgainAndSaysHowManyTriesRemain() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> Fixture.wrong(fx.codeSentTo(phone)))
        .line("Enter the 6-digit code: ", "12 34")
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user) + "\n")
        .run("associate", "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.errLines().contains("That code is not right; 2 tries left."), r::toString);
    assertTrue(r.errLines().contains("A code is 6 digits, like 123456 (or r for a new one)."), r::toString);
    assertTrue(r.out().startsWith("SMS authenticator sms|dev_"), r::toString);
  }

  @Test
  void threeWrongCodesGiveUpWithExit3() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal();
    for (int i = 0; i < 3; i++) {
      p.line("Enter the 6-digit code: ", () -> Fixture.wrong(fx.codeSentTo(phone)));
    }

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user))
        .run("associate", "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);

    assertEquals(3, r.exit(), r::toString);
    // The tenant refused every code: nothing was enrolled, but its recovery code is handed out (shown only once).
    assertTrue(r.out().matches("Recovery code: [0-9A-Z]{24}\n"), r::toString);
    assertLinesMatch(List.of(
        "Signing in as .*", "Sent a 6-digit code .*", "Note: .*",
        "That code is not right; 2 tries left.", "That code is not right; 1 try left.",
        "Nothing was enrolled, but keep this recovery code: .*",
        "mfa: that code was wrong 3 times, so nothing was enrolled. Run the same command again for a new code."),
        r.errLines(), r::toString);
  }

  @Test
  void anExpiredCodeSendsANewOneOnce() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> {
          String code = fx.codeSentTo(phone);
          sandbox.advanceClock(Duration.ofMinutes(6)); // the person took too long
          return code;
        })
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    int before = fx.messageCount();

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user))
        .run("associate", "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, fx.messageCount() - before, "a second SMS was sent");
    assertTrue(r.errLines().contains("The code expired (codes last 5 minutes); sending a new one."), r::toString);
    assertEquals(1, r.err().split("Note: phone codes", -1).length - 1, "the phone note is shown once");
    assertTrue(r.out().contains(" is active "), r::toString);
  }

  @Test
  void anExpiredSignInSignsInAgainOnce() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> {
          String code = fx.codeSentTo(phone);
          sandbox.advanceClock(Duration.ofMinutes(11)); // past the mfa_token's 10 minutes
          return code;
        })
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user))
        .run("associate", "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.errLines().contains("The sign-in expired (an mfa_token lasts 10 minutes); signing in again."),
        r::toString);
    assertEquals(2, r.err().split("Signing in as", -1).length - 1, r::toString);
  }

  @Test
  void anExpiredMfaTokenFromTheEnvironmentIsExit3() {
    String user = fx.newUser();
    MfaToken token = fx.mfaToken(user);
    sandbox.advanceClock(Duration.ofMinutes(11));

    Cli.Result r = cli().env("MFA_TOKEN", token.value())
        .run("associate", "--domain", fx.url(), "--phone", Fixture.newPhone(), "--no-input", "--state",
            dir.resolve("s.json").toString());

    assertEquals(3, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    Path state = dir.resolve("s.json");
    assertEquals("mfa: mfa_token expired (they last 10 minutes); sign in again and start over: mfa login --state "
        + state + ", then mfa associate --phone E164 --no-input --state " + state, r.err().strip());
  }

  @Test
  void aWrongCodeFlagIsExit3WithoutAPrompt() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("s.json");
    assertEquals(0, cli().stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--phone", phone, "--no-input", "--state", state.toString()).exit());
    ScriptedPrompter p = ScriptedPrompter.terminal();

    Cli.Result r = cli().prompter(p).run("associate", "--state", state.toString(), "--code",
        Fixture.wrong(fx.codeSentTo(phone)));

    assertEquals(3, r.exit(), r::toString);
    assertTrue(p.asked().isEmpty(), p.asked()::toString);
    assertTrue(Files.exists(state), "kept for a retry");
    assertEquals("mfa: that code is not right. Check the newest message and try again.",
        r.errLines().get(r.errLines().size() - 1));
  }

  @Test
  void jsonCarriesTheResultAndTokensAndFilesAreWritten0600() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path codeFile = dir.resolve("secrets/recovery.txt");
    Path tokenFile = dir.resolve("tokens.json");
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).run("associate", "--json", "--voice", phone, "--domain", fx.url(), "-u", user,
        "--password-file", Fixture.passwordFile(dir, user).toString(), "--recovery-code-file", codeFile.toString(),
        "--token-file", tokenFile.toString());

    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertTrue(((String) json.get("authenticator_id")).startsWith("voice|dev_"), r::toString);
    assertEquals("oob", json.get("authenticator_type"));
    assertEquals("voice", json.get("oob_channel"));
    assertEquals(Fixture.tenantMask(phone), json.get("recipient"), "the tenant's own mask, from its list");
    assertEquals(true, json.get("active"));
    assertEquals(codeFile.toString(), json.get("recovery_code_file"));
    assertEquals(List.of(), json.get("recovery_codes"), "the code went to the file, not to stdout");
    @SuppressWarnings("unchecked")
    Map<String, Object> tokens = (Map<String, Object>) json.get("tokens");
    assertTrue(((String) tokens.get("access_token")).startsWith("eyJ"));
    assertEquals("Bearer", tokens.get("token_type"));

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(codeFile)));
    assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(codeFile.getParent())));
    assertTrue(Files.readString(codeFile).strip().matches("[0-9A-Z]{24}"));
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));
    assertEquals(tokens.get("access_token"), Json.parseObject(Files.readString(tokenFile)).get("access_token"));
    assertTrue(r.err().contains("Sent a 6-digit code by voice call to " + Mask.phone(phone) + "."), r::toString);
    assertFalse(r.err().contains("Store this recovery code"), "the file replaces the warning");
  }

  @Test
  void tokensArePrintedOnlyWhenAsked() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user))
        .run("associate", "--phone", phone, "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertFalse(r.out().contains("eyJ") || r.err().contains("eyJ"), r::toString);
  }

  @Test
  void emailSaysWhereTheCodeWentWithoutThePhoneNote() {
    String user = fx.newUser();
    String email = "jane.doe" + user.hashCode() + "@example.com";
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(email));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user))
        .run("associate", "--email", email, "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.errLines().contains("Sent a 6-digit code by e-mail to j***@example.com."), r::toString);
    assertFalse(r.err().contains("Note: phone codes"), r::toString);
    assertTrue(r.out().startsWith("E-mail authenticator email|dev_"), r::toString);
  }

  @Test
  void signInWithoutMfaIsExit6AndEnrollsNothing() {
    String user = "nomfa" + System.nanoTime() + "@example.com";
    sandbox.addUserWithoutMfa(user, "secret-pw");
    int before = fx.messageCount();

    Cli.Result r = cli().stdin("secret-pw").run("associate", "--domain", fx.url(), "-u", user, "--password", "-",
        "--phone", Fixture.newPhone(), "--no-input", "--state", dir.resolve("s.json").toString());

    assertEquals(6, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals("mfa: signed in without MFA: the tenant did not ask for a second factor for this user, so"
        + " nothing was enrolled.", r.errLines().get(r.errLines().size() - 1));
    assertEquals(before, fx.messageCount());
  }

  @Test
  void anAlreadyEnrolledUserIsExit3() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);

    Cli.Result r = cli().stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--phone", Fixture.newPhone(), "--no-input", "--state", dir.resolve("s.json").toString());

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("mfa: this user already has a second factor: adding another passes it first, and"
        + " --no-input allows no prompt for its code"), r::toString);
  }

  @Test
  void verboseLogsRedactedHttpOnStderr() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user))
        .run("associate", "--verbose", "--phone", phone, "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("--> POST " + fx.url() + "/oauth/token"), r::toString);
    assertTrue(r.err().contains("--> POST " + fx.url() + "/mfa/associate"), r::toString);
    assertTrue(r.err().contains("<-- 200"), r::toString);
    assertFalse(r.err().contains(Fixture.password(user)), "password redacted");
    assertFalse(r.err().contains(phone), "phone masked");
    assertFalse(r.err().contains("sandbox-secret"), "client secret redacted");
    assertFalse(r.err().contains(fx.codeSentTo(phone)), "code redacted");
    assertTrue(r.out().contains(" is active "));
  }

  @Test
  void sandboxOptionRunsTheWholeJourneyWithNoAccountAndNoTerminal() {
    Cli.Result r = new Cli(dir).run("associate", "--sandbox", "--phone", "+15555550100");

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of(
        "SMS authenticator sms\\|dev_\\w+ is active \\(X{8}0100\\)\\.",
        "Recovery code: [0-9A-Z]{24}"), r.out().lines().toList(), r::toString);
    assertLinesMatch(List.of(
        "Signing in as demo@example.com...",
        "\\[sandbox\\] SMS to \\+1\\*{6}0100: code \\d{6}",
        "Sent a 6-digit code by SMS to +1******0100.",
        "Note: .*",
        "No terminal to type the code in: using the code from the sandbox outbox.",
        "Store this recovery code .*"), r.errLines(), r::toString);
  }

  @Test
  void sandboxOptionInATerminalAsksForTheCodeItPrinted() {
    Cli cli = new Cli(dir);
    StringBuilder code = new StringBuilder();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> code.toString());
    cli.prompter(p);
    // The prompt is answered from what the sandbox printed on stderr, as a person would.
    cli.errListener = line -> {
      if (line.startsWith("[sandbox] SMS to ")) {
        code.append(line.substring(line.length() - 6));
      }
    };

    Cli.Result r = cli.run("associate", "--sandbox", "--phone", "+15555550100");

    assertEquals(0, r.exit(), r::toString);
    assertFalse(r.err().contains("sandbox outbox"), r::toString);
    assertTrue(p.done());
  }
}
