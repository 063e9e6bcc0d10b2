package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Mask;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts split the journeys across runs with a state file. */
class StateSplitTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  @Test
  void associateStopsAfterSendingThenVerifyFinishes() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("state.json");
    Instant before = sandbox.now();

    Cli.Result r = fx.associateNoInput(dir, user, phone, state);

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of(
        "State saved to " + state + ". Finish with: mfa verify --state " + state + " --code CODE \\(before .*\\)\\.",
        "Recovery code: [0-9A-Z]{24}"), r.out().lines().toList(), r::toString);
    assertTrue(r.err().contains("Store this recovery code"), r::toString);
    String recovery = r.out().lines().toList().get(1).substring("Recovery code: ".length());

    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    String text = Files.readString(state);
    assertFalse(text.contains(recovery), "the state file never holds the recovery code");
    Map<String, Object> json = Json.parseObject(text);
    assertTrue(((String) json.get("mfa_token")).startsWith("Fe26.2*"), text);
    assertTrue(((String) json.get("oob_code")).startsWith("Fe26.2*"), text);
    assertEquals(fx.url(), json.get("domain"));
    assertEquals("sandbox-client", json.get("client_id"));
    assertEquals("sms", json.get("oob_channel"));
    Instant expiresAt = Instant.parse((String) json.get("expires_at"));
    assertTrue(((String) json.get("expires_at")).endsWith("Z"));
    long minutes = Duration.between(before, expiresAt).toSeconds();
    assertTrue(minutes > 4 * 60 && minutes <= 5 * 60 + 1, "code lasts 5 minutes: " + json.get("expires_at"));
    assertFalse(text.contains("sandbox-secret") || text.contains(Fixture.password(user)));

    // A wrong code fails and leaves the file exactly as it was, so the script may retry.
    byte[] saved = Files.readAllBytes(state);
    Cli.Result wrong = cli().run("verify", "--state", state.toString(), "--code", Fixture.wrong(fx.codeSentTo(phone)));
    assertEquals(3, wrong.exit(), wrong::toString);
    Fixture.assertOneLineError(wrong);
    assertArrayEquals(saved, Files.readAllBytes(state));

    Cli.Result ok = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone));
    assertEquals(0, ok.exit(), ok::toString);
    // Confirmed, the factor shows as the tenant's list masks it.
    assertLinesMatch(List.of("SMS authenticator sms\\|dev_\\w+ is active \\(" + Fixture.tenantMask(phone) + "\\)\\."),
        ok.out().lines().toList(), ok::toString);
    assertEquals("", ok.err());
    assertFalse(Files.exists(state), "a successful verify deletes the state file");
  }

  @Test
  void jsonOnBothSidesOfTheSplit() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("s.json");

    Cli.Result r = fx.associateNoInput(dir, user, phone, state, "--json");

    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(state.toString(), json.get("state_file"));
    assertEquals("sms", json.get("oob_channel"));
    assertEquals(Mask.phone(phone), json.get("recipient"));
    Instant.parse((String) json.get("expires_at"));
    @SuppressWarnings("unchecked")
    List<String> codes = (List<String>) json.get("recovery_codes");
    assertEquals(1, codes.size());
    assertTrue(codes.get(0).matches("[0-9A-Z]{24}"));
    assertTrue(r.err().contains("Store this recovery code"), "the warning still goes to stderr");

    Cli.Result v = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone), "--json");
    assertEquals(0, v.exit(), v::toString);
    Map<String, Object> done = Json.parseObject(v.out());
    assertTrue(((String) done.get("authenticator_id")).startsWith("sms|dev_"));
    assertEquals(true, done.get("active"));
    assertTrue(done.containsKey("tokens"));
    assertEquals(List.of(), done.get("recovery_codes"), "shown once, at associate");
  }

  @Test
  void associateReplacesAStateFileWhoseStepExpiredButNoOtherFile() throws IOException {
    String user = fx.newUser();
    Path junk = Files.writeString(dir.resolve("junk.json"), "left over from yesterday");
    Cli.Result refused = fx.associateNoInput(dir, user, Fixture.newPhone(), junk);
    assertEquals(2, refused.exit(), refused::toString);
    assertEquals("mfa: --state: " + junk + " exists and is not a state file of mfa; pick a new path or remove it.\n",
        refused.err());
    assertEquals("left over from yesterday", Files.readString(junk));

    Path state = Fixture.stateFile(dir.resolve("old.json"), "flow", "associate", "mfa_token", "Fe26.2**yesterday",
        "mfa_token_expires_at", java.time.Instant.now().minusSeconds(86_400), "domain", fx.url(), "client_id",
        "sandbox-client", "oob_code", "Fe26.2*yesterday", "oob_channel", "sms", "recipient", "+1******0000");
    Files.setPosixFilePermissions(state, PosixFilePermissions.fromString("rw-r--r--"));

    Cli.Result r = fx.associateNoInput(dir, user, Fixture.newPhone(), state);

    assertEquals(0, r.exit(), r::toString);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    assertTrue(Json.parseObject(Files.readString(state)).containsKey("oob_code"));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }
  }

  @Test
  void anExpiredCodeFailsAndKeepsTheStateFile() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("state.json");
    assertEquals(0, fx.associateNoInput(dir, user, phone, state).exit());
    sandbox.advanceClock(Duration.ofMinutes(6));

    Cli.Result r = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone));

    assertEquals(3, r.exit(), r::toString);
    String again = "mfa associate --phone E164 --no-input --state " + state;
    assertEquals("mfa: the code expired (codes last 5 minutes). Start the enrollment again with: " + again,
        r.err().strip());
    assertTrue(Files.exists(state));

    // As it says: the state's mfa_token (10 minutes) starts the enrollment again, and the new code finishes it.
    String newPhone = Fixture.newPhone();
    Cli.Result restarted = cli().run(again.replace("E164", newPhone).substring("mfa ".length()).split(" "));
    assertEquals(0, restarted.exit(), restarted::toString);
    Cli.Result done = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(newPhone));
    assertEquals(0, done.exit(), done::toString);
  }

  @Test
  void anExpiredChallengeSaysHowToSendANewOne() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path state = dir.resolve("signin.json");
    assertEquals(0, fx.loginNoInput(dir, user, state).exit());
    assertEquals(0, cli().run("challenge", "--state", state.toString()).exit());
    sandbox.advanceClock(Duration.ofMinutes(6));

    Cli.Result r = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone));

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: the code expired (codes last 5 minutes). Send a new one with: mfa challenge --state " + state,
        r.err().strip());
    Cli.Result resent = cli().run("challenge", "--state", state.toString());
    assertEquals(0, resent.exit(), resent::toString);
    Cli.Result done = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone));
    assertEquals(0, done.exit(), done::toString);
  }

  @Test
  void noInputWithoutCodeOrStateIsAUsageErrorBeforeAnyRequest() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      String user = "someone@example.com";
      Cli.Result r = cli().run("associate", "--domain", server.url(), "-u", user, "--password-file",
          Fixture.passwordFile(dir, user).toString(), "--phone", "+15551234567", "--no-input");

      assertEquals(2, r.exit(), r::toString);
      Fixture.assertOneLineError(r);
      assertTrue(r.err().contains("the code could never be entered and the SMS would be wasted"), r::toString);
      assertEquals(0, server.connections());
    }
  }

  @Test
  void withoutATerminalTheSameRuleApplies() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      // The password from a file: stdin fed to --password - is another case (StdinSecretsTest).
      Cli.Result r = cli().run("associate", "--domain", server.url(), "-u", "a@example.com",
          "--password-file", Fixture.passwordFile(dir, "a@example.com").toString(), "--phone", "+15551234567");

      assertEquals(2, r.exit(), r::toString);
      assertEquals("mfa: there is no terminal to type the code in: pass --state FILE, else the code could never be entered"
          + " and the SMS would be wasted. Finish later with mfa verify --state FILE --code CODE\n", r.err());
      assertEquals(0, server.connections());
    }
  }

  @Test
  void loginChallengeVerifySplitsASignIn() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path state = dir.resolve("login.json");

    Cli.Result login = fx.loginNoInput(dir, user, state);
    assertEquals(0, login.exit(), login::toString);
    assertEquals("MFA required; mfa_token saved to " + state + " (valid 10 minutes).", login.out().strip());
    assertTrue(login.errLines().contains("Next: mfa challenge --state " + state + " sends a code; then mfa verify"
        + " --state " + state + " --code CODE."), login::toString);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(state)));
    Map<String, Object> saved = Json.parseObject(Files.readString(state));
    assertEquals(fx.url(), saved.get("domain"));
    Instant.parse((String) saved.get("mfa_token_expires_at"));

    // The domain and client id come from the state file: no --domain needed.
    Cli.Result challenge = cli().run("challenge", "--state", state.toString(), "--json");
    assertEquals(0, challenge.exit(), challenge::toString);
    Map<String, Object> json = Json.parseObject(challenge.out());
    assertEquals("oob", json.get("challenge_type"));
    assertEquals("sms", json.get("oob_channel"));
    assertTrue(((String) json.get("authenticator_id")).startsWith("sms|dev_"));
    assertTrue(challenge.err().startsWith("Sent a 6-digit code by SMS to "), challenge::toString);

    Cli.Result bad = cli().run("verify", "--state", state.toString(), "--code", Fixture.wrong(fx.codeSentTo(phone)));
    assertEquals(3, bad.exit(), bad::toString);
    assertTrue(Files.exists(state));

    Cli.Result ok = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone), "--json");
    assertEquals(0, ok.exit(), ok::toString);
    Map<String, Object> result = Json.parseObject(ok.out());
    assertEquals(true, result.get("signed_in"));
    assertTrue(result.containsKey("tokens"));
    assertFalse(Files.exists(state));
  }

  @Test
  void associateCanStartFromALoginStateFile() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("flow.json");
    Cli.Result login = fx.loginNoInput(dir, user, state);
    assertEquals(0, login.exit(), login::toString);

    Cli.Result assoc = cli().run("associate", "--state", state.toString(), "--phone", phone, "--no-input");
    assertEquals(0, assoc.exit(), assoc::toString);
    Cli.Result verify = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone));

    assertEquals(0, verify.exit(), verify::toString);
    assertTrue(verify.out().startsWith("SMS authenticator sms|dev_"), verify::toString);
  }
}
