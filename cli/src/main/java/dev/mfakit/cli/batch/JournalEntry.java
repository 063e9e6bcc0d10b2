package dev.mfakit.cli.batch;

import java.time.Instant;

/**
 * Where one row stands according to the journal.
 *
 * @param line the row's line in the input
 * @param phase its phase
 * @param sendingAt when its latest association may have been sent (the time of the forced record before it), or
 *     null
 * @param confirmableUntil for {@link Phase#SENT}: until when the answered association can be confirmed, or null when
 *     unknown
 * @param record the position in the journal of the record that tells more: for {@link Phase#SENT} its {@code
 *     association_sent} record ({@link Journal#sentAssociation}), for {@link Phase#CONFIRMED} its {@code confirmed}
 *     record ({@link Journal#authenticatorId}); otherwise -1
 */
public record JournalEntry(int line, Phase phase, Instant sendingAt, Instant confirmableUntil, long record) {

  /** A row's phase, from the records of every run so far. */
  public enum Phase {
    /** No record: never started. */
    NEW,
    /** Started; no association sent. */
    STARTED,
    /** An association may have been sent and no answer was recorded (killed in flight, or unknown outcome). */
    SENDING,
    /** An association was answered: a message went out; not confirmed (yet). */
    SENT,
    /** Done. */
    CONFIRMED,
    /** Failed with no message outstanding (nothing sent, or the association was refused). */
    FAILED
  }
}
