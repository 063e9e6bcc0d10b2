package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.output.AuthenticatorJson;
import dev.mfakit.cli.output.ChallengeJson;
import dev.mfakit.cli.output.SignInJson;
import dev.mfakit.cli.output.TokensJson;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every verb's --json: one object (list: one array; sandbox: JSON Lines) whose keys are always all there, null when
 * unknown, with the same name for the same fact across verbs. The expected key lists are spelled out here on
 * purpose: changing a shape must change this test.
 */
class JsonShapesTest {
  /** login, associate and verify. */
  static final List<String> SIGN_IN_KEYS = List.of("signed_in", "mfa_required", "authenticator_id",
      "authenticator_type", "oob_channel", "recipient", "active", "state_file", "expires_at", "mfa_token_expires_at",
      "recovery_codes", "recovery_code_file", "tokens", "token_file", "barcode_uri", "secret");
  static final List<String> TOKEN_KEYS = List.of("access_token", "id_token", "refresh_token", "token_type",
      "expires_in", "expires_at", "scope");
  static final List<String> CHALLENGE_KEYS = List.of("challenge_type", "authenticator_id", "oob_channel", "recipient",
      "binding_method", "state_file", "expires_at");
  static final List<String> AUTHENTICATOR_KEYS = List.of("id", "authenticator_type", "active", "oob_channel", "name",
      "type");

  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  private static Map<String, Object> object(Cli.Result r, List<String> keys) throws IOException {
    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(keys, new ArrayList<>(json.keySet()), r::toString);
    return json;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> tokens(Map<String, Object> json) {
    Map<String, Object> t = (Map<String, Object>) json.get("tokens");
    assertEquals(TOKEN_KEYS, new ArrayList<>(t.keySet()));
    return t;
  }

  @Test
  void loginHasTheSignInShapeInEveryOutcome() throws IOException {
    String plain = "plain" + System.nanoTime() + "@example.com";
    sandbox.addUserWithoutMfa(plain, "pw");
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path state = dir.resolve("login.json");

    Map<String, Object> noMfa = object(cli().stdin("pw").run("login", "--domain", fx.url(), "-u", plain,
        "--password", "-", "--json"), SIGN_IN_KEYS);
    Map<String, Object> saved = object(cli().run("login", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--state", state.toString(), "--json"), SIGN_IN_KEYS);
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    Map<String, Object> passed = object(cli().prompter(p).stdin(Fixture.password(user)).run("login", "--domain",
        fx.url(), "-u", user, "--password", "-", "--json"), SIGN_IN_KEYS);

    assertEquals(true, noMfa.get("signed_in"));
    assertEquals(false, noMfa.get("mfa_required"));
    assertNull(noMfa.get("authenticator_id"));
    assertEquals(List.of(), noMfa.get("recovery_codes"));
    assertTrue(((String) tokens(noMfa).get("access_token")).startsWith("eyJ"));
    assertNull(tokens(noMfa).get("refresh_token"), "null, not missing");

    assertEquals(false, saved.get("signed_in"));
    assertEquals(true, saved.get("mfa_required"));
    assertEquals(state.toString(), saved.get("state_file"));
    assertNotNull(saved.get("mfa_token_expires_at"));
    assertNull(saved.get("tokens"));

    assertEquals(true, passed.get("signed_in"));
    assertEquals(true, passed.get("mfa_required"));
    assertTrue(((String) passed.get("authenticator_id")).startsWith("sms|dev_"));
    assertEquals("sms", passed.get("oob_channel"));
    assertEquals(true, passed.get("active"));
    tokens(passed);
  }

  @Test
  void associateHasTheSameShapeSplitOrWhole() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("a.json");

    Map<String, Object> split = object(fx.associateNoInput(dir, user, phone, state, "--json"), SIGN_IN_KEYS);
    Map<String, Object> verified = object(cli().run("verify", "--state", state.toString(), "--code",
        fx.codeSentTo(phone), "--json"), SIGN_IN_KEYS);
    String other = fx.newUser();
    String phone2 = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone2));
    Map<String, Object> whole = object(cli().prompter(p).stdin(Fixture.password(other)).run("associate",
        "--domain", fx.url(), "-u", other, "--password", "-", "--phone", phone2, "--json"), SIGN_IN_KEYS);

    assertEquals(false, split.get("signed_in"));
    assertNull(split.get("authenticator_id"), "not known until confirmed");
    assertEquals(false, split.get("active"));
    assertEquals("oob", split.get("authenticator_type"));
    assertEquals(state.toString(), split.get("state_file"));
    assertNotNull(split.get("expires_at"));
    assertNull(split.get("tokens"));

    assertEquals(true, verified.get("signed_in"));
    assertEquals(true, verified.get("active"));
    assertTrue(((String) verified.get("authenticator_id")).startsWith("sms|dev_"));
    assertNull(verified.get("state_file"), "deleted");
    tokens(verified);

    assertEquals(true, whole.get("active"));
    assertEquals(1, ((List<?>) whole.get("recovery_codes")).size());
    tokens(whole);
  }

