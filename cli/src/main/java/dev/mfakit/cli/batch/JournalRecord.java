package dev.mfakit.cli.batch;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import okio.Buffer;

/**
 * One line of the journal after its header: {@code {"line":12,"username":"jane@example.com","event":"confirmed",
 * "at":"2026-03-01T12:00:00.123Z","authenticator_id":"sms|dev_..."}}.
 *
 * @param line the row's line in the input
 * @param username the row's user
 * @param event what happened
 * @param at when
 * @param details the event's other fields (strings), in order
 */
record JournalRecord(int line, String username, JournalEvent event, Instant at, Map<String, String> details) {
  JournalRecord {
    details = Map.copyOf(details);
  }

  String toJson() {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("line").value(line);
      w.name("username").value(username);
      w.name("event").value(event.wireName());
      w.name("at").value(at.toString());
      for (Map.Entry<String, String> d : new java.util.TreeMap<>(details).entrySet()) {
        w.name(d.getKey()).value(d.getValue());
      }
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /**
   * Parses a record.
   *
   * @throws IllegalArgumentException when it is not one
   */
  static JournalRecord parse(String json) {
    Map<String, Object> fields = object(json);
    if (!(fields.get("line") instanceof Double line) || line < 1 || line != Math.rint(line)
        || !(fields.get("username") instanceof String username) || !(fields.get("event") instanceof String name)
        || JournalEvent.ofWireName(name) == null || !(fields.get("at") instanceof String at)) {
      throw new IllegalArgumentException("not a journal record");
    }
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, Object> f : fields.entrySet()) {
      if (!Map.of("line", 0, "username", 0, "event", 0, "at", 0).containsKey(f.getKey())) {
        if (!(f.getValue() instanceof String s)) {
          throw new IllegalArgumentException("not a journal record");
        }
        details.put(f.getKey(), s);
      }
    }
    return new JournalRecord(line.intValue(), username, JournalEvent.ofWireName(name), instant(at), details);
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("not a time");
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String json) {
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw new IllegalArgumentException("not an object");
      }
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw new IllegalArgumentException("more than an object");
      }
      return (Map<String, Object>) value;
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("not a JSON object", e);
    }
  }

  /** Secrets among the details hidden. */
  @Override
  public String toString() {
    Map<String, String> shown = new LinkedHashMap<>();
    details.forEach((k, v) -> shown.put(k, Journal.SECRET_DETAILS.contains(k) ? "██" : v));
    return "JournalRecord[line=" + line + ", username=" + username + ", event=" + event.wireName() + ", at=" + at
        + ", details=" + shown + "]";
  }
}
