package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxAuthenticator;
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
 * Managing factors through the real command line against the sandbox: delete, prune and list, with a token file
 * (the JSON {@code mfa login --token-file} writes, or a bare token) and without one (they sign in for the MFA API
 * themselves); twins named on every path; tokens that cannot work refused before anything is sent.
 */
class ManageTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  /** The README's route to a token file: {@code mfa login --audience .../mfa/ --scope ... --token-file FILE}. */
  private Path tokenFile(String user, String phone, String scope) {
    Path file = dir.resolve("at-" + user + ".json");
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user,
        "--password", "-", "--audience", fx.url() + "/mfa/", "--scope", scope, "--token-file", file.toString());
    assertEquals(0, r.exit(), r::toString);
    return file;
  }

  /** Leaves an abandoned e-mail enrollment and an abandoned app enrollment: two inactive entries. */
  private void abandonTwoEnrollments(String user, String phone) {
    MfaClient client = fx.client();
    MfaRequired r = (MfaRequired) client.signIn(PasswordSignIn.of(user, Fixture.password(user))
        .withAudience(client.mfaAudience()).withScope("enroll"));
    Challenge c = client.challenge(r.mfaToken(), ChallengeRequest.oob());
    AccessToken access = client.verifyOob(r.mfaToken(), c.oobCode(), fx.codeSentTo(phone)).accessToken();
    client.associate(access, Enrollment.email("old@example.com"));
    client.associate(access, Enrollment.otp());
  }

  private List<String> ids(String user) {
    return sandbox.authenticators(user).stream().map(SandboxAuthenticator::id).toList();
  }

  @Test
  void deleteWithTheTokenFileOfMfaLoginNamesTheTwin() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String sms = fx.smsId(user);
    String voice = sms.replace("sms|", "voice|");
    Path at = tokenFile(user, phone, "read:authenticators remove:authenticators");

    Cli.Result r = cli().run("authenticators", "delete", voice, "--domain", fx.url(), "--access-token-file",
        at.toString(), "--json");

    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(List.of(voice, sms), json.get("deleted"));
    assertEquals(true, json.get("twins_checked"));
    assertEquals(List.of(), json.get("possible_twins"));
    assertFalse(ids(user).contains(sms));
  }

  @Test
  void deleteWithATokenThatCannotListSaysWhichTwinGoesToo() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String sms = fx.smsId(user);
    String voice = sms.replace("sms|", "voice|");
    String bare = (String) Json.parseObject(Files.readString(tokenFile(user, phone, "remove:authenticators")))
        .get("access_token");

    Cli.Result text = cli().env("MFA_ACCESS_TOKEN", bare).run("authenticators", "delete", voice, "--domain",
        fx.url());

    assertEquals(0, text.exit(), text::toString);
    assertEquals("Deleted " + voice + "; the tenant deletes its twin " + sms + " with it, if the user has it (the"
        + " same phone) (this token may not read the list, read:authenticators, to tell).\n", text.out());
    assertFalse(ids(user).contains(sms), "the twin went indeed");
  }

  @Test
  void theJsonOfADeleteThatCannotListHasThePossibleTwins() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String sms = fx.smsId(user);
    Path bare = Fixture.secretFile(dir, "bare.txt", (String) Json.parseObject(Files.readString(tokenFile(user, phone,
        "remove:authenticators"))).get("access_token") + "\n");

    Cli.Result r = cli().run("authenticators", "delete", sms, "--domain", fx.url(), "--access-token-file",
        bare.toString(), "--json");

    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(List.of(sms), json.get("deleted"));
    assertEquals(false, json.get("twins_checked"));
    assertEquals(List.of(sms.replace("sms|", "voice|")), json.get("possible_twins"));
  }

  @Test
  void aTokenForAnotherAudienceIsRefusedBeforeSendingWithHowToGetOne() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path plain = dir.resolve("plain.json");
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    assertEquals(0, cli().prompter(p).stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user,
        "--password", "-", "--token-file", plain.toString()).exit());
    Path api = dir.resolve("api.json");
    sandbox.addApi("https://api.example.com/");
    ScriptedPrompter p2 = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    assertEquals(0, cli().prompter(p2).stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user,
        "--password", "-", "--audience", "https://api.example.com/", "--token-file", api.toString()).exit());

    Cli.Result opaque = cli().run("authenticators", "delete", fx.smsId(user), "--domain", fx.url(),
        "--access-token-file", plain.toString());
    Cli.Result other = cli().run("authenticators", "delete", fx.smsId(user), "--domain", fx.url(),
        "--access-token-file", api.toString());

    // The command to paste names the user's own file (and their username when a profile names it: NAME here).
    String howTo = "Drop it to let mfa sign in for one, or get one with: mfa login -u NAME --audience " + fx.url()
        + "/mfa/ --scope remove:authenticators --token-file ";
    assertEquals(2, opaque.exit(), opaque::toString);
    assertEquals(List.of("mfa: --access-token-file: not a token for the MFA API (it is an opaque token, which only"
        + " /userinfo takes; deleting needs the audience " + fx.url() + "/mfa/). " + howTo + plain), opaque.errLines());
    assertEquals(2, other.exit(), other::toString);
    assertEquals(List.of("mfa: --access-token-file: not a token for the MFA API (its audience is"
        + " https://api.example.com/, " + fx.url() + "/userinfo; deleting needs the audience " + fx.url() + "/mfa/). "
        + howTo + api), other.errLines());
    assertTrue(ids(user).contains(fx.smsId(user)));
  }

  @Test
  void theCommandThatGetsARightTokenNamesTheProfilesUsername() throws IOException {
    java.nio.file.Files.writeString(dir.resolve("profiles"), "[default]\nusername = jane doe@example.com\n");
    String wrongAudience = "eyJhbGciOiJSUzI1NiJ9." + java.util.Base64.getUrlEncoder().withoutPadding()
        .encodeToString("{\"aud\":\"https://elsewhere.example.com/\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8))
        + ".c2ln";

    Cli.Result r = cli().env("MFA_ACCESS_TOKEN", wrongAudience).run("authenticators", "prune", "--domain", fx.url(),
        "--yes");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().endsWith("get one with: mfa login -u 'jane doe@example.com' --audience " + fx.url()
        + "/mfa/ --scope 'read:authenticators remove:authenticators' --token-file at.json\n"), r::toString);
  }

  @Test
  void aTokenWithoutTheScopeIsRefusedBeforeSending() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path enrollOnly = tokenFile(user, phone, "enroll");

    Cli.Result r = cli().run("authenticators", "delete", fx.smsId(user), "--domain", fx.url(), "--access-token-file",
        enrollOnly.toString());

    assertEquals(2, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertTrue(r.err().contains("this access token has scope 'enroll', but deleting needs 'remove:authenticators'"),
        r::toString);
  }

  @Test
  void listHonoursMfaAccessTokenAndTheTokenFile() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path at = tokenFile(user, phone, "read:authenticators");
    String bare = (String) Json.parseObject(Files.readString(at)).get("access_token");

    Cli.Result env = cli().env("MFA_ACCESS_TOKEN", bare).run("authenticators", "list", "--domain", fx.url());
    Cli.Result file = cli().run("authenticators", "list", "--domain", fx.url(), "--access-token-file", at.toString(),
        "--json");

    assertEquals(0, env.exit(), env::toString);
    assertTrue(env.out().contains(fx.smsId(user)), env::toString);
    assertEquals(0, file.exit(), file::toString);
    assertTrue(file.out().contains(fx.smsId(user)), file::toString);
  }

  @Test
  void pruneDryRunSignsInListsAndSendsNothing() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    abandonTwoEnrollments(user, phone);
    int sent = fx.messageCount();
    int before = ids(user).size();

    Cli.Result r = cli().stdin(Fixture.password(user)).run("authenticators", "prune", "--domain", fx.url(), "-u",
        user, "--password", "-", "--dry-run", "--no-input");

    assertEquals(0, r.exit(), r::toString);
    assertEquals(sent, fx.messageCount(), "no code sent");
    assertEquals(before, ids(user).size());
    assertTrue(r.out().startsWith("Inactive (never confirmed; they do not count as a second factor):\n"), r::toString);
    assertTrue(r.out().contains("  email|dev_"), r::toString);
    assertTrue(r.out().contains("  totp|dev_"), r::toString);
    assertTrue(r.out().endsWith("Nothing was removed (--dry-run). To remove them, run the same command without"
        + " --dry-run.\n"), r::toString);
  }

  @Test
  void pruneAsksThenPassesTheSecondFactorThenRemovesOnlyTheInactiveOnes() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    abandonTwoEnrollments(user, phone);
    ScriptedPrompter p = ScriptedPrompter.terminal()
        .line("Remove these 2? [y/N] ", "y")
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("authenticators", "prune", "--domain",
        fx.url(), "-u", user, "--password", "-", "--json");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(p.done(), p.asked()::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(2, ((List<?>) json.get("inactive")).size());
    assertEquals(2, ((List<?>) json.get("deleted")).size());
    assertEquals(false, json.get("dry_run"));
    assertTrue(sandbox.authenticators(user).stream().allMatch(SandboxAuthenticator::active),
        sandbox.authenticators(user)::toString);
    assertTrue(ids(user).contains(fx.smsId(user)));
  }

  @Test
  void pruneWithATokenFileAndYes() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    abandonTwoEnrollments(user, phone);
    Path at = tokenFile(user, phone, "read:authenticators remove:authenticators");

    Cli.Result r = cli().run("authenticators", "prune", "--domain", fx.url(), "--access-token-file", at.toString(),
        "--yes");

    assertEquals(0, r.exit(), r::toString);
    assertEquals(2, r.out().lines().filter(l -> l.startsWith("Deleted ")).count(), r::toString);
    assertTrue(sandbox.authenticators(user).stream().allMatch(SandboxAuthenticator::active));
  }

  @Test
  void pruneEndedAtItsQuestionRemovesNothingAndSendsNothing() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    abandonTwoEnrollments(user, phone);
    int sent = fx.messageCount();
    for (ScriptedPrompter p : List.of(ScriptedPrompter.terminal(), // Ctrl-D (and Ctrl-C: the terminal reads it so)
        ScriptedPrompter.terminal().line("Remove these 2? [y/N] ", ""),
        ScriptedPrompter.terminal().line("Remove these 2? [y/N] ", "n"))) {

      Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("authenticators", "prune", "--domain",
          fx.url(), "-u", user, "--password", "-");

      assertEquals(3, r.exit(), r::toString);
      assertEquals("mfa: nothing was removed (not confirmed). Run again and answer y, or pass --yes.",
          r.errLines().get(r.errLines().size() - 1));
    }
    assertEquals(sent, fx.messageCount());
    assertEquals(2, sandbox.authenticators(user).stream().filter(a -> !a.active()).count());
  }

  @Test
  void pruneWithNothingInactiveSaysSoWithoutASecondFactor() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    int sent = fx.messageCount();

    Cli.Result r = cli().prompter(ScriptedPrompter.terminal()).stdin(Fixture.password(user)).run("authenticators",
        "prune", "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("Nothing to prune: every authenticator is confirmed.\n", r.out());
    assertEquals(sent, fx.messageCount());
  }

  @Test
  void pruneWithoutAPromptNeedsYesOrDryRun() {
    Cli.Result r = cli().run("authenticators", "prune", "--domain", fx.url(), "-u", "x@example.com", "--no-input");

    assertEquals(2, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertEquals("mfa: prune asks before it removes anything, and --no-input allows no prompt for the answer. Pass"
        + " --yes to remove without asking, or --dry-run to see what it would remove.", r.errLines().get(0));
  }
}
