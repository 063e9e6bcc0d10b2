package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where settings come from: flags > environment > profile; named profiles; where the profiles file is. */
class ConfigTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private void profiles(String text) throws IOException {
    Files.writeString(dir.resolve("profiles"), text);
  }

  /** A scripted associate that needs only a phone, a state file and whatever the config supplies. */
  private Cli.Result associate(Cli cli, String user, String... extra) throws IOException {
    // Each run starts afresh: the state of an earlier run's pending enrollment is never replaced.
    Files.deleteIfExists(dir.resolve("s-" + user));
    java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("associate", "--phone",
        Fixture.newPhone(), "--no-input", "--state", dir.resolve("s-" + user).toString(), "--password-file",
        Fixture.passwordFile(dir, user).toString()));
    args.addAll(java.util.List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  @Test
  void aProfileSuppliesTenantClientSecretAndUsername() throws IOException {
    String user = fx.newUser();
    Path secret = Fixture.secretFile(dir, "client.secret", "sandbox-secret\n");
    profiles("# local sandbox\n[default]\ndomain = " + fx.url() + "\nclient_id = sandbox-client\n"
        + "client_secret_file = " + secret + "\nusername = " + user + "\nclient_auth = basic\n");

    Cli.Result r = associate(new Cli(dir), user);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().startsWith("Signing in as " + user), r::toString);
    assertEquals(fx.url(), Json.parseObject(Files.readString(dir.resolve("s-" + user))).get("domain"));
  }

  @Test
  void aTildeInAProfilePathIsTheContextsHomeDirectory() throws IOException {
    String user = fx.newUser();
    Fixture.secretFile(dir, "tilde.secret", "sandbox-secret\n");
    profiles("[default]\ndomain = " + fx.url() + "\nclient_id = sandbox-client\nclient_secret_file = ~/tilde.secret\n");
    Cli cli = new Cli(dir); // home is the test directory

    Cli.Result r = associate(cli, user, "-u", user);

    assertEquals(0, r.exit(), r::toString);
  }

  @Test
  void environmentBeatsTheProfileAndFlagsBeatTheEnvironment() throws IOException {
    String user = fx.newUser();
    try (LoopbackServer elsewhere = new LoopbackServer(LoopbackServer.Mode.CLOSE);
        LoopbackServer beatenByTheFlag = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      profiles("[default]\ndomain = " + elsewhere.url() + "\nclient_id = sandbox-client\n");
      Cli cli = new Cli(dir).env("AUTH0_CLIENT_SECRET", "sandbox-secret");

      // profile only: goes to the profile's (dead) tenant; after the sign-in's connection closed, a TLS hello asks
      // whether that loopback http:// tenant speaks HTTPS (it does not)
      Cli.Result viaProfile = associate(cli, user, "-u", user);
      assertEquals(4, viaProfile.exit(), viaProfile::toString);
      assertEquals(2, elsewhere.connections());

      // AUTH0_DOMAIN beats the profile
      cli.env("AUTH0_DOMAIN", fx.url());
      Cli.Result viaEnv = associate(cli, user, "-u", user);
      assertEquals(0, viaEnv.exit(), viaEnv::toString);
      assertEquals(2, elsewhere.connections());

      // --domain beats AUTH0_DOMAIN
      cli.env("AUTH0_DOMAIN", beatenByTheFlag.url());
      Cli.Result viaFlag = associate(cli, user, "-u", user, "--domain", fx.url());
      assertEquals(0, viaFlag.exit(), viaFlag::toString);
      assertEquals(2, elsewhere.connections());
      assertEquals(0, beatenByTheFlag.connections());
    }
  }

  @Test
  void namedProfilesWithTheFlagOrTheEnvironment() throws IOException {
    String user = fx.newUser();
    try (LoopbackServer defaultTenant = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      profiles("[default]\ndomain = " + defaultTenant.url() + "\nclient_id = nobody\n\n[sandbox]\ndomain = "
          + fx.url() + "\nclient_id = sandbox-client\nusername = " + user + "\n");
      Cli cli = new Cli(dir).env("AUTH0_CLIENT_SECRET", "sandbox-secret");

      Cli.Result byFlag = associate(cli, user, "--profile", "sandbox");
      Cli.Result byEnv = associate(cli.env("MFA_PROFILE", "sandbox"), user);
      Cli.Result missing = associate(cli, user, "--profile", "prod");

      assertEquals(0, byFlag.exit(), byFlag::toString);
      assertEquals(0, byEnv.exit(), byEnv::toString);
      assertEquals(2, missing.exit(), missing::toString);
      assertEquals("mfa: no profile 'prod' in " + dir.resolve("profiles") + ". Profiles there: default, sandbox.",
          missing.err().strip());
      assertEquals(0, defaultTenant.connections(), "the default profile's tenant is not used");
    }
  }

  @Test
  void aNamedProfileWithNoProfilesFileSaysTheFileDoesNotExist() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Cli.Result r = Cli.forSandboxClient(dir).run("associate", "--domain", server.url(), "--profile", "work",
          "-u", "a@example.com", "--password-file", Fixture.passwordFile(dir, "a@example.com").toString(),
          "--phone", "+15551234567", "--no-input", "--state", dir.resolve("s.json").toString());

      assertEquals(2, r.exit(), r::toString);
      assertEquals("mfa: no profile 'work': " + dir.resolve("profiles") + " does not exist. Create it with a [work]"
          + " section.\n", r.err());
      assertEquals(0, server.connections());
    }
  }

  @Test
  void signInOptionsWinOverMfaToken() throws IOException {
    String user = fx.newUser();
    Cli cli = Cli.forSandboxClient(dir).env("MFA_TOKEN", "Fe26.2**stale-token-from-an-old-shell");

    Cli.Result withUser = associate(cli, user, "--domain", fx.url(), "-u", user);
    Cli.Result withToken = cli.run("associate", "--domain", fx.url(), "--phone", Fixture.newPhone(), "--no-input",
        "--state", dir.resolve("stale.json").toString());

    assertEquals(0, withUser.exit(), withUser::toString);
    assertTrue(withUser.err().startsWith("Signing in as " + user), withUser::toString);
    assertEquals(3, withToken.exit(), "MFA_TOKEN is used when nothing says 'sign in': " + withToken);
  }

  @Test
  void mfaTokenFromStdin() throws IOException {
    String user = fx.newUser();
    String token = fx.mfaToken(user).value();

    Cli.Result r = Cli.forSandboxClient(dir).stdin(token + "\n").run("associate", "--domain", fx.url(),
        "--mfa-token", "-", "--phone", Fixture.newPhone(), "--no-input", "--state", dir.resolve("s").toString());

    assertEquals(0, r.exit(), r::toString);
    assertEquals(token, Json.parseObject(Files.readString(dir.resolve("s"))).get("mfa_token"));
  }

  @Test
  void clientSecretFromStdin() throws IOException {
    String user = fx.newUser();
    Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "sandbox-client").stdin("sandbox-secret\n");

    Cli.Result r = associate(cli, user, "--domain", fx.url(), "-u", user, "--client-secret", "-");

    assertEquals(0, r.exit(), r::toString);
  }

  @Test
  void stateFileFixesTheTenantAndRejectsAnother() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("s-" + user);
    assertEquals(0, associate(Cli.forSandboxClient(dir), user, "--domain", fx.url(), "-u", user).exit());

    Cli.Result r = Cli.forSandboxClient(dir).run("verify", "--state", state.toString(), "--code", "123456",
        "--domain", "https://other.example.com");

    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("mfa: --domain differs from the tenant in the state file"), r::toString);
  }

  @Test
  void privateKeyJwtClientFromAPemFile() throws Exception {
    java.security.KeyPairGenerator gen = java.security.KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    java.security.KeyPair pair = gen.generateKeyPair();
    sandbox.addPrivateKeyJwtClient("jwt-client", pair.getPublic());
    String pem = "-----BEGIN PRIVATE KEY-----\n"
        + java.util.Base64.getMimeEncoder(64, "\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII))
            .encodeToString(pair.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
    Path key = Fixture.secretFile(dir, "key.pem", pem);
    Path notKey = Fixture.secretFile(dir, "not-a-key.pem", "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n");
    String user = fx.newUser();

    Cli.Result ok = associate(new Cli(dir), user, "--domain", fx.url(), "--client-id", "jwt-client",
        "--private-key-file", key.toString(), "-u", user);
    assertEquals(0, ok.exit(), ok::toString);
    assertEquals("jwt-client", Json.parseObject(Files.readString(dir.resolve("s-" + user))).get("client_id"));

    Cli.Result bad = associate(new Cli(dir), user, "--domain", fx.url(), "--client-id", "jwt-client",
        "--private-key-file", notKey.toString(), "-u", user);
    assertEquals(2, bad.exit(), bad::toString);
    assertTrue(bad.err().startsWith("mfa: --private-key-file: " + notKey + " is not a PKCS#8 PEM private key"),
        bad::toString);
  }

  @Test
  void configHomeFollowsXdg() {
    Path home = Path.of("/home/jane");
    assertEquals(Path.of("/xdg/mfakit"), Context.configHome(Map.of("XDG_CONFIG_HOME", "/xdg"), home));
    assertEquals(Path.of("/home/jane/.config/mfakit"), Context.configHome(Map.of(), home));
    assertEquals(Path.of("/home/jane/.config/mfakit"), Context.configHome(Map.of("XDG_CONFIG_HOME", "rel"), home));
  }
}
