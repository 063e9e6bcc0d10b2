package dev.mfakit.cli;

/**
 * A failure the command already explained: {@code mfa: <message>} on stderr and {@link #exitCode()}.
 * The message is one line, "what was wrong. what to do", and never holds a secret. When what to do is a command
 * or an example to paste ({@code run: chmod 600 pw}, {@code e.g. --otp 123456}), it is carried apart as
 * {@link #command()}, so nothing (no full stop) is ever printed after it.
 */
public final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;
  private final String command;

  public Failure(int exitCode, String message) {
    this(exitCode, message, null, null);
  }

  Failure(int exitCode, String message, Throwable cause) {
    this(exitCode, message, null, cause);
  }

  /**
   * @param prose what was wrong and what to do, up to the command
   * @param command the command or example the message ends with, printed as is; or null
   */
  public Failure(int exitCode, String prose, String command, Throwable cause) {
    super(command == null ? prose : prose + command, cause, false, false);
    this.exitCode = exitCode;
    this.command = command;
  }

  /** Bad input or usage (exit 2): must be thrown before any request is sent. */
  public static Failure usage(String message) {
    return new Failure(ExitCode.USAGE, message);
  }

  /**
   * Bad input or usage (exit 2) whose message ends with a command or an example to paste.
   *
   * @param prose the message up to the command, e.g. {@code "... readable by others; run: "}
   * @param command e.g. {@code chmod 600 pw}
   */
  public static Failure usage(String prose, String command) {
    return new Failure(ExitCode.USAGE, prose, command, null);
  }

  /** The tenant refused (exit 3). */
  public static Failure refused(String message, Throwable cause) {
    return new Failure(ExitCode.REFUSED, message, cause);
  }

  /** The tenant refused (exit 3); the message ends with a command to paste. */
  public static Failure refused(String prose, String command, Throwable cause) {
    return new Failure(ExitCode.REFUSED, prose, command, cause);
  }

  public int exitCode() {
    return exitCode;
  }

  /** The command or example the message ends with, or null when it ends with prose. */
  public String command() {
    return command;
  }
}
