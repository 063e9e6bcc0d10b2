package dev.mfakit.cli.batch;

/**
 * One valid row of the input.
 *
 * @param line its line number in the input (the journal and the messages refer to it)
 * @param username the user to sign in, as written (surrounding spaces removed)
 * @param factor the factor to enroll
 * @param recipient the E.164 number or e-mail address; null for the authenticator app
 * @param password the row's own password, or null when the run gives one password for all rows
 */
public record BatchRow(int line, String username, BatchFactor factor, String recipient, String password) {

  /** The recipient masked and the password hidden: a row may be logged. */
  @Override
  public String toString() {
    return "BatchRow[line=" + line + ", username=" + username + ", factor=" + factor.column()
        + (recipient == null ? "" : ", recipient=" + masked(recipient))
        + (password == null ? "" : ", password=██") + "]";
  }

  /** {@code +1******4567}, {@code j***@example.com}: enough to tell rows apart, not enough to use. */
  static String masked(String recipient) {
    int at = recipient.indexOf('@');
    if (at > 0) {
      return recipient.charAt(0) + "***" + recipient.substring(at);
    }
    int keep = Math.min(4, Math.max(0, recipient.length() - 3));
    return recipient.substring(0, Math.min(2, recipient.length())) + "*".repeat(Math.max(0,
        recipient.length() - 2 - keep)) + recipient.substring(recipient.length() - keep);
  }
}
