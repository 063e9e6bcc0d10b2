package dev.mfakit.cli.batch;

import java.util.Locale;

/** How a row ended, as {@code --json} reports it. */
public enum RowStatus {
  /** The authenticator is active. */
  CONFIRMED,
  /** Associated; the code awaits confirmation ({@code --send-only}). */
  SENT,
  /** Done in an earlier run. */
  SKIPPED,
  /** A message may have gone out unanswered; not sent again without {@code --resend-unknown}. */
  OUTCOME_UNKNOWN,
  /** Failed; {@code reason} says why. */
  FAILED;

  /** The JSON value, e.g. {@code outcome_unknown}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
