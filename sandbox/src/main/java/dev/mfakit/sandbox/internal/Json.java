package dev.mfakit.sandbox.internal;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import okio.Buffer;

/** JSON in and out, with Moshi's streaming reader and writer. */
final class Json {
  private Json() {}

  /**
   * Parses a request body that must be one JSON object and nothing else.
   *
   * @throws Refusal 400 invalid_request when it is not
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(byte[] body) {
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        throw Refusal.invalidRequest("The request body must be a JSON object");
      }
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        throw Refusal.invalidRequest("Malformed JSON body");
      }
      return (Map<String, Object>) value;
    } catch (JsonDataException | IOException e) {
      throw Refusal.invalidRequest("Malformed JSON body");
    }
  }

  /** Parses a JSON object from a JWT segment; null if it is not one. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObjectOrNull(byte[] body) {
    try (JsonReader reader = JsonReader.of(new Buffer().write(body))) {
      if (reader.peek() != JsonReader.Token.BEGIN_OBJECT) {
        return null;
      }
      Object value = reader.readJsonValue();
      return reader.peek() == JsonReader.Token.END_DOCUMENT ? (Map<String, Object>) value : null;
    } catch (JsonDataException | IOException e) {
      return null;
    }
  }

  /** A JSON document being written; {@link #bytes()} ends it. IOExceptions cannot happen on a Buffer. */
  static final class Out {
    private final Buffer buffer = new Buffer();
    private final JsonWriter writer = JsonWriter.of(buffer);

    Out() {
      writer.setSerializeNulls(true); // only nullValue() writes a null; optional() leaves the field out
    }

    Out beginObject() {
      return write(writer::beginObject);
    }

    Out endObject() {
      return write(writer::endObject);
    }

    Out beginArray() {
      return write(writer::beginArray);
    }

    Out endArray() {
      return write(writer::endArray);
    }

    Out name(String name) {
      return write(() -> writer.name(name));
    }

    Out value(String value) {
      return write(() -> writer.value(value));
    }

    Out value(long value) {
      return write(() -> writer.value(value));
    }

    Out value(boolean value) {
      return write(() -> writer.value(value));
    }

    Out field(String name, String value) {
      return name(name).value(value);
    }

    Out field(String name, long value) {
      return name(name).value(value);
    }

    Out field(String name, boolean value) {
      return name(name).value(value);
    }

    Out nullValue() {
      return write(writer::nullValue);
    }

    /** Writes the field, as JSON null when the value is null. */
    Out nullable(String name, String value) {
      name(name);
      return value == null ? nullValue() : value(value);
    }

    /** Writes the field only when the value is not null. */
    Out optional(String name, String value) {
      return value == null ? this : name(name).value(value);
    }

    byte[] bytes() {
      write(() -> {
        writer.close();
        return writer;
      });
      return buffer.readByteArray();
    }

    private Out write(Step step) {
      try {
        step.run();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return this;
    }

    /** One call on the JsonWriter, which declares IOException. */
    private interface Step {
      JsonWriter run() throws IOException;
    }
  }
}