  @Test
  void challengeAndTheVerifyAfterItKeepTheirKeys() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    Path state = dir.resolve("c.json");
    assertEquals(0, cli().run("login", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--state", state.toString()).exit());

    Map<String, Object> challenge = object(cli().run("challenge", "--state", state.toString(), "--json"),
        CHALLENGE_KEYS);
    Map<String, Object> verified = object(cli().run("verify", "--state", state.toString(), "--code",
        fx.codeSentTo(phone), "--json"), SIGN_IN_KEYS);

    assertEquals(challenge.get("authenticator_id"), verified.get("authenticator_id"));
    assertEquals(true, verified.get("signed_in"));
  }

  @Test
  void listEntriesHaveEveryFieldNullWhenTheTenantSentNone() throws IOException {
    String user = fx.newUser();
    MfaClient client = fx.client();
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(user, Fixture.password(user)));
    client.associate(required.mfaToken(), Enrollment.sms(Fixture.newPhone()));

    Cli.Result r = cli().env("MFA_TOKEN", required.mfaToken().value()).run("authenticators", "list", "--domain",
        fx.url(), "--json");

    assertEquals(0, r.exit(), r::toString);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> list = (List<Map<String, Object>>) Json.parseObject("{\"a\":" + r.out() + "}")
        .get("a");
    assertTrue(list.size() >= 2, r::toString);
    for (Map<String, Object> a : list) {
      assertEquals(AUTHENTICATOR_KEYS, new ArrayList<>(a.keySet()), a::toString);
    }
    // This tenant sends no "type"; the key says the kind all the same, in the words of tenants that do.
    assertEquals(List.of("sms phone", "voice phone", "recovery-code recovery-code"), list.stream()
        .map(a -> (a.get("oob_channel") != null ? a.get("oob_channel") : a.get("authenticator_type")) + " "
            + a.get("type")).toList(), r::toString);
  }

  @Test
  void sandboxPrintsJsonLinesWithFixedKeys() throws Exception {
    Cli.Background running = new Cli(dir).background("sandbox", "--json");
    String first = running.awaitOut(out -> out.contains("\n")).lines().findFirst().orElseThrow();
    String url = (String) Json.parseObject(first).get("base_url");
    MfaClient client = MfaClient.builder().baseUrl(URI.create(url)).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).build();
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME,
        SandboxTenant.DEMO_PASSWORD));
    client.associate(required.mfaToken(), Enrollment.sms("+15555550100"));
    running.awaitOut(out -> out.lines().count() >= 2);
    client.associate(required.mfaToken(), Enrollment.push());
    running.awaitOut(out -> out.lines().count() >= 3);
    assertEquals(0, running.stop());

    List<String> lines = running.out.toString().lines().toList();
    assertEquals(List.of("base_url", "issuer", "ca_file", "client_id", "client_secret", "username", "password"),
        new ArrayList<>(Json.parseObject(lines.get(0)).keySet()));
    assertEquals(List.of("channel", "recipient", "code", "sent_at"),
        new ArrayList<>(Json.parseObject(lines.get(1)).keySet()));
    Map<String, Object> push = Json.parseObject(lines.get(2));
    assertEquals(List.of("channel", "recipient", "code", "sent_at"), new ArrayList<>(push.keySet()));
    assertEquals("auth0", push.get("channel"));
    assertEquals(SandboxTenant.DEMO_USERNAME, push.get("recipient"));
    assertNull(push.get("code"));
    assertTrue(new Cli(dir).run("sandbox", "--help").out().contains("JSON Lines"));
  }

  @Test
  void keySetsMatchTheOnesTheCodeBuilds() {
    assertEquals(SIGN_IN_KEYS, SignInJson.KEYS);
    assertEquals(TOKEN_KEYS, TokensJson.KEYS);
    assertEquals(CHALLENGE_KEYS, ChallengeJson.KEYS);
    assertEquals(AUTHENTICATOR_KEYS, AuthenticatorJson.KEYS);
  }

  @Test
  void aFailurePrintsNothingOnStdoutEvenWithJson() {
    String user = fx.newUser();

    Cli.Result r = cli().stdin("wrong").run("login", "--domain", fx.url(), "-u", user, "--password", "-", "--json");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("", r.out());
    assertTrue(new Cli(dir).run("login", "--help").out().contains("A failure prints nothing on stdout"));
  }
}
