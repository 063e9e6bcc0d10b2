package dev.mfakit.cli.batch;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.util.LinkedHashMap;
import java.util.Map;
import okio.Buffer;

/**
 * JSON Lines: one JSON object per line ({@code {"username":"jane@example.com","phone":"+15551234567"}}), read one line
 * at a time. Lines end with LF, CRLF or CR; blank lines are skipped. Values are kept as they are for the row check:
 * strings, booleans, null (left out), and the kind of anything else.
 */
final class JsonLinesRecords implements RecordSource {
  private final Chars in;
  private final StringBuilder text = new StringBuilder();
  private int line;
  private boolean passwordColumn;

  JsonLinesRecords(Reader in) {
    this.in = new Chars(in);
  }

  @Override
  public boolean hasPasswordColumn() {
    return passwordColumn;
  }

  @Override
  public InputRecord next() throws IOException {
    while (true) {
      if (peek() < 0) {
        return null;
      }
      line++;
      boolean tooLong = readLine();
      if (tooLong) {
        return InputRecord.unreadable(line, "is longer than 64 KiB; one user per line");
      }
      if (text.toString().isBlank()) {
        continue;
      }
      return parse(line, text.toString());
    }
  }

  private InputRecord parse(int at, String json) {
    JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
    try {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return InputRecord.unreadable(at, "is not a JSON object; JSON Lines has one {...} per line");
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      reader.beginObject();
      while (reader.hasNext()) {
        String name = reader.nextName();
        Object value = switch (reader.peek()) {
          case STRING -> reader.nextString();
          case BOOLEAN -> reader.nextBoolean();
          case NULL -> reader.nextNull();
          case NUMBER -> skip(reader, InputRecord.JsonType.NUMBER);
          case BEGIN_ARRAY -> skip(reader, InputRecord.JsonType.ARRAY);
          default -> skip(reader, InputRecord.JsonType.OBJECT);
        };
        if (fields.containsKey(name)) {
          return InputRecord.unreadable(at, "has \"" + name + "\" twice; keep one");
        }
        fields.put(name, value);
      }
      reader.endObject();
      if (!atEnd(reader)) {
        return InputRecord.unreadable(at, "has more than one JSON value; one object per line");
      }
      passwordColumn |= fields.get(Columns.PASSWORD) != null;
      fields.values().removeIf(v -> v == null || (v instanceof String s && s.isEmpty()));
      return new InputRecord(at, fields);
    } catch (JsonEncodingException | JsonDataException | EOFException e) {
      return InputRecord.unreadable(at, "is not valid JSON; JSON Lines has one {...} per line");
    } catch (IOException e) {
      return InputRecord.unreadable(at, "is not valid JSON; JSON Lines has one {...} per line");
    }
  }

  private static boolean atEnd(JsonReader reader) throws IOException {
    try {
      return reader.peek() == JsonReader.Token.END_DOCUMENT;
    } catch (JsonEncodingException more) {
      return false; // a strict reader refuses a second top-level value
    }
  }

  private static Object skip(JsonReader reader, InputRecord.JsonType type) throws IOException {
    reader.skipValue();
    return type;
  }

  /** Reads one line into {@link #text}; true when it was cut for being too long (the rest is skipped). */
  private boolean readLine() throws IOException {
    text.setLength(0);
    boolean tooLong = false;
    while (true) {
      int c = read();
      if (c < 0 || c == '\n') {
        return tooLong;
      }
      if (c == '\r') {
        if (peek() == '\n') {
          read();
        }
        return tooLong;
      }
      if (text.length() < Columns.MAX_CHARS) {
        text.append((char) c);
      } else {
        tooLong = true;
      }
    }
  }

  private int peek() throws IOException {
    return in.peek();
  }

  private int read() throws IOException {
    return in.read();
  }
}
