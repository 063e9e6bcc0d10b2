package dev.mfakit.cli;

/**
 * A failure the command already explained: {@code mfa: <message>} on stderr and {@link #exitCode()}.
 * The message is one line, "what was wrong. what to do", and never holds a secret.
 */
final class Failure extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int exitCode;

  Failure(int exitCode, String message) {
    super(message, null, false, false);
    this.exitCode = exitCode;
  }

  Failure(int exitCode, String message, Throwable cause) {
    super(message, cause, false, false);
    this.exitCode = exitCode;
  }

  /** Bad input or usage (exit 2): must be thrown before any request is sent. */
  static Failure usage(String message) {
    return new Failure(ExitCode.USAGE, message);
  }

  /** The tenant refused (exit 3). */
  static Failure refused(String message, Throwable cause) {
    return new Failure(ExitCode.REFUSED, message, cause);
  }

  int exitCode() {
    return exitCode;
  }
}
