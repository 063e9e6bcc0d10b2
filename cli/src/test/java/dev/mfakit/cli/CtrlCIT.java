package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Ctrl-C at a prompt: the packaged jar runs in a pseudo-terminal ({@code script} from util-linux), and the
 * test types Ctrl-C there, so the terminal's line discipline sends SIGINT as it would for a person. The prompt ends
 * like Ctrl-D: the line is ended, one line says what was kept, and the documented exit code (not the JVM's 130).
 * While waiting for a push approval (no prompt), Ctrl-C stops the wait: exit 130, with what was kept said.
 */
class CtrlCIT {
  private static final Path JAR = Path.of(System.getProperty("mfa.jar", "target/mfa.jar")).toAbsolutePath();

  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  @TempDir Path dir;

  /** What the terminal showed, and the exit code. */
  record Screen(int exit, String text) {}

  /** Runs {@code mfa ARGS} on a terminal, waits for {@code prompt}, types Ctrl-C and returns the screen. */
  private Screen ctrlCAt(String prompt, List<String> args) throws Exception {
    return ctrlCAt(prompt, args, false);
  }

  /** The same, with stdout sent to /dev/null when {@code noStdout} (so Java has no console). */
  private Screen ctrlCAt(String prompt, List<String> args, boolean noStdout) throws Exception {
    StringBuilder cmd = new StringBuilder("exec '" + System.getProperty("java.home") + "/bin/java' -jar '" + JAR
        + "'");
    for (String a : args) {
      cmd.append(" '").append(a).append('\'');
    }
    if (noStdout) {
      cmd.append(" > /dev/null");
    }
    ProcessBuilder pb = new ProcessBuilder(Terminal.command(cmd.toString())).redirectErrorStream(true);
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("AUTH0_CLIENT_ID", SandboxTenant.CLIENT_ID);
    pb.environment().put("AUTH0_CLIENT_SECRET", SandboxTenant.CLIENT_SECRET);
    pb.environment().put("NO_COLOR", "1");
    pb.environment().remove("MFA_TOKEN");
    Process p = pb.start();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> Terminal.copy(p.getInputStream(), screen));
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!Terminal.text(screen).contains(prompt)) {
      assertTrue(System.nanoTime() < deadline && p.isAlive(), () -> "no prompt '" + prompt + "':\n" + Terminal.text(screen));
      Thread.sleep(50);
    }
    Thread.sleep(300); // the prompt is written before the read starts; let it start
    OutputStream keyboard = p.getOutputStream();
    keyboard.write(3); // Ctrl-C
    keyboard.flush();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), () -> "still running after Ctrl-C:\n" + Terminal.text(screen));
    reader.join(5000);
    return new Screen(p.exitValue(), Terminal.text(screen).replace("\r\n", "\n"));
  }


  @Test
  void ctrlCAtThePasswordPromptEndsTheLineAndSaysNothingWasSent() throws Exception {
    Screen s = ctrlCAt("Password for demo@example.com: ", List.of("login", "--domain",
        sandbox.baseUrl().toString(), "-u", "demo@example.com"));

    assertEquals(2, s.exit(), s::text);
    assertTrue(s.text().contains("Password for demo@example.com: \nmfa: no password entered, so nothing was sent."),
        s::text);
  }

  @Test
  void ctrlCAtTheCodePromptSaysNothingWasEnrolledWithExit3() throws Exception {
    Screen s = ctrlCAt("Enter the 6-digit code: ", List.of("associate", "--sandbox", "--phone", "+15555550100"));

    assertEquals(3, s.exit(), s::text);
    assertTrue(s.text().matches("(?s).*Enter the 6-digit code: (\\^C)?\nmfa: no code entered, so nothing was"
        + " enrolled .*"), s::text);
  }

  @Test
  void ctrlCAtTheCodePromptOfTheControllingTerminalToo() throws Exception {
    // stdout redirected: Java has no console, and mfa prompts on /dev/tty.
    Screen s = ctrlCAt("Enter the 6-digit code: ", List.of("associate", "--sandbox", "--phone", "+15555550100",
        "--json"), true);

    assertEquals(3, s.exit(), s::text);
    assertTrue(s.text().contains("\nmfa: no code entered, so nothing was enrolled"), s::text);
  }

  @Test
  void ctrlCWhileWaitingForAPushStopsTheWaitWithExit130AndHandsOutTheRecoveryCode() throws Exception {
    Path password = Files.writeString(dir.resolve("pw.txt"), SandboxTenant.DEMO_PASSWORD);
    Files.setPosixFilePermissions(password, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    // --verbose logs the first poll: by then the wait has begun (and Ctrl-C is its to handle).
    Screen s = ctrlCAt("grant-type/mfa-oob", List.of("associate", "--domain", sandbox.baseUrl().toString(), "-u",
        SandboxTenant.DEMO_USERNAME, "--password-file", password.toString(), "--push", "--verbose"));

    assertEquals(130, s.exit(), s::text);
    assertTrue(s.text().contains("\nmfa: stopped waiting for the approval; the push enrollment stays unconfirmed"),
        s::text);
    assertTrue(s.text().matches("(?s).*\n(\\^C)?\nRecovery code: \\w{24}\n.*"), "^C, then a new line:\n" + s.text());
  }
}
