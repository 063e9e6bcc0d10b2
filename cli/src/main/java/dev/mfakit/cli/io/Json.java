package dev.mfakit.cli.io;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.util.Map;

/**
 * JSON for stdout, token files and state files: maps of strings, numbers, booleans, lists and maps written with
 * Moshi. What a script reads ({@link #result}, {@link #compact}) keeps every key, null when unknown, so its shape
 * never changes; the state file ({@link #pretty}) leaves nulls out.
 */
public final class Json {
  private static final JsonAdapter<Object> ANY = new Moshi.Builder().build().adapter(Object.class);
  private static final JsonAdapter<Object> WITH_NULLS = ANY.serializeNulls();

  private Json() {}

  /** Pretty JSON (two-space indent) with null values left out: the state file. */
  public static String pretty(Object value) {
    return ANY.indent("  ").toJson(value);
  }

  /** Pretty JSON with every key, nulls included: results on stdout and token files. */
  public static String result(Object value) {
    return WITH_NULLS.indent("  ").toJson(value);
  }

  /** One-line JSON with every key, for JSON Lines. */
  public static String compact(Object value) {
    return WITH_NULLS.toJson(value);
  }

  /**
   * Parses one JSON object.
   *
   * @throws IOException with a short reason when the text is not a JSON object
   */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(String text) throws IOException {
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
