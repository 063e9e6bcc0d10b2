package dev.mfakit.cli.batch;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * CSV as RFC 4180 writes it, read one record at a time: a header row naming the columns (any order, any case), then
 * one row per user. Fields are separated by commas; a field in double quotes may hold commas, line breaks and {@code
 * ""} for a quote, and is taken exactly as written; an unquoted field loses its surrounding spaces. Lines end with
 * LF, CRLF or CR; blank lines are skipped; a UTF-8 byte order mark is ignored (the caller strips it).
 *
 * <p>The header's problems (an unknown, repeated or missing column) are reported once, on its line, and unknown
 * columns are then left out of every record, so that a typo in the header is one message, not one per row.
 */
final class CsvRecords implements RecordSource {
  /** What a header must name besides known columns: one problem per thing missing. */
  interface HeaderCheck {
    List<String> missing(Set<String> columns);
  }

  /** The batch input's header: a username column and a factor column. */
  static final HeaderCheck BATCH_HEADER = columns -> {
    List<String> missing = new ArrayList<>();
    if (!columns.contains(Columns.USERNAME)) {
      missing.add("the header has no username column; the first line must name the columns, e.g. username,phone");
    }
    if (columns.stream().noneMatch(c -> BatchFactor.ofColumn(c) != null)) {
      missing.add("the header has no factor column; add one of phone, voice, email, authenticator_app");
    }
    return missing;
  };

  private final Chars in;
  private final List<String> known;
  private final HeaderCheck headerCheck;
  private final ArrayDeque<InputRecord> pending = new ArrayDeque<>();
  private int line = 1;
  private List<String> header;
  /** Per header position: the column to keep, or null for one that is reported and left out. */
  private List<String> kept;
  private boolean passwordColumn;

  /** The batch input's CSV. */
  CsvRecords(Reader in) {
    this(in, Columns.ALL, BATCH_HEADER);
  }

  /**
   * @param known the columns a header may name (anything else is reported and left out)
   * @param headerCheck what the header must name
   */
  CsvRecords(Reader in, List<String> known, HeaderCheck headerCheck) {
    this.in = new Chars(in);
    this.known = known;
    this.headerCheck = headerCheck;
  }

  @Override
  public boolean hasPasswordColumn() {
    return passwordColumn;
  }

  @Override
  public InputRecord next() throws IOException {
    while (pending.isEmpty()) {
      int start = line;
      List<String> fields = new ArrayList<>();
      if (peek() < 0) {
        return null;
      }
      String problem = readRecord(fields);
      if (problem != null) {
        pending.add(InputRecord.unreadable(start, problem));
      } else if (fields.isEmpty() || (fields.size() == 1 && fields.get(0) == null)) {
        continue; // a blank line
      } else if (header == null) {
        readHeader(start, fields);
      } else if (fields.size() != header.size()) {
        pending.add(InputRecord.unreadable(start, "has " + fields.size() + (fields.size() == 1 ? " field" : " fields")
            + ", the header has " + header.size() + "; put a value that holds a comma in double quotes"));
      } else {
        Map<String, Object> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
          if (kept.get(i) != null && fields.get(i) != null) {
            values.put(kept.get(i), fields.get(i));
          }
        }
        pending.add(new InputRecord(start, values));
      }
    }
    return pending.poll();
  }

  private void readHeader(int at, List<String> fields) {
    header = new ArrayList<>();
    kept = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String names = String.join(", ", known);
    for (String raw : fields) {
      String name = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
      header.add(name);
      if (name.isEmpty()) {
        pending.add(InputRecord.headerProblem(at, "the header has an empty column name; name every column ("
            + names + ")"));
        kept.add(null);
      } else if (!known.contains(name)) {
        pending.add(InputRecord.headerProblem(at, "unknown column '" + name + "'; the columns are " + names));
        kept.add(null);
      } else if (!seen.add(name)) {
        pending.add(InputRecord.headerProblem(at, "the column '" + name + "' appears twice in the header; keep one"));
        kept.add(null);
      } else {
        kept.add(name);
        passwordColumn |= name.equals(Columns.PASSWORD);
      }
    }
    for (String missing : headerCheck.missing(seen)) {
      pending.add(InputRecord.headerProblem(at, missing));
    }
  }

  /**
   * Reads one record (of one or more lines) into {@code fields}, null for an empty value.
   *
   * @return a problem (the rest of the record skipped), or null
   */
  private String readRecord(List<String> fields) throws IOException {
    StringBuilder field = new StringBuilder();
    int chars = 0;
    boolean anything = false;
    while (true) {
      int c = read();
      if (c < 0 || isLineEnd(c)) {
        if (c >= 0) {
          endLine(c);
        }
        if (anything || field.length() > 0) {
          fields.add(unquoted(field));
        }
        return null;
      }
      anything = true;
      if (c == ',') {
        fields.add(unquoted(field));
        field.setLength(0);
      } else if (c == '"' && field.toString().isBlank()) {
        field.setLength(0);
        String problem = readQuoted(field);
        if (problem != null) {
          return problem;
        }
        fields.add(field.toString().isEmpty() ? null : field.toString());
        field.setLength(0);
        int after = read();
        while (after == ' ' || after == '\t') {
          after = read();
        }
        if (after < 0 || isLineEnd(after)) {
          if (after >= 0) {
            endLine(after);
          }
          return null;
        }
        if (after != ',') {
          skipLine();
          return "has text after the closing quote of a field; a quote inside a quoted value is written \"\"";
        }
      } else {
        field.append((char) c);
      }
      if (++chars > Columns.MAX_CHARS) {
        skipLine();
        return "is longer than 64 KiB; check the file (a lost quote?)";
      }
    }
  }

  /** The rest of a quoted field after its opening quote; on success {@code field} holds its text. */
  private String readQuoted(StringBuilder field) throws IOException {
    while (true) {
      int c = read();
      if (c < 0) {
        return "a quoted field is never closed; add the missing \"";
      }
      if (c == '"') {
        if (peek() == '"') {
          read();
          field.append('"');
          continue;
        }
        return null;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          read();
        }
        line++;
        field.append('\n');
      } else {
        if (c == '\n') {
          line++;
        }
        field.append((char) c);
      }
      if (field.length() > Columns.MAX_CHARS) {
        skipLine();
        return "has a quoted field longer than 64 KiB; check its quotes";
      }
    }
  }

  private static String unquoted(StringBuilder field) {
    String s = field.toString().strip();
    return s.isEmpty() ? null : s;
  }

  private static boolean isLineEnd(int c) {
    return c == '\n' || c == '\r';
  }

  /** Consumes the rest of a line ending ({@code \n} after {@code \r}) and counts the line. */
  private void endLine(int c) throws IOException {
    if (c == '\r' && peek() == '\n') {
      read();
    }
    line++;
  }

  private void skipLine() throws IOException {
    int c;
    while ((c = read()) >= 0 && !isLineEnd(c)) {
      // skip
    }
    if (c >= 0) {
      endLine(c);
    }
  }

  private int peek() throws IOException {
    return in.peek();
  }

  private int read() throws IOException {
    return in.read();
  }
}
