package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which authenticator to challenge, and the tenant's own refusals, reach the user in mfa's words. */
class ChallengeTargetTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  private Path loginState(String user) throws IOException {
    Path state = dir.resolve("login-" + user + ".json");
    Cli.Result login = fx.loginNoInput(dir, user, state);
    assertEquals(0, login.exit(), login::toString);
    return state;
  }

  @Test
  void theRecoveryCodeEntryIsRefusedBeforeAnyRequest() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Path state = Fixture.secretFile(dir, "s.json", "{\"mfa_token\":\"t\",\"domain\":\"" + server.url()
          + "\",\"client_id\":\"sandbox-client\"}");

      Cli.Result challenge = cli().run("challenge", "--state", state.toString(), "--authenticator",
          "recovery-code|dev_AbCdEfGhIjKlMnOp");
      Cli.Result login = cli().stdin("pw").run("login", "--domain", server.url(), "-u", "a@example.com",
          "--password", "-", "--authenticator", "recovery-code|dev_AbCdEfGhIjKlMnOp");

      assertEquals(2, challenge.exit(), challenge::toString);
      assertEquals("mfa: recovery codes are not challenged; use mfa verify --state FILE --recovery-code\n",
          challenge.err());
      assertEquals("", challenge.out());
      assertEquals(2, login.exit(), login::toString);
      assertEquals("mfa: recovery codes are not challenged; use mfa login --recovery-code\n", login.err());
      assertEquals(0, server.connections());
    }
  }

  @Test
  void anIdTheUserDoesNotHaveIsExit3NamingItAndTheListCommand() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    Path state = loginState(user);
    int before = fx.messageCount();

    Cli.Result r = cli().run("challenge", "--state", state.toString(), "--authenticator", "sms|dev_NotTheUsers0000");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: no authenticator sms|dev_NotTheUsers0000 for this user; see mfa authenticators list\n",
        r.err());
    assertEquals(before, fx.messageCount(), "nothing was sent");
    assertTrue(Files.exists(state));
  }

  @Test
  void aListedRecoveryCodeEntryIsRefusedWhateverItsId() {
    List<Authenticator> list = List.of(
        new Authenticator("sms|dev_A", AuthenticatorType.OOB, true, OobChannel.SMS, "+1******4567"),
        new Authenticator("rc-odd-id", AuthenticatorType.RECOVERY_CODE, true, null, null));

    Failure f = assertThrows(Failure.class, () -> SecondFactorFlow.choose(list, "rc-odd-id", null, "X"));

    assertEquals(2, f.exitCode());
    assertEquals("recovery codes are not challenged; use X", f.getMessage());
    assertEquals("sms|dev_A", SecondFactorFlow.choose(list, null, null, "X").id());
  }

  @Test
  void aTenantErrorWithoutItsOwnMessageIsLowerCaseWithAHint() {
    String user = fx.newUser();

    Cli.Result r = cli().stdin(Fixture.password(user)).run("login", "--domain", fx.url(), "-u", user,
        "--password", "-", "--realm", "No-Such-Connection");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: the tenant rejected the request as invalid (HTTP 400 invalid_request: Unknown realm). Check"
        + " the options given; --verbose shows the exchange.", r.errLines().get(r.errLines().size() - 1));
  }
}
