package dev.mfakit.cli.batch;

import java.io.IOException;

/** Records in input order, read one at a time (the input is never held in memory). */
interface RecordSource {
  /** The next record, or null at the end. */
  InputRecord next() throws IOException;

  /** Whether the input has a {@code password} column (CSV: in its header; JSON Lines: in a row read so far). */
  boolean hasPasswordColumn();
}
