package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret given as {@code -}: typed at a terminal it is never echoed; piped in, the code is still typed, on the
 * controlling terminal, and without one the message says why stdin cannot take it.
 */
class StdinSecretsTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  @Test
  void aDashSecretTypedAtATerminalIsReadWithoutEcho() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    // stdin is the terminal: the password is typed there, through the no-echo read (a secret prompt).
    ScriptedPrompter p = ScriptedPrompter.terminal().typedStdin()
        .secret("Enter password: ", Fixture.password(user))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = Cli.forSandboxClient(dir).prompter(p).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertEquals(List.of("Enter password: ", "Enter the 6-digit code: "), p.asked());
    assertTrue(p.done());
  }

  @Test
  void withStdinPipedIntoThePasswordTheCodeIsTypedOnTheControllingTerminal() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter p = ScriptedPrompter.pipedStdinWithTty()
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result r = Cli.forSandboxClient(dir).prompter(p).stdin(Fixture.password(user) + "\n").run("associate",
        "--domain", fx.url(), "-u", user, "--password", "-", "--phone", phone);

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("SMS authenticator sms|dev_"), r::toString);
    assertEquals(List.of("Enter the 6-digit code: "), p.asked());
  }

  @Test
  void withStdinPipedAndNoTerminalTheMessageSaysStdinIsTaken() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Cli.Result r = Cli.forSandboxClient(dir).prompter(ScriptedPrompter.none()).stdin("pw").run("associate",
          "--domain", server.url(), "-u", "a@example.com", "--password", "-", "--phone", "+15551234567");

      assertEquals(2, r.exit(), r::toString);
      assertEquals("mfa: stdin feeds --password -, so the code cannot be typed there: use --password-file FILE, or"
          + " split with --no-input --state FILE.\n", r.err());
      assertEquals(0, server.connections());
    }
  }
}
