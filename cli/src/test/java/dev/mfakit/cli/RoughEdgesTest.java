package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rough edges a new user hit after the first factor, each through the real command line: next steps that work
 * as written, where the tokens are, what --verbose shows, settings that forgive and guide, and the help text.
 */
class RoughEdgesTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  // ---- login's next step ------------------------------------------------------------------------------------

  @Test
  void loginStateForAUserWithoutAFactorSuggestsAnEnrollmentThatWorksAsWritten() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("hank.json");

    Cli.Result login = fx.loginNoInput(dir, user, state);

    assertEquals(0, login.exit(), login::toString);
    String next = "Next: this user has no second factor yet; enroll one with mfa associate --phone E164 --state "
        + state + " (or add --no-input to stop once the code is sent, then mfa verify --state " + state
        + " --code CODE).";
    assertEquals(next, login.errLines().get(login.errLines().size() - 1), login::toString);

    // Followed literally (the phone filled in), at a terminal:
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    Cli.Result enroll = cli().prompter(p).run("associate", "--phone", phone, "--state", state.toString());

    assertEquals(0, enroll.exit(), enroll::toString);
    assertTrue(enroll.out().startsWith("SMS authenticator sms|dev_"), enroll::toString);
  }

  @Test
  void challengeForAUserWithoutAFactorNamesTheSameStateFile() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("hank.json");
    assertEquals(0, fx.loginNoInput(dir, user, state).exit());

    Cli.Result r = cli().run("challenge", "--state", state.toString(), "--no-input");

    assertEquals(3, r.exit(), r::toString);
    assertEquals(List.of("mfa: this user has no second factor yet, so there is nothing to challenge. Enroll one"
        + " first with this state file: mfa associate --phone E164 --state " + state), r.errLines());
  }

  @Test
  void loginStateForAUserWithAFactorSuggestsTheChallenge() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path state = dir.resolve("s.json");

    Cli.Result login = fx.loginNoInput(dir, user, state);

    assertEquals("Next: mfa challenge --state " + state + " sends a code; then mfa verify --state " + state
        + " --code CODE.", login.errLines().get(login.errLines().size() - 1), login::toString);
  }

  @Test
  void anInteractiveSignInSaysWhereTheTokensAre() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user,
        "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("Signed in with MFA.\n", r.out());
    assertEquals("The tokens are not shown: add --json to print them, or --token-file FILE to save them (mode 600).",
        r.errLines().get(r.errLines().size() - 1));
  }

  // ---- output -----------------------------------------------------------------------------------------------

  @Test
  void verboseMasksUsernamesAndAddressesAndARefusalPrintsNoStackTrace() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    ScriptedPrompter q = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone))
        .line("Enter the 6-digit code: ", "000000").line("Enter the 6-digit code: ", "000001")
        .line("Enter the 6-digit code: ", "000002");

    Cli.Result wrong = cli().prompter(q).stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u",
        user, "--password", "-", "--email", "jane.doe@example.com", "--verbose");

    assertEquals(3, wrong.exit(), wrong::toString);
    assertTrue(wrong.err().contains("<-- 403 " + fx.url() + "/oauth/token"), "the exchange is shown:\n" + wrong);
    assertFalse(wrong.err().contains("\tat "), "no stack trace for a refusal:\n" + wrong);
    assertTrue(wrong.err().contains("username=u***@example.com"), wrong::toString);
    assertTrue(wrong.err().contains("\"email\":\"j***@example.com\""), wrong::toString);
    assertFalse(wrong.err().replace("Signing in as " + user, "").contains(user), "the username only where the"
        + " command says who signs in:\n" + wrong);
    assertFalse(wrong.err().contains("jane.doe@example.com"), wrong::toString);
    assertTrue(p.asked().isEmpty());
  }

  @Test
  void jsonTwiceIsJsonOnce() {
    Cli.Result r = new Cli(dir).run("authenticators", "list", "--sandbox", "--json", "--json");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("[]\n", r.out());
  }

  @Test
  void aBadEmailSaysItMustBeAnEmailAddress() {
    Cli.Result r = new Cli(dir).run("associate", "--sandbox", "--email", "not-an-address");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("mfa: --email: email must be an e-mail address"), r::toString);
  }

  @Test
  void everyHelpSaysWhatNoInputMeansForExit3OnOneLine() {
    for (List<String> verb : List.of(List.<String>of(), List.of("login"), List.of("associate"), List.of("verify"),
        List.of("challenge"), List.of("authenticators"), List.of("authenticators", "list"),
        List.of("authenticators", "delete"), List.of("authenticators", "prune"), List.of("sandbox"),
        List.of("completion"))) {
      List<String> args = new java.util.ArrayList<>(verb);
      args.add("--help");
      Cli.Result r = new Cli(dir).run(args.toArray(String[]::new));

      assertTrue(r.out().contains("(or --no-input forbade the prompt MFA needed)"), () -> verb + ":\n" + r.out());
    }
  }

  @Test
  void helpVerbPrintsWhatVerbHelpPrints() {
    Cli.Result help = new Cli(dir).run("help", "associate");
    Cli.Result option = new Cli(dir).run("associate", "--help");
    Cli.Result all = new Cli(dir).run("help");

    assertEquals(0, help.exit(), help::toString);
    assertEquals(option.out(), help.out());
    assertEquals(new Cli(dir).run("--help").out(), all.out());
    assertTrue(all.out().contains("  help "), all::toString);
  }

  // ---- settings ---------------------------------------------------------------------------------------------

  @Test
  void aLoopbackDomainWithoutASchemeIsAnsweredAtOnce() {
    Cli.Result r = cli().run("authenticators", "list", "--domain", "127.0.0.1:8787", "-u", "x@example.com",
        "--no-input");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().endsWith("Use http://127.0.0.1:8787\n"), r::toString);
  }

  @Test
  void aMistakeInAnotherProfileIsAWarningAndThisOneWorks() throws IOException {
    String user = fx.newUser();
    Files.writeString(dir.resolve("profiles"), "[default]\ndomain = " + fx.url() + "\nclient_id = sandbox-client\n"
        + "\n[staging]\ndomian = staging.example.com\n");

    Cli.Result r = cli().stdin(Fixture.password(user)).run("authenticators", "list", "-u", user, "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("Warning: " + dir.resolve("profiles") + ":6: unknown key 'domian'; did you mean 'domain'? (profile"
        + " [staging] is ignored until this is fixed; the others work).", r.errLines().get(0));
  }

  @Test
  void aClientSecretInTheProfileInUseIsRefusedWithWhereToPutIt() throws IOException {
    Files.writeString(dir.resolve("profiles"), "[default]\ndomain = " + fx.url() + "\nclient_secret = s3cret\n");

    Cli.Result r = new Cli(dir).env("AUTH0_CLIENT_ID", "sandbox-client").run("authenticators", "list", "-u",
        "x@example.com", "--no-input");

    assertEquals(2, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertTrue(r.err().contains("'client_secret' is not read from a profile"), r::toString);
    assertTrue(r.err().contains("use client_secret_file = PATH"), r::toString);
    assertFalse(r.err().contains("s3cret"), r::toString);
  }

  @Test
  void homeIsTheEnvironmentsHome() {
    assertEquals(Path.of("/tmp/h"), Context.home(Map.of("HOME", "/tmp/h"), "/root"));
    assertEquals(Path.of("/root"), Context.home(Map.of(), "/root"));
    assertEquals(Path.of("/root"), Context.home(Map.of("HOME", "relative"), "/root"));
  }
}
