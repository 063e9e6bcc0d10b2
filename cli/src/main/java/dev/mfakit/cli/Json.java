package dev.mfakit.cli;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for stdout and state files: maps of strings, numbers, booleans, lists and maps written with Moshi.
 * Null values are left out, so absent fields are absent rather than {@code null}.
 */
final class Json {
  private static final JsonAdapter<Object> ANY = new Moshi.Builder().build().adapter(Object.class);

  private Json() {}

  /** Pretty JSON (two-space indent), for results a person may read. */
  static String pretty(Object value) {
    return ANY.indent("  ").toJson(value);
  }

  /** One-line JSON, for streams of events. */
  static String compact(Object value) {
    return ANY.toJson(value);
  }

  /**
   * Parses one JSON object.
   *
   * @throws IOException with a short reason when the text is not a JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> parseObject(String text) throws IOException {
    Object value;
    try {
      value = ANY.fromJson(text);
    } catch (JsonEncodingException | JsonDataException | java.io.EOFException e) {
      throw new IOException("not valid JSON", e);
    }
    if (!(value instanceof Map)) {
      throw new IOException("not a JSON object");
    }
    return (Map<String, Object>) value;
  }
}
