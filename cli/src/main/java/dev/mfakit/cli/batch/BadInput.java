package dev.mfakit.cli.batch;

/**
 * The whole input (or journal, or output file) cannot be used: nothing may be sent. The command reports it as a usage
 * error (exit 2): {@code mfa: <message>}, then {@link #command()} when there is one to paste.
 */
public final class BadInput extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String command;

  /** @param message what is wrong and what to do, one line, no secret */
  public BadInput(String message) {
    this(message, null, null);
  }

  /**
   * @param prose what is wrong and what to do, up to the command
   * @param command a command to paste after it (e.g. {@code chmod 600 rows.csv}), or null
   */
  public BadInput(String prose, String command) {
    this(prose, command, null);
  }

  BadInput(String prose, String command, Throwable cause) {
    super(command == null ? prose : prose + command, cause, false, false);
    this.command = command;
  }

  /** The message up to the command (the whole message when there is none). */
  public String prose() {
    return command == null ? getMessage() : getMessage().substring(0, getMessage().length() - command.length());
  }

  /** The command the message ends with, or null. */
  public String command() {
    return command;
  }
}
