package dev.mfakit.cli.batch;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks records one by one, in input order, and turns the good ones into {@link BatchRow}s: every problem of a row
 * is found (not just the first), and every row is checked, so that one run lists all that is wrong. Phone numbers and
 * addresses are judged by the client's own validation (what it would refuse to send); a bad value is described,
 * never echoed.
 */
final class RowCheck {
  /** The result for one record: a row, or what is wrong with it. */
  record Outcome(BatchRow row, Problem problem) {}

  private final PasswordSource passwords;
  private final UsernameSet usernames = new UsernameSet();

  RowCheck(PasswordSource passwords) {
    this.passwords = passwords;
  }

  Outcome check(InputRecord record) {
    if (record.unreadable() != null) {
      return new Outcome(null, new Problem(record.line(), record.unreadable()));
    }
    List<String> problems = new ArrayList<>();
    Map<String, Object> fields = record.fields();
    for (String column : fields.keySet()) {
      if (!Columns.ALL.contains(column)) {
        problems.add("unknown column '" + column + "'; the columns are " + Columns.known());
      }
    }
    String username = text(fields, Columns.USERNAME, problems);
    if (username == null && !fields.containsKey(Columns.USERNAME)) {
      problems.add("username is missing");
    }
    BatchFactor factor = null;
    String recipient = null;
    List<String> filled = new ArrayList<>();
    for (BatchFactor f : BatchFactor.values()) {
      if (!fields.containsKey(f.column())) {
        continue;
      }
      if (f == BatchFactor.AUTHENTICATOR_APP) {
        Boolean on = flag(fields.get(f.column()));
        if (on == null) {
          problems.add("authenticator_app must be true (or empty)");
        } else if (on) {
          filled.add(f.column());
          factor = f;
        }
      } else {
        String value = text(fields, f.column(), problems);
        if (value != null) {
          filled.add(f.column());
          factor = f;
          recipient = value;
          String bad = invalid(f, value);
          if (bad != null) {
            problems.add(bad);
          }
        }
      }
    }
    if (filled.isEmpty()) {
      problems.add("no factor; fill in one of phone, voice, email, authenticator_app");
    } else if (filled.size() > 1) {
      problems.add("fills in " + String.join(" and ", filled) + "; one factor per row");
    }
    String password = null;
    if (fields.containsKey(Columns.PASSWORD)) {
      password = passwords == PasswordSource.ROWS ? secret(fields.get(Columns.PASSWORD), problems) : null;
    } else if (passwords == PasswordSource.ROWS) {
      problems.add("no password; fill in the password column, or give one password for all rows in a file");
    }
    if (username != null) {
      int first = usernames.add(username, record.line());
      if (first != 0) {
        problems.add(username + " is already on line " + first + "; one row per user");
      }
    }
    if (!problems.isEmpty()) {
      return new Outcome(null, new Problem(record.line(), String.join("; ", problems)));
    }
    return new Outcome(new BatchRow(record.line(), username, factor,
        factor == BatchFactor.AUTHENTICATOR_APP ? null : recipient, password), null);
  }

  /** A text value, stripped; null (with a problem when it is not text) otherwise. */
  private static String text(Map<String, Object> fields, String column, List<String> problems) {
    Object value = fields.get(column);
    if (value == null) {
      return null;
    }
    if (!(value instanceof String s)) {
      problems.add(column + " must be a string, not " + kind(value));
      return null;
    }
    String stripped = s.strip();
    if (stripped.isEmpty()) {
      return null;
    }
    if (stripped.chars().anyMatch(Character::isISOControl)) {
      problems.add(column + " has a control character (a line break?)");
      return null;
    }
    return stripped;
  }

  /** A password is taken exactly as written (spaces are characters of a password). */
  private static String secret(Object value, List<String> problems) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    problems.add("password must be a string, not " + kind(value));
    return null;
  }

  private static Boolean flag(Object value) {
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s) {
      String v = s.strip().toLowerCase(Locale.ROOT);
      return v.equals("true") ? Boolean.TRUE : v.equals("false") ? Boolean.FALSE : null;
    }
    return null;
  }

  private static String invalid(BatchFactor factor, String value) {
    try {
      factor.enrollment(value);
      return null;
    } catch (IllegalArgumentException e) {
      return factor == BatchFactor.EMAIL
          ? "email must be an e-mail address like user@example.com"
          : factor.column() + " must be an E.164 number like +15551234567 (+, country code, 8 to 15 digits, no"
              + " spaces)";
    }
  }

  private static String kind(Object value) {
    if (value instanceof Boolean) {
      return "true/false";
    }
    if (value instanceof InputRecord.JsonType t) {
      return switch (t) {
        case NUMBER -> "a number";
        case ARRAY -> "a list";
        case OBJECT -> "an object";
      };
    }
    return "that";
  }
}
