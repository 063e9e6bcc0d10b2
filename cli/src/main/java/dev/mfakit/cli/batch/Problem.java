package dev.mfakit.cli.batch;

/**
 * What is wrong with one row of the input (or its header).
 *
 * @param line the row's line number in the input, from 1 (a CSV row's first line)
 * @param message what is wrong and what to do; never a password, and never a phone number or address in full
 */
public record Problem(int line, String message) {
  /** {@code line 7: username is missing}. */
  @Override
  public String toString() {
    return "line " + line + ": " + message;
  }
}
