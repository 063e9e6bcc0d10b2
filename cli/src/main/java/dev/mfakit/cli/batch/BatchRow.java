package dev.mfakit.cli.batch;

import dev.mfakit.client.Mask;

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

  /** The recipient masked ({@code +1******4567}, {@code j***@example.com}), the password hidden: rows may be logged. */
  @Override
  public String toString() {
    return "BatchRow[line=" + line + ", username=" + username + ", factor=" + factor.column()
        + (recipient == null ? "" : ", recipient=" + Mask.recipient(recipient))
        + (password == null ? "" : ", password=██") + "]";
  }
}
