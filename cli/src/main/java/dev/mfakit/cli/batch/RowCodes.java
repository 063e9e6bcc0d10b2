package dev.mfakit.cli.batch;

import java.time.Instant;

/**
 * Where this run gets the codes of the rows whose factor sends a message (phone, voice, e-mail): a command run per
 * row ({@code --code-command}), nowhere (the run only sends, {@code --send-only}), or a file of the codes that
 * arrived for an earlier {@code --send-only} run ({@code --codes}). Authenticator-app rows need none of these: their
 * codes are computed from their secrets.
 */
public final class RowCodes {
  private final CodeCommand command;
  private final CodesFile file;
  private final String fileName;

  private RowCodes(CodeCommand command, CodesFile file, String fileName) {
    this.command = command;
    this.file = file;
    this.fileName = fileName;
  }

  /** {@code --code-command}: each row sent a message is confirmed in the same run. */
  public static RowCodes command(CodeCommand command) {
    return new RowCodes(command, null, null);
  }

  /** {@code --send-only}: rows are sent their messages and wait for a later {@code --codes} run. */
  public static RowCodes sendOnly() {
    return new RowCodes(null, null, null);
  }

  /**
   * {@code --codes FILE}: the rows sent a message earlier are confirmed with the codes in the file.
   *
   * @param name the file as given on the command line, for reasons
   */
  public static RowCodes file(CodesFile codes, String name) {
    return new RowCodes(null, codes, name);
  }

  /** Whether a message sent in this run is confirmed in this run (a code command); else the row stays {@code sent}. */
  boolean confirmsWhatItSends() {
    return command != null;
  }

  /**
   * Whether rows never sent anything are sent their message in this run: not when confirming with {@code --codes},
   * which is about messages already out (only {@code --resend-expired} and {@code --resend-unknown} send then).
   */
  boolean sendsNewRows() {
    return file == null;
  }

  /** Whether this run confirms messages sent earlier (a command or a codes file; not {@code --send-only}). */
  boolean confirms() {
    return command != null || file != null;
  }

  /** How the reasons name where the codes come from. */
  String source() {
    return command != null ? "--code-command" : file != null ? "--codes " + fileName : "--send-only";
  }

  /**
   * The code for a row that was sent a message at {@code sentAt}.
   *
   * @return the 6-digit code, or null when the codes file has none for the row's user
   * @throws CodeCommand.Failed when the command gave none
   * @throws InterruptedException when the run is stopped while the command runs
   */
  String codeFor(BatchRow row, Instant sentAt) throws CodeCommand.Failed, InterruptedException {
    if (command != null) {
      return command.codeFor(channel(row.factor()), row.recipient(), row.username(), sentAt);
    }
    return file == null ? null : file.codeFor(row.username());
  }

  /** {@code MFA_CHANNEL}: the channel's name in the protocol. */
  static String channel(BatchFactor factor) {
    return switch (factor) {
      case PHONE -> "sms";
      case VOICE -> "voice";
      case EMAIL -> "email";
      case AUTHENTICATOR_APP -> throw new IllegalArgumentException("an app row has no channel");
    };
  }

  @Override
  public String toString() {
    return "RowCodes[" + source() + "]";
  }
}
