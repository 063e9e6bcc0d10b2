package dev.mfakit.cli.batch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@code --code-command CMD}: how a phone or e-mail row gets the code that was sent to it. The command runs once per
 * row, with {@code /bin/sh -c}, stdin empty, and in its environment:
 *
 * <ul>
 *   <li>{@code MFA_CHANNEL}: {@code sms}, {@code voice} or {@code email};
 *   <li>{@code MFA_RECIPIENT}: the phone number (E.164) or e-mail address;
 *   <li>{@code MFA_USERNAME}: the row's user;
 *   <li>{@code MFA_SENT_AT}: when the message was sent (RFC 3339), to tell it from older ones.
 * </ul>
 *
 * <p>It prints the 6-digit code as its last line, e.g. on the sandbox: {@code curl -s
 * $URL/sandbox/messages | jq -r --arg to "$MFA_RECIPIENT" 'map(select(.recipient == $to)) | last | .code'}. Exit
 * status 0; anything else, no code, or a command still running after the timeout (it is then killed, with its
 * children) fails the row with a {@link Failed} that never quotes the command's output (it may hold codes).
 *
 * <p>It runs with SIGINT ignored (a shell sets that up, then runs {@code sh -c CMD}; an ignored signal stays ignored
 * in every program it starts): a Ctrl-C at the terminal reaches the whole foreground process group, and it is for
 * the batch, which lets the rows in flight finish, not for their code commands.
 */
public final class CodeCommand {
  private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
  private static final int MAX_OUTPUT = 64 * 1024;

  private final String command;
  private final Duration timeout;
  private final ProcessBuilder.Redirect stderr;

  /**
   * @param command the shell command line
   * @param timeout how long one run may take
   * @param stderr where the command's stderr goes (e.g. {@code INHERIT} with {@code --verbose}, else {@code DISCARD})
   */
  public CodeCommand(String command, Duration timeout, ProcessBuilder.Redirect stderr) {
    if (command == null || command.isBlank()) {
      throw new IllegalArgumentException("the code command is empty");
    }
    this.command = command;
    this.timeout = timeout;
    this.stderr = stderr;
  }

  /** Why the command gave no code: a reason for the row's result, one line, no output of the command. */
  public static final class Failed extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean signalled;

    Failed(String reason) {
      this(reason, false);
    }

    Failed(String reason, boolean signalled) {
      super(reason, null, false, false);
      this.signalled = signalled;
    }

    /**
     * Whether a signal may have ended it: it could not start, or it (or the program it ran last) was killed by one.
     * A Ctrl-C at the terminal reaches it while it starts, before it ignores SIGINT.
     */
    public boolean signalled() {
      return signalled;
    }
  }

  /**
   * Runs the command for one row.
   *
   * @param channel {@code sms}, {@code voice} or {@code email}
   * @param recipient the phone number or address
   * @param username the row's user
   * @param sentAt when the message was sent
   * @return the 6-digit code it printed
   * @throws Failed when it failed, printed no code, or timed out
   * @throws InterruptedException when the batch is stopped while waiting (the command is killed)
   */
  public String codeFor(String channel, String recipient, String username, Instant sentAt)
      throws Failed, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(List.of("/bin/sh", "-c", "trap '' INT; exec /bin/sh -c \"$1\"",
        "mfa-code-command", command))
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .redirectError(stderr);
    Map<String, String> env = pb.environment();
    env.put("MFA_CHANNEL", channel);
    env.put("MFA_RECIPIENT", recipient);
    env.put("MFA_USERNAME", username);
    env.put("MFA_SENT_AT", sentAt.toString());
    Process process;
    try {
      process = pb.start();
    } catch (IOException e) {
      throw new Failed("the code command could not start (" + e.getClass().getSimpleName() + ")", true);
    }
    CompletableFuture<byte[]> output = CompletableFuture.supplyAsync(() -> readUpTo(process.getInputStream()));
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        throw new Failed("the code command printed no code within " + (timeout.toMillis() % 1000 == 0
            ? timeout.toSeconds() + " s" : timeout.toMillis() + " ms") + " (stopped)");
      }
      byte[] bytes = output.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (process.exitValue() != 0) {
        // 128 + n: killed by signal n (Java and the shell both say so).
        throw new Failed("the code command exited with status " + process.exitValue(), process.exitValue() > 128);
      }
      String last = lastLine(new String(bytes, StandardCharsets.UTF_8));
      if (!SIX_DIGITS.matcher(last).matches()) {
        throw new Failed("the code command's last line is not a 6-digit code");
      }
      return last;
    } catch (InterruptedException e) {
      kill(process);
      throw e;
    } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
      kill(process);
      throw new Failed("the code command's output could not be read");
    }
  }

  private static byte[] readUpTo(InputStream in) {
    try (in) {
      byte[] bytes = in.readNBytes(MAX_OUTPUT);
      in.transferTo(java.io.OutputStream.nullOutputStream()); // never block the command on a full pipe
      return bytes;
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String lastLine(String out) {
    String[] lines = out.split("\r?\n");
    for (int i = lines.length - 1; i >= 0; i--) {
      if (!lines[i].isBlank()) {
        return lines[i].strip();
      }
    }
    return "";
  }

  private static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** The command itself is not shown: it may embed a token. */
  @Override
  public String toString() {
    return "CodeCommand[timeout=" + timeout + "]";
  }
}
