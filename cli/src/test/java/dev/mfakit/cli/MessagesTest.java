package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mfakit.cli.output.Errors;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact wording of messages the reviewer read: said once, in the user's words, no stop after a command. */
class MessagesTest {
  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  @Test
  void plainHttpIsExplainedOnceWithoutInternalNames() {
    Cli.Result flag = cli().stdin("pw").run("login", "--domain", "http://example.com", "-u", "a@example.com",
        "--password", "-");
    Cli.Result env = cli().env("AUTH0_DOMAIN", "http://example.com").stdin("pw").run("login", "-u",
        "a@example.com", "--password", "-");

    assertEquals(2, flag.exit(), flag::toString);
    assertEquals("mfa: --domain must use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)\n",
        flag.err());
    assertEquals("mfa: AUTH0_DOMAIN must use https:// (http:// is allowed only for 127.0.0.1, ::1 and"
        + " localhost)\n", env.err());
  }

  @Test
  void aGroupReadableFileIsReadableByGroupAndTheChmodLineHasNoFullStop() throws IOException {
    Path pw = dir.resolve("pw.txt");
    Files.writeString(pw, "hunter2\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r-----"));

    Cli.Result r = cli().run("login", "--domain", "https://acme.us.auth0.com", "-u", "a@example.com",
        "--password-file", pw.toString());

    assertEquals(2, r.exit(), r::toString);
    assertEquals("mfa: --password-file: " + pw + " is readable by group or others; run: chmod 600 " + pw + "\n",
        r.err());
  }

  @Test
  void aMessageEndingWithACommandGetsNoFullStopOthersDo() {
    assertEquals("run: chmod 600 pw.txt", Errors.finish("run: chmod 600 pw.txt", true));
    assertEquals("run: chmod 600 bad", Errors.finish("run: chmod 600 bad", true));
    assertEquals("no authenticator x for this user; see mfa authenticators list",
        Errors.finish("no authenticator x for this user; see mfa authenticators list", true));
    assertEquals("Convert it with: openssl pkcs8 -in KEY -out k.pem", Errors.finish("Convert it with: openssl"
        + " pkcs8 -in KEY -out k.pem", true));
    assertEquals("run mfa login first. Then try again.", Errors.finish("run mfa login first. Then try again", false));
    assertEquals("Fix the path and run mfa login again.", Errors.finish("Fix the path and run mfa login again",
        false));
    assertEquals("check the value.", Errors.finish("check the value", false));
    assertEquals("the code (before 12:00).", Errors.finish("the code (before 12:00).", false));
  }

  @Test
  void anExampleAtTheEndOfAMessageGetsNoFullStop() throws IOException {
    Path token = Fixture.secretFile(dir, "t", "Fe26.2**token");
    Path bad = Fixture.secretFile(dir, "bad", "pw");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rw-r-----"));

    Cli.Result otp = cli().run("verify", "--domain", "https://acme.us.auth0.com", "--mfa-token-file",
        token.toString(), "--otp", "12345");
    Cli.Result domain = cli().run("verify", "--domain", "acme us", "--mfa-token-file", token.toString(), "--otp",
        "123456");
    Cli.Result chmod = cli().run("login", "--domain", "https://acme.us.auth0.com", "-u", "a@example.com",
        "--password-file", bad.toString());

    assertEquals("mfa: --otp must be the 6-digit code, e.g. --otp 123456\n", otp.err());
    assertEquals("mfa: --domain must be a host name or an https URL. Give the tenant's domain, e.g."
        + " acme.us.auth0.com\n", domain.err());
    assertEquals("mfa: --password-file: " + bad + " is readable by group or others; run: chmod 600 " + bad + "\n",
        chmod.err());
  }

  @Test
  void theNoUsernameHintNamesOnlyOptionsTheVerbHas() {
    Cli.Result login = cli().run("login", "--domain", "https://acme.us.auth0.com", "--no-input");
    Cli.Result delete = cli().run("authenticators", "delete", "sms|dev_AbC123", "--domain",
        "https://acme.us.auth0.com", "--no-input", "--otp", "123456");
    Cli.Result list = cli().run("authenticators", "list", "--domain", "https://acme.us.auth0.com", "--no-input");

    assertEquals(2, login.exit(), login::toString);
    assertEquals("mfa: no username to sign in with: pass --username NAME or set username in the profile.\n",
        login.err());
    assertEquals("mfa: no username to sign in with: pass --username NAME or set username in the profile, or give"
        + " an access token with --access-token-file FILE or MFA_ACCESS_TOKEN.\n", delete.err());
    assertEquals("mfa: no username to sign in with: pass --username NAME or set username in the profile, or give"
        + " an mfa_token with --mfa-token-file FILE or MFA_TOKEN.\n", list.err());
  }

  @Test
  void aNetworkFailureIsOneSentenceAndOneHint() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    Cli.Result r = cli().stdin("pw").run("login", "--domain", "http://127.0.0.1:" + port, "-u", "a@example.com",
        "--password", "-");

    assertEquals(4, r.exit(), r::toString);
    assertEquals("mfa: could not reach the tenant (connection refused). Check the domain and your network, then"
        + " try again.", r.errLines().get(r.errLines().size() - 1));
  }

  @Test
  void signInWithoutMfaIsAnErrorLineInLowerCase() {
    try (var sandbox = dev.mfakit.sandbox.SandboxTenant.start()) {
      sandbox.addUserWithoutMfa("plain@example.com", "pw");
      Cli.Result r = cli().stdin("pw").run("authenticators", "list", "--domain", sandbox.baseUrl().toString(),
          "-u", "plain@example.com", "--password", "-");

      assertEquals(6, r.exit(), r::toString);
      assertEquals("mfa: signed in without MFA: the tenant did not ask for a second factor for this user, so there"
          + " is no mfa_token to list with.", r.errLines().get(r.errLines().size() - 1));
    }
  }
}
