package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the command line says, and tells the user to do, for the reviewed error answers (docs/protocol.md,
 * "Errors"): the real command line against the sandbox, which answers as a real tenant does.
 */
class ReviewedErrorMessagesTest {
  @TempDir Path dir;
  private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @AfterEach
  void close() {
    sandbox.close();
  }

  private static String lastLine(Cli.Result r) {
    List<String> lines = r.errLines();
    return lines.get(lines.size() - 1);
  }

  @Test
  void anApplicationWithoutTheMfaGrantIsToldWhereToTickIt() throws IOException {
    sandbox.addClient(SandboxTenant.CLIENT_ID, SandboxTenant.CLIENT_SECRET,
        Set.of("password", "http://auth0.com/oauth/grant-type/password-realm"));
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("state.json");
    Cli.Result associate = fx.associateNoInput(dir, user, phone, state);
    assertEquals(0, associate.exit(), associate::toString);

    Cli.Result verify = Cli.forSandboxClient(dir).run("verify", "--state", state.toString(), "--code",
        fx.codeSentTo(phone), "--no-input");

    assertEquals(3, verify.exit(), verify::toString);
    assertEquals("mfa: this application is not allowed the MFA grant: tick it under Advanced Settings > Grant Types"
        + " in the application's settings on the tenant (see https://auth0.com/docs/clients/client-grant-types)",
        lastLine(verify));
  }

  @Test
  void anApplicationWithoutThePasswordGrantIsToldToo() throws IOException {
    sandbox.addClient(SandboxTenant.CLIENT_ID, SandboxTenant.CLIENT_SECRET,
        Set.of("http://auth0.com/oauth/grant-type/mfa-oob"));
    String user = fx.newUser();

    Cli.Result r = fx.loginNoInput(dir, user, dir.resolve("s.json"));

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: this application is not allowed the Password grant: tick it under Advanced Settings > Grant"
        + " Types in the application's settings on the tenant (see https://auth0.com/docs/clients/client-grant-types)",
        lastLine(r));
  }

  @Test
  void anMfaTokenTheTenantDoesNotAcceptMeansSignInAgain() {
    Cli.Result r = Cli.forSandboxClient(dir).env("MFA_TOKEN", "Fe26.2**not-one-of-this-tenant")
        .run("authenticators", "list", "--domain", fx.url());

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: the tenant does not accept this mfa_token (garbled, or from another tenant or application)."
        + " Sign in again for a new one, with the same --domain and --client-id.", lastLine(r));
  }

  @Test
  void aWrongRecoveryCodeIsCalledThatNotARejectedPush() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);

    Cli.Result r = Cli.forSandboxClient(dir).stdin("AAAAAAAAAAAAAAAAAAAAAAAA\n").run("login", "--domain", fx.url(),
        "-u", user, "--password-file", Fixture.passwordFile(dir, user).toString(), "--recovery-code", "-");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: that recovery code is not right, or was used already (each works once; signing in with one"
        + " gives the next). Check it and try again.", lastLine(r));
  }

  @Test
  void anAudienceTheTenantHasNoApiForIsSaidAsSuchAndNothingIsWritten() throws IOException {
    String user = fx.newUser();
    Path tokens = dir.resolve("at.json");

    Cli.Result r = Cli.forSandboxClient(dir).run("login", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--audience", "https://acme.us.auth0.com/mfa/", "--token-file",
        tokens.toString(), "--no-input");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: the tenant has no API with the audience https://acme.us.auth0.com/mfa/ (it answered Service not"
        + " found), so nothing was sent to the user. Check --audience (or the profile's audience): the MFA API's is "
        + fx.url() + "/mfa/ (a token for another tenant's MFA API works nowhere else); any other API must exist in"
        + " the tenant's Dashboard under Applications > APIs, with exactly that identifier.", lastLine(r));
    assertFalse(java.nio.file.Files.exists(tokens));
  }
}
