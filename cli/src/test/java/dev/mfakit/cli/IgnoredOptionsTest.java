package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.client.MfaClient;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An option that would be silently ignored is refused up front (exit 2, nothing sent), or does its job. */
class IgnoredOptionsTest {
  @TempDir Path dir;
  @AutoClose private final LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE);

  private Cli.Result run(Cli cli, String... args) {
    Cli.Result r = cli.run(args);
    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out());
    Fixture.assertOneLineError(r);
    assertEquals(0, server.connections(), "nothing may be sent");
    return r;
  }

  @Test
  void deleteRefusesSignInOptionsNextToAnAccessToken() throws IOException {
    Path at = Fixture.secretFile(dir, "at", "token");

    Cli.Result file = run(Cli.forSandboxClient(dir), "authenticators", "delete", "sms|dev_AbC123", "--domain",
        server.url(), "--access-token-file", at.toString(), "--otp", "123456");
    Cli.Result authenticator = run(Cli.forSandboxClient(dir).stdin("token"), "authenticators", "delete",
        "sms|dev_AbC123", "--domain", server.url(), "--access-token", "-", "--authenticator", "sms|dev_Other");
    Cli.Result env = run(Cli.forSandboxClient(dir).env("MFA_ACCESS_TOKEN", "token"), "authenticators", "delete",
        "sms|dev_AbC123", "--domain", server.url(), "--otp", "123456");

    assertEquals("mfa: --access-token-file and --otp conflict: --otp is only used when signing in. Drop one of"
        + " them.\n", file.err());
    assertEquals("mfa: --access-token and --authenticator conflict: --authenticator is only used when signing in."
        + " Drop one of them.\n", authenticator.err());
    assertEquals("mfa: --otp is only used when signing in, but MFA_ACCESS_TOKEN is set and would be used instead."
        + " Unset it, or pass --username to sign in.\n", env.err());
  }

  @Test
  void loginRefusesAnAuthenticatorNextToAnAnswerThatNeedsNoChallenge() throws IOException {
    Path pw = Fixture.secretFile(dir, "pw", "pw");

    Cli.Result otp = run(Cli.forSandboxClient(dir), "login", "--domain", server.url(), "-u", "a@example.com",
        "--password-file", pw.toString(), "--otp", "123456", "--authenticator", "sms|dev_AbC123");
    Cli.Result recovery = run(Cli.forSandboxClient(dir).stdin("ABCDEFGHJKLMNPQRSTUVWXYZ"), "login", "--domain",
        server.url(), "-u", "a@example.com", "--password-file", pw.toString(), "--recovery-code", "-",
        "--authenticator", "sms|dev_AbC123");

    assertEquals("mfa: --otp and --authenticator conflict: --otp answers without a challenge, so --authenticator"
        + " would be ignored. Drop one of them.\n", otp.err());
    assertEquals("mfa: --recovery-code and --authenticator conflict: --recovery-code answers without a challenge,"
        + " so --authenticator would be ignored. Drop one of them.\n", recovery.err());
  }

  @Test
  void associateAtAPromptRefusesAStateFileItWouldIgnore() throws IOException {
    Path pw = Fixture.secretFile(dir, "pw", "pw");

    Cli.Result r = run(Cli.forSandboxClient(dir).prompter(ScriptedPrompter.terminal()), "associate", "--domain",
        server.url(), "-u", "a@example.com", "--password-file", pw.toString(), "--phone", "+15551234567", "--state",
        dir.resolve("new.json").toString());

    assertEquals("mfa: --state FILE with a prompt does nothing: add --no-input to stop after sending the code, or"
        + " drop --state.\n", r.err());
  }

  @Test
  void associateRefusesARecoveryCodeFileThatExists() throws IOException {
    Path pw = Fixture.secretFile(dir, "pw", "pw");
    Path rc = Fixture.secretFile(dir, "rc.txt", "ABCDEFGHJKLMNPQRSTUVWXYZ\n");

    Cli.Result r = run(Cli.forSandboxClient(dir), "associate", "--domain", server.url(), "-u", "a@example.com",
        "--password-file", pw.toString(), "--phone", "+15551234567", "--no-input", "--state",
        dir.resolve("s.json").toString(), "--recovery-code-file", rc.toString());

    assertEquals("mfa: --recovery-code-file: " + rc + " exists and may hold another recovery code; pick a new path"
        + " or remove it.\n", r.err());
    assertEquals("ABCDEFGHJKLMNPQRSTUVWXYZ\n", java.nio.file.Files.readString(rc));
  }

  @Test
  void aRecoveryCodeFileWithoutARecoveryCodeSignInIsRefused() throws IOException {
    Path token = Fixture.secretFile(dir, "t", "Fe26.2**token");
    Path state = Fixture.secretFile(dir, "s.json", "{\"mfa_token\":\"t\",\"domain\":\"" + server.url()
        + "\",\"client_id\":\"sandbox-client\",\"oob_code\":\"o\",\"flow\":\"challenge\"}");
    Path pw = Fixture.secretFile(dir, "pw", "pw");
    String rc = dir.resolve("rc.txt").toString();

    Cli.Result otp = run(Cli.forSandboxClient(dir), "verify", "--domain", server.url(), "--mfa-token-file",
        token.toString(), "--otp", "123456", "--recovery-code-file", rc);
    Cli.Result code = run(Cli.forSandboxClient(dir), "verify", "--state", state.toString(), "--code", "123456",
        "--recovery-code-file", rc);
    Cli.Result login = run(Cli.forSandboxClient(dir), "login", "--domain", server.url(), "-u", "a@example.com",
        "--password-file", pw.toString(), "--otp", "123456", "--recovery-code-file", rc);
    Cli.Result loginState = run(Cli.forSandboxClient(dir), "login", "--domain", server.url(), "-u",
        "a@example.com", "--password-file", pw.toString(), "--state", dir.resolve("l.json").toString(),
        "--token-file", dir.resolve("tokens.json").toString());

    assertEquals("mfa: --recovery-code-file and --otp conflict: only a --recovery-code sign-in hands out a new"
        + " recovery code. Drop --recovery-code-file.\n", otp.err());
    assertEquals("mfa: --recovery-code-file and --code conflict: only a --recovery-code sign-in hands out a new"
        + " recovery code. Drop --recovery-code-file.\n", code.err());
    assertEquals("mfa: --recovery-code-file needs --recovery-code: only a recovery-code sign-in hands out a new"
        + " recovery code. Drop --recovery-code-file.\n", login.err());
    assertTrue(loginState.err().startsWith("mfa: --state saves the mfa_token and stops, so"), loginState::toString);
  }

  @Test
  void sandboxVerbHasNoNoInputAndItsVerboseLogsEachRequest() throws Exception {
    Cli.Result noInput = run(new Cli(dir), "sandbox", "--no-input");
    assertEquals("mfa: unknown option '--no-input' (mfa sandbox --help)\n", noInput.err());

    Cli.Background running = new Cli(dir).background("sandbox", "--verbose");
    String url = running.awaitOut(Pattern.compile("running at (http://127\\.0\\.0\\.1:\\d+)"));

    MfaClient.builder().baseUrl(URI.create(url)).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).build()
        .signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD));
    running.awaitErr(err -> err.contains("[sandbox] POST /oauth/token "));

    assertEquals(0, running.stop());
    String err = running.err.toString();
    assertTrue(err.matches("(?s)\\[sandbox\\] POST /oauth/token \\d{3}\\n"), err);
    assertTrue(!err.contains(SandboxTenant.DEMO_PASSWORD), "never a body");
  }
}
