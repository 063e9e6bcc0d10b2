package dev.mfakit.cli.batch;

import java.util.Map;

/**
 * One record as read from the input, before it is checked: its values by column (a String, a Boolean for JSON
 * {@code true}/{@code false}, or a {@link JsonType} for other JSON values; empty values left out), or, when it could
 * not be read at all, why.
 *
 * @param line the line the record starts on
 * @param fields the values by column, in input order; null when unreadable
 * @param unreadable what is wrong with it, or null
 * @param header true for a problem of the CSV header, which is not a row
 */
record InputRecord(int line, Map<String, Object> fields, String unreadable, boolean header) {

  InputRecord(int line, Map<String, Object> fields) {
    this(line, fields, null, false);
  }

  static InputRecord unreadable(int line, String why) {
    return new InputRecord(line, null, why, false);
  }

  static InputRecord headerProblem(int line, String why) {
    return new InputRecord(line, null, why, true);
  }

  /** A JSON value that is neither a string nor a boolean: its kind, for the message. */
  enum JsonType { NUMBER, ARRAY, OBJECT }
}
