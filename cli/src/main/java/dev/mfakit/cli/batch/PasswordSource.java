package dev.mfakit.cli.batch;

/** Where the rows' passwords come from: the input's {@code password} column, or one file for every row. */
public enum PasswordSource {
  /** Every row has its own in the {@code password} column; the input must then be private (0600). */
  ROWS,
  /** One password for every row ({@code --password-file}); the input must have no password column. */
  FILE
}
