package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** login, verify (otp/recovery code), authenticators list/delete. */
class VerbsTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  /** Enrolls an SMS factor through the CLI and returns the recovery code it printed. */
  private String enrollAndKeepRecoveryCode(String user, String phone) throws IOException {
    Path state = dir.resolve("e.json");
    Cli.Result r = fx.associateNoInput(dir, user, phone, state, "--json");
    assertEquals(0, r.exit(), r::toString);
    @SuppressWarnings("unchecked")
    String code = ((List<String>) Json.parseObject(r.out()).get("recovery_codes")).get(0);
    assertEquals(0, cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone)).exit());
    return code;
  }

  @Test
  void loginWithoutMfa() throws IOException {
    String user = "plain" + System.nanoTime() + "@example.com";
    sandbox.addUserWithoutMfa(user, "pw");

    Cli.Result text = cli().stdin("pw").run("login", "--domain", fx.url(), "-u", user, "--password", "-");
    Cli.Result json = cli().stdin("pw").run("login", "--domain", fx.url(), "-u", user, "--password", "-", "--json");

    assertEquals(0, text.exit(), text::toString);
    assertEquals("Signed in (no MFA required).\n", text.out());
    assertFalse(text.out().contains("eyJ"), "tokens only when asked");
    assertEquals(0, json.exit(), json::toString);
    Map<String, Object> m = Json.parseObject(json.out());
    assertEquals(false, m.get("mfa_required"));
    assertTrue(m.containsKey("tokens"));
  }

  @Test
  void loginWithoutMfaToAStateFileIsExit6AndWritesNoFile() throws IOException {
    String user = "plain" + System.nanoTime() + "@example.com";
    sandbox.addUserWithoutMfa(user, "pw");
    Path state = dir.resolve("s.json");

    Cli.Result r = cli().stdin("pw").run("login", "--domain", fx.url(), "-u", user, "--password", "-", "--state",
        state.toString());

    assertEquals(6, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals("mfa: signed in without MFA: the tenant did not ask for a second factor for this user, so there is"
        + " no mfa_token to save in " + state + ".", r.errLines().get(r.errLines().size() - 1));
    assertFalse(Files.exists(state));
  }

  @Test
  void loginInATerminalChallengesTheFactorAndAsksForTheCode() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .secret("Password for " + user, Fixture.password(user))
        .line("Enter the 6-digit code: ", () -> Fixture.wrong(fx.codeSentTo(phone)))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    Path tokens = dir.resolve("tokens.json");

    Cli.Result r = cli().prompter(p).run("login", "--domain", fx.url(), "-u", user, "--token-file", tokens.toString());

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of("Signed in with MFA.", "Tokens saved to " + tokens + "."), r.out().lines().toList());
    assertLinesMatch(List.of("Signing in as " + user + "...", "Sent a 6-digit code by SMS to X+\\d{4}\\.",
        "That code is not right; 2 tries left."), r.errLines(), r::toString);
    assertTrue(Json.parseObject(Files.readString(tokens)).containsKey("access_token"));
  }

  @Test
  void loginWithNothingToAnswerMfaIsExit3() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);

    Cli.Result r = cli().run("login", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--no-input");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("mfa: MFA required, and --no-input allows no prompt for the code. Rerun with --otp"
        + " CODE, '--recovery-code -', or --state FILE (then mfa challenge and mfa verify)"), r::toString);
  }

  @Test
  void verifyFromAChallengeStateReportsTheFactorThatAnswered() throws IOException {
    String user = fx.newUser();
    String first = enrollAndKeepRecoveryCode(user, Fixture.newPhone());
    Path state = dir.resolve("c.json");
    assertEquals(0, fx.loginNoInput(dir, user, state).exit());
    assertEquals(0, cli().run("challenge", "--state", state.toString()).exit(), "an SMS challenge is pending");

    Cli.Result r = cli().stdin(first).run("verify", "--state", state.toString(), "--recovery-code", "-", "--json");

    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals("recovery-code", json.get("authenticator_type"));
    assertEquals(null, json.get("oob_channel"), "not the SMS the state file was waiting for");
    assertEquals(null, json.get("authenticator_id"));
    assertEquals(null, json.get("recipient"));
    assertFalse(Files.exists(state), "spent");
  }

  @Test
  void recoveryCodeSignInShowsTheNewCode() throws IOException {
    String user = fx.newUser();
    String first = enrollAndKeepRecoveryCode(user, Fixture.newPhone());

    Cli.Result r = cli().stdin(first.toLowerCase() + "\n").run("login", "--domain", fx.url(), "-u", user,
        "--password-file", Fixture.passwordFile(dir, user).toString(), "--recovery-code", "-");

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of("Signed in with MFA.", "Recovery code: [0-9A-Z]{24}"), r.out().lines().toList());
    String next = r.out().lines().toList().get(1).substring("Recovery code: ".length());
    assertNotEquals(first, next);
    assertTrue(r.err().contains("That recovery code is now used up; here is its replacement."), r::toString);
    assertTrue(r.err().contains("Store this recovery code"), r::toString);

    // The used code no longer works; the new one does, through verify with a prompt and a file.
    Cli.Result reused = cli().stdin(first).run("login", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--recovery-code", "-");
    assertEquals(3, reused.exit(), reused::toString);

    MfaToken token = fx.mfaToken(user);
    Path tokenFile = Fixture.secretFile(dir, "mfa-token", token.value());
    Path newFile = Fixture.secretFile(dir, "rc.txt", next + "\n"); // the spent code's file: replaced
    ScriptedPrompter p = ScriptedPrompter.terminal().secret("Enter your recovery code: ", next);
    Cli.Result v = cli().prompter(p).run("verify", "--domain", fx.url(), "--mfa-token-file", tokenFile.toString(),
        "--recovery-code", "--recovery-code-file", newFile.toString(), "--json");
    assertEquals(0, v.exit(), v::toString);
    Map<String, Object> json = Json.parseObject(v.out());
    assertEquals(true, json.get("signed_in"));
    assertEquals(newFile.toString(), json.get("recovery_code_file"));
    assertTrue(v.err().contains("That recovery code is now used up; its replacement is saved in " + newFile + "."),
        v::toString);
    assertFalse(v.err().contains("here is its replacement"), v::toString);
    String third = Files.readString(newFile).strip();
    assertTrue(third.matches("[0-9A-Z]{24}") && !third.equals(next));
  }

  @Test
  void listShowsEveryEntryInactiveOnesMarked() throws IOException {
    String user = fx.newUser();
    // Associated but never confirmed: the sms entry and the recovery-code entry are inactive.
    MfaToken token = fx.mfaToken(user);
    fx.client().associate(token, Enrollment.sms(Fixture.newPhone()));
    Path tokenFile = Fixture.secretFile(dir, "t", token.value());

    Cli.Result table = cli().run("authenticators", "list", "--domain", fx.url(), "--mfa-token-file",
        tokenFile.toString());
    Cli.Result json = cli().env("MFA_TOKEN", token.value()).run("authenticators", "list", "--domain", fx.url(),
        "--json");

    assertEquals(0, table.exit(), table::toString);
    List<String> lines = table.out().lines().toList();
    assertTrue(lines.get(0).matches("ID\\s+TYPE\\s+CHANNEL\\s+NAME\\s+ACTIVE"), table::toString);
    assertTrue(lines.stream().anyMatch(l -> l.matches("sms\\|dev_\\w+\\s+oob\\s+sms\\s+X+\\d{4}\\s+no \\(inactive\\)")),
        table::toString);
    assertTrue(lines.stream()
        .anyMatch(l -> l.matches("recovery-code\\|dev_\\w+\\s+recovery-code\\s+no \\(inactive\\)")),
        table::toString);
    assertEquals("Inactive entries were never confirmed and do not count as a second factor.\n", table.err());

    assertEquals(0, json.exit(), json::toString);
    List<Object> array = parseArray(json.out());
    assertEquals(sandbox.authenticators(user).size(), array.size());
    for (Object o : array) {
      @SuppressWarnings("unchecked")
      Map<String, Object> a = (Map<String, Object>) o;
      assertEquals(false, a.get("active"));
      assertTrue(a.containsKey("id") && a.containsKey("authenticator_type"), a::toString);
      if (a.get("authenticator_type").equals("recovery-code")) {
        assertTrue(a.containsKey("oob_channel") && a.get("oob_channel") == null && a.containsKey("name")
            && a.get("name") == null, "absent fields are null, never missing");
      }
    }
  }

  @Test
  void listOfAnEnrolledUserFromAStateFileAndEmptyList() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("s.json");
    Cli.Result none = fx.loginNoInput(dir, user, state);
    assertEquals(0, none.exit(), none::toString);

    Cli.Result empty = cli().run("authenticators", "list", "--state", state.toString());
    assertEquals(0, empty.exit(), empty::toString);
    assertEquals("No authenticators.\n", empty.out());
    Cli.Result emptyJson = cli().run("authenticators", "list", "--state", state.toString(), "--json");
    assertEquals(List.of(), parseArray(emptyJson.out()));
  }

  @Test
  void deleteWithAnAccessTokenFile() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    String id = fx.smsId(user);
    Path at = Fixture.secretFile(dir, "at.txt", mfaApiAccessToken(user).value() + "\n");

    Cli.Result r = cli().run("authenticators", "delete", id, "--domain", fx.url(), "--access-token-file",
        at.toString(), "--json");

    assertEquals(0, r.exit(), r::toString);
    assertEquals(List.of(id), Json.parseObject(r.out()).get("deleted"), "with a given token the twins are unknown");
    assertTrue(sandbox.authenticators(user).stream().noneMatch(a -> a.id().equals(id)));

    Cli.Result again = cli().env("MFA_ACCESS_TOKEN", mfaApiAccessTokenAfterDelete(at))
        .run("authenticators", "delete", id, "--domain", fx.url());
    assertEquals(3, again.exit(), again::toString);
    assertEquals("mfa: no authenticator " + id + " for this user; see mfa authenticators list", again.err().strip());
  }

  @Test
  void deleteSignsInForTheMfaApiAndPassesTheSecondFactor() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String id = fx.smsId(user);
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("authenticators", "delete", id,
        "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("Deleted " + id + " (and its twin " + id.replace("sms|", "voice|") + ").\n", r.out());
    assertLinesMatch(List.of("Signing in as " + user + " for the MFA API...", "Sent a 6-digit code by SMS to .*"),
        r.errLines());
    assertTrue(sandbox.authenticators(user).stream().noneMatch(a -> a.id().equals(id)));
  }

  @Test
  void deleteWithAnMfaTokenIsRefused() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    String id = sandbox.authenticators(user).get(0).id();
    Path at = Fixture.secretFile(dir, "not-an-access-token", fx.mfaToken(user).value());

    Cli.Result r = cli().run("authenticators", "delete", id, "--domain", fx.url(), "--access-token-file",
        at.toString());

    assertEquals(3, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
  }

  /** An access token for the /mfa/ API with remove:authenticators, obtained the way any program would. */
  private AccessToken mfaApiAccessToken(String user) {
    MfaClient client = fx.client();
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(user, Fixture.password(user))
        .withAudience(fx.url() + "/mfa/").withScope("remove:authenticators"));
    var auth = client.listAuthenticators(required.mfaToken()).stream().filter(a -> a.active()
        && a.id().startsWith("sms|")).findFirst().orElseThrow();
    Challenge c = client.challenge(required.mfaToken(), ChallengeRequest.forAuthenticator(auth));
    String code = sandbox.messages().get(sandbox.messages().size() - 1).code();
    return client.verifyOob(required.mfaToken(), c.oobCode(), code).accessToken();
  }

  private static String mfaApiAccessTokenAfterDelete(Path file) throws IOException {
    return Files.readString(file).strip();
  }

  @SuppressWarnings("unchecked")
  private static List<Object> parseArray(String json) throws IOException {
    return (List<Object>) Json.parseObject("{\"a\":" + json + "}").get("a");
  }

}
