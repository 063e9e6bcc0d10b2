package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prompts on {@code /dev/tty} when stdin is a terminal but stdout is not ({@code mfa associate ... --json >
 * result.json}): Java 17 gives no {@link java.io.Console} then, yet a person is there to type the code. Also when
 * stdin is piped into a {@code -} secret and the process still has a terminal. Linux only (it reads
 * {@code /proc/self/fd/0}); no echo through {@code stty}.
 */
final class TtyPrompter implements Prompter {
  private static final File TTY = new File("/dev/tty");

  private final BufferedReader in;
  private final PrintWriter out;
  private final boolean stdinIsTerminal;

  private TtyPrompter(BufferedReader in, PrintWriter out, boolean stdinIsTerminal) {
    this.in = in;
    this.out = out;
    this.stdinIsTerminal = stdinIsTerminal;
  }

  /** A prompter on the controlling terminal, or null when stdin is not a terminal (pipe, file, /dev/null). */
  static Prompter openIfStdinIsTerminal() {
    try {
      String stdin = Files.readSymbolicLink(Path.of("/proc/self/fd/0")).toString();
      if (!stdin.startsWith("/dev/pts/") && !stdin.startsWith("/dev/tty")) {
        return null;
      }
      return open(true);
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /**
   * A prompter on the controlling terminal whatever stdin is (it feeds a {@code -} secret), or null when the
   * process has none (cron, CI, ssh without a terminal).
   */
  static Prompter openControllingTerminal() {
    try {
      return open(false);
    } catch (IOException | SecurityException e) {
      return null;
    }
  }

  private static TtyPrompter open(boolean stdinIsTerminal) throws IOException {
    Charset cs = Charset.defaultCharset();
    BufferedReader in = new BufferedReader(new InputStreamReader(new FileInputStream(TTY), cs));
    PrintWriter out = new PrintWriter(new OutputStreamWriter(new FileOutputStream(TTY), cs), true);
    return new TtyPrompter(in, out, stdinIsTerminal);
  }

  @Override
  public boolean stdinIsTerminal() {
    return stdinIsTerminal;
  }

  @Override
  public Prompter controllingTerminal() {
    return this;
  }

  @Override
  public boolean canPrompt() {
    return true;
  }

  @Override
  public String readLine(String prompt) {
    String line = read(prompt).value();
    if (line == null) {
      out.println(); // Ctrl-D or Ctrl-C left the cursor after the prompt
    }
    return line;
  }

  /** Shows the prompt and reads a line; Ctrl-C ends the read as end of input ({@link CtrlC}). */
  private CtrlC.Read<String> read(String prompt) {
    out.print(prompt);
    out.flush();
    return CtrlC.read(() -> {
      try {
        return in.readLine();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  @Override
  public char[] readSecret(String prompt) {
    // If we are killed mid-password, the terminal must not stay silent.
    Thread restore = new Thread(() -> stty("echo"), "mfa-restore-echo");
    if (!stty("-echo")) {
      throw Failure.usage("cannot turn off echo on this terminal to read a secret. Use a file or stdin instead"
          + " (e.g. --password-file FILE)");
    }
    Runtime.getRuntime().addShutdownHook(restore);
    try {
      String line = read(prompt).value();
      return line == null ? null : line.toCharArray();
    } finally {
      stty("echo");
      out.println();
      Runtime.getRuntime().removeShutdownHook(restore);
    }
  }

  private static boolean stty(String mode) {
    try {
      Process p = new ProcessBuilder("stty", mode).redirectInput(ProcessBuilder.Redirect.from(TTY))
          .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
