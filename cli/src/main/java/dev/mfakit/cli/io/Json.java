package dev.mfakit.cli.io;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * JSON for stdout, token files and state files: maps of strings, numbers, booleans, lists and maps written with
 * Moshi. What a script reads ({@link #result}, {@link #compact}) keeps every key, null when unknown, so its shape
 * never changes; the state file ({@link #pretty}) leaves nulls out.
 */
public final class Json {
  private Json() {}

  /** Built on first use, so that formatting a time ({@link #time}) does not start Moshi. */
  private static final class Adapters {
    static final JsonAdapter<Object> ANY = new Moshi.Builder().build().adapter(Object.class);
    static final JsonAdapter<Object> WITH_NULLS = ANY.serializeNulls();
  }

  /**
   * A time as every file and result of {@code mfa} writes it: RFC 3339 in UTC, whole seconds.
   *
   * @param t the time, or null
   * @return e.g. {@code 2026-01-01T12:00:00Z}, or null
   */
  public static String time(Instant t) {
    return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** Pretty JSON (two-space indent) with null values left out: the state file. */
  public static String pretty(Object value) {
    return Adapters.ANY.indent("  ").toJson(value);
  }

  /** Pretty JSON with every key, nulls included: results on stdout and token files. */
  public static String result(Object value) {
    return Adapters.WITH_NULLS.indent("  ").toJson(value);
  }

  /** One-line JSON with every key, for JSON Lines. */
  public static String compact(Object value) {
    return Adapters.WITH_NULLS.toJson(value);
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
      value = Adapters.ANY.fromJson(text);
    } catch (JsonEncodingException | JsonDataException | java.io.EOFException e) {
      throw new IOException("not valid JSON", e);
    }
    if (!(value instanceof Map)) {
      throw new IOException("not a JSON object");
    }
    return (Map<String, Object>) value;
  }
}
