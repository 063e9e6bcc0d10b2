package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The --code-command runner, with a real shell. */
class CodeCommandTest {
  private static final Instant SENT = Instant.parse("2026-03-01T12:00:00.250Z");

  @TempDir
  Path dir;

  private static String run(String command) throws Exception {
    return new CodeCommand(command, Duration.ofSeconds(20), ProcessBuilder.Redirect.DISCARD)
        .codeFor("sms", "+15551230001", "ann@example.com", SENT);
  }

  private static String failure(String command, Duration timeout) {
    return assertThrows(CodeCommand.Failed.class, () -> new CodeCommand(command, timeout,
        ProcessBuilder.Redirect.DISCARD).codeFor("sms", "+15551230001", "ann@example.com", SENT)).getMessage();
  }

  @Test
  void theLastLineIsTheCodeAndTheRowIsInTheEnvironment() throws Exception {
    assertEquals("123456", run("echo 123456"));
    assertEquals("654321", run("printf 'fetching...\\r\\n  654321  \\r\\n\\n'"));
    assertEquals("424242", run("[ \"$MFA_CHANNEL\" = sms ] && [ \"$MFA_RECIPIENT\" = +15551230001 ]"
        + " && [ \"$MFA_USERNAME\" = ann@example.com ] && [ \"$MFA_SENT_AT\" = 2026-03-01T12:00:00.250Z ]"
        + " && echo 424242"));
  }

  @Test
  void failuresSayWhatWithoutQuotingTheOutput() {
    assertEquals("the code command exited with status 3", failure("echo 111111; exit 3", Duration.ofSeconds(20)));
    String noCode = failure("echo 'the code is 12345'", Duration.ofSeconds(20));
    assertEquals("the code command's last line is not a 6-digit code", noCode);
    assertFalse(noCode.contains("12345"));
    assertEquals("the code command's last line is not a 6-digit code", failure("true", Duration.ofSeconds(20)));
    assertThrows(IllegalArgumentException.class, () -> new CodeCommand(" ", Duration.ofSeconds(1),
        ProcessBuilder.Redirect.DISCARD));
  }

  @Test
  void aCommandStillRunningAfterTheTimeoutIsStoppedWithItsChildren() throws Exception {
    Path pid = dir.resolve("pid");
    String message = failure("sleep 60 & echo $! > " + pid + "; wait", Duration.ofMillis(1500));

    assertEquals("the code command printed no code within 1500 ms (stopped)", message);
    ProcessHandle sleeper = ProcessHandle.of(Long.parseLong(Files.readString(pid).strip())).orElse(null);
    if (sleeper != null) {
      sleeper.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS); // killed: not still sleeping its minute
      assertFalse(sleeper.isAlive());
    }
  }

  @Test
  void ctrlCAtTheTerminalIsNotTheCodeCommandsToHandle() throws Exception {
    // SIGINT reaches the terminal's whole foreground process group; the batch lets its rows in flight finish. Here
    // the command and a program it starts each send one to themselves, as the terminal would.
    assertEquals("123456", run("kill -INT $$; sh -c 'kill -INT $$; echo 123456'"));
  }

  @Test
  void aCommandEndedByASignalSaysSoForTheRunToTellFromAFailure() {
    CodeCommand.Failed killed = assertThrows(CodeCommand.Failed.class, () -> new CodeCommand("kill -TERM $$",
        Duration.ofSeconds(20), ProcessBuilder.Redirect.DISCARD).codeFor("sms", "+15551230001", "a@b.c", SENT));
    assertEquals("the code command exited with status 143", killed.getMessage());
    assertTrue(killed.signalled());
    assertFalse(assertThrows(CodeCommand.Failed.class, () -> new CodeCommand("exit 3", Duration.ofSeconds(20),
        ProcessBuilder.Redirect.DISCARD).codeFor("sms", "+15551230001", "a@b.c", SENT)).signalled());
  }

  @Test
  void theCommandLineNeverPrints() {
    assertFalse(new CodeCommand("curl -H 'Authorization: Bearer tok' x", Duration.ofSeconds(5),
        ProcessBuilder.Redirect.DISCARD).toString().contains("tok"));
  }
}
