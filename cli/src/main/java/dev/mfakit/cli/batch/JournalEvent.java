package dev.mfakit.cli.batch;

import java.util.Locale;

/** What a journal record says happened to a row. */
public enum JournalEvent {
  /** The row was picked up (before signing in): nothing sent yet. */
  STARTED,
  /**
   * The association request is about to go: written and forced to disk before the request, so that a kill at any
   * later moment leaves proof that a message may have been sent, and when.
   */
  ASSOCIATION_SENDING,
  /** The tenant answered the association: a message went out; what confirming needs is in the record. */
  ASSOCIATION_SENT,
  /** The tenant refused the association (an error answer): nothing was sent. */
  ASSOCIATION_REFUSED,
  /** The association may or may not have been applied (the connection failed after it was sent). */
  OUTCOME_UNKNOWN,
  /** The authenticator is active. */
  CONFIRMED,
  /** The row failed; whether a message went out follows from the records before it. */
  FAILED;

  /** The name in the journal, e.g. {@code association_sent}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  static JournalEvent ofWireName(String name) {
    for (JournalEvent e : values()) {
      if (e.wireName().equals(name)) {
        return e;
      }
    }
    return null;
  }
}
