package dev.mfakit.cli.batch;

import java.time.Instant;
import java.util.Arrays;
import java.util.BitSet;

/**
 * The journal's records folded into one {@link JournalEntry} per row: the pure heart of resuming. A record changes
 * its row's phase as follows (others keep it):
 *
 * <ul>
 *   <li>{@code started}: a new, started or failed row becomes started (nothing is outstanding);
 *   <li>{@code association_sending}, {@code outcome_unknown}: sending, i.e. a message may be out, unanswered;
 *   <li>{@code association_sent}: sent (a message is out), until when it can be confirmed;
 *   <li>{@code association_refused}: failed (nothing was sent);
 *   <li>{@code confirmed}: confirmed;
 *   <li>{@code failed}: failed, unless a message is (or may be) out, which a failure does not take back.
 * </ul>
 *
 * <p>It also remembers, per row, whether any association of the row handed out a recovery code (the tenant shows one
 * on a user's first association only), and where the record that tells more about the row starts.
 *
 * <p>Compact: 25 bytes a row (a million rows, 25 MB), in arrays indexed by line.
 */
public final class JournalState {
  private static final long NONE = Long.MIN_VALUE;

  private byte[] phases = new byte[0];
  private long[] sendingAt = new long[0];
  private long[] confirmableUntil = new long[0];
  private long[] positions = new long[0];
  private final BitSet recoveryCodeGiven = new BitSet();
  private long rows;

  /** Applies one record; {@code position} is where it starts in the journal. */
  void apply(JournalRecord record, long position) {
    int i = record.line();
    ensure(i);
    JournalEntry.Phase phase = JournalEntry.Phase.values()[phases[i]];
    if (phase == JournalEntry.Phase.NEW) {
      rows++;
    }
    switch (record.event()) {
      case STARTED -> {
        if (phase == JournalEntry.Phase.NEW || phase == JournalEntry.Phase.FAILED) {
          phase = JournalEntry.Phase.STARTED;
        }
      }
      case ASSOCIATION_SENDING -> {
        phase = JournalEntry.Phase.SENDING;
        sendingAt[i] = record.at().toEpochMilli();
      }
      case OUTCOME_UNKNOWN -> {
        if (phase != JournalEntry.Phase.SENDING) {
          sendingAt[i] = record.at().toEpochMilli();
        }
        phase = JournalEntry.Phase.SENDING;
      }
      case ASSOCIATION_SENT -> {
        phase = JournalEntry.Phase.SENT;
        positions[i] = position;
        if (record.details().containsKey(Journal.RECOVERY_CODE_GIVEN)
            || record.details().containsKey("recovery_code")) {
          recoveryCodeGiven.set(i);
        }
        Instant until = Journal.sentAssociation(record).confirmableUntil();
        confirmableUntil[i] = until == null ? NONE : until.toEpochMilli();
      }
      case ASSOCIATION_REFUSED -> phase = JournalEntry.Phase.FAILED;
      case CONFIRMED -> {
        phase = JournalEntry.Phase.CONFIRMED;
        positions[i] = position;
      }
      case FAILED -> {
        if (phase == JournalEntry.Phase.NEW || phase == JournalEntry.Phase.STARTED) {
          phase = JournalEntry.Phase.FAILED;
        }
      }
    }
    phases[i] = (byte) phase.ordinal();
  }

  /** The row at {@code line}: {@link JournalEntry.Phase#NEW} when the journal never mentions it. */
  public JournalEntry entry(int line) {
    if (line >= phases.length || phases[line] == 0) {
      return new JournalEntry(line, JournalEntry.Phase.NEW, null, null, -1);
    }
    JournalEntry.Phase phase = JournalEntry.Phase.values()[phases[line]];
    return new JournalEntry(line, phase, time(sendingAt[line]), time(confirmableUntil[line]),
        phase == JournalEntry.Phase.SENT || phase == JournalEntry.Phase.CONFIRMED ? positions[line] : -1);
  }

  /** Whether an association of the row at {@code line} handed out a recovery code (kept in its file, or shown). */
  public boolean recoveryCodeGiven(int line) {
    return recoveryCodeGiven.get(line);
  }

  /** How many rows the journal mentions. */
  public long rows() {
    return rows;
  }

  private static Instant time(long millis) {
    return millis == NONE ? null : Instant.ofEpochMilli(millis);
  }

  private void ensure(int line) {
    if (line < phases.length) {
      return;
    }
    int size = Math.max(line + 1, Math.max(1024, phases.length * 2));
    int old = phases.length;
    phases = Arrays.copyOf(phases, size);
    sendingAt = Arrays.copyOf(sendingAt, size);
    confirmableUntil = Arrays.copyOf(confirmableUntil, size);
    positions = Arrays.copyOf(positions, size);
    Arrays.fill(sendingAt, old, size, NONE);
    Arrays.fill(confirmableUntil, old, size, NONE);
    Arrays.fill(positions, old, size, -1);
  }
}
