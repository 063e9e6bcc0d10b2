package dev.mfakit.cli.batch;

import java.util.List;

/** The columns of the input, as the issue names them. */
final class Columns {
  static final String USERNAME = "username";
  static final String PASSWORD = "password";
  static final List<String> ALL = List.of(USERNAME, "phone", "voice", "email", "authenticator_app", PASSWORD);
  /** The longest line (or CSV record) accepted: a row is a few hundred bytes; more is the wrong file or a lost quote. */
  static final int MAX_CHARS = 64 * 1024;

  private Columns() {}

  static String known() {
    return String.join(", ", ALL);
  }
}
