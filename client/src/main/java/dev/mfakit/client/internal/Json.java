package dev.mfakit.client.internal;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.JsonWriter;
import dev.mfakit.client.MfaDecodingException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okio.Buffer;

/**
 * JSON in and out with Moshi's streaming reader and writer. Answers are read into a tree (maps, lists, strings,
 * doubles, booleans) and then picked apart by typed accessors, so a wrong type, a missing field or a truncated body
 * becomes an {@link MfaDecodingException} naming the field, never a NullPointerException or ClassCastException,
 * and never quoting the body (Moshi's own messages can quote values, so they are not passed on).
 */
final class Json {
  private Json() {}

  /** Parses a complete JSON document, or returns null if the text is not one. */
  public static Object parseOrNull(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      JsonReader reader = JsonReader.of(new Buffer().writeUtf8(text));
      Object value = reader.readJsonValue();
      if (reader.peek() != JsonReader.Token.END_DOCUMENT) {
        return null;
      }
      return value;
    } catch (IOException | RuntimeException e) {
      // Any failure means "not a JSON document"; Moshi's messages may quote values, so they go no further.
      return null;
    }
  }

  /** Parses the body of an answer that must be a JSON object. */
  public static Obj object(String text, int status, String what) {
    if (!(document(text, status, what) instanceof Map<?, ?> map)) {
      throw new MfaDecodingException(status, what + ": expected a JSON object (HTTP " + status + ")");
    }
    return new Obj(map, status, what, "$");
  }

  /** Parses the body of an answer that must be a JSON array of objects. */
  public static List<Obj> arrayOfObjects(String text, int status, String what) {
    if (!(document(text, status, what) instanceof List<?> list)) {
      throw new MfaDecodingException(status, what + ": expected a JSON array (HTTP " + status + ")");
    }
    List<Obj> out = new ArrayList<>(list.size());
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> map)) {
        throw new MfaDecodingException(status, what + ": expected an object at $[" + i + "] (HTTP " + status + ")");
      }
      out.add(new Obj(map, status, what, "$[" + i + "]"));
    }
    return out;
  }

  private static Object document(String text, int status, String what) {
    Object value = parseOrNull(text);
    if (value == null) {
      throw new MfaDecodingException(status, what + ": the body is not valid JSON (HTTP " + status + ")");
    }
    return value;
  }

  /** Writes a flat object of strings and string lists (request bodies). */
  public static String write(Map<String, Object> fields) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writeValue(writer, fields);
    } catch (IOException e) {
      throw new IllegalStateException("cannot write JSON", e); // a Buffer does not fail
    }
    return buffer.readUtf8();
  }

  /** Writes any tree produced by {@link #parseOrNull(String)}. */
  public static void writeValue(JsonWriter writer, Object value) throws IOException {
    if (value == null) {
      writer.nullValue();
    } else if (value instanceof Map<?, ?> map) {
      writer.beginObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        writer.name(String.valueOf(e.getKey()));
        writeValue(writer, e.getValue());
      }
      writer.endObject();
    } else if (value instanceof List<?> list) {
      writer.beginArray();
      for (Object item : list) {
        writeValue(writer, item);
      }
      writer.endArray();
    } else if (value instanceof Boolean b) {
      writer.value(b.booleanValue());
    } else if (value instanceof Number n) {
      double d = n.doubleValue();
      if (d == Math.rint(d) && Math.abs(d) < 1e15) {
        writer.value((long) d);
      } else {
        writer.value(n);
      }
    } else {
      writer.value(String.valueOf(value));
    }
  }

  /** A JSON object with typed, failure-reporting accessors. */
  public static final class Obj {
    private final Map<?, ?> map;
    private final int status;
    private final String what;
    private final String path;

    Obj(Map<?, ?> map, int status, String what, String path) {
      this.map = map;
      this.status = status;
      this.what = what;
      this.path = path;
    }

    /** A decoding failure about {@code field}. */
    public MfaDecodingException failure(String field, String problem) {
      return new MfaDecodingException(status, what + ": " + path + "." + field + " " + problem + " (HTTP " + status + ")");
    }

    /** A required, non-blank string. */
    public String string(String field) {
      String value = optString(field);
      if (value == null) {
        throw failure(field, "is missing");
      }
      if (value.isBlank()) {
        throw failure(field, "is blank");
      }
      return value;
    }

    /** An optional string; JSON null counts as absent. */
    public String optString(String field) {
      Object value = map.get(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof String s)) {
        throw failure(field, "should be a string");
      }
      return s;
    }

    /** An optional boolean. */
    public Boolean optBoolean(String field) {
      Object value = map.get(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Boolean b)) {
        throw failure(field, "should be a boolean");
      }
      return b;
    }

    /** A required non-negative whole number. */
    public long nonNegativeLong(String field) {
      Object value = map.get(field);
      if (value == null) {
        throw failure(field, "is missing");
      }
      if (!(value instanceof Number n)) {
        throw failure(field, "should be a number");
      }
      double d = n.doubleValue();
      if (d != Math.rint(d) || d < 0 || d > 9.0e15) {
        throw failure(field, "should be a non-negative whole number");
      }
      return (long) d;
    }

    /** An optional list of strings; absent gives an empty list. */
    public List<String> stringList(String field) {
      List<?> list = list(field);
      List<String> out = new ArrayList<>(list.size());
      for (Object item : list) {
        if (!(item instanceof String s)) {
          throw failure(field, "should contain only strings");
        }
        out.add(s);
      }
      return out;
    }

    /** An optional array; absent gives an empty list. */
    private List<?> list(String field) {
      Object value = map.get(field);
      if (value == null) {
        return List.of();
      }
      if (!(value instanceof List<?> list)) {
        throw failure(field, "should be an array");
      }
      return list;
    }

    /** An optional nested object, or null. */
    public Obj optObject(String field) {
      Object value = map.get(field);
      if (value == null) {
        return null;
      }
      if (!(value instanceof Map<?, ?> m)) {
        throw failure(field, "should be an object");
      }
      return new Obj(m, status, what, path + "." + field);
    }

    /** An optional list of objects; absent gives an empty list. */
    public List<Obj> objectList(String field) {
      List<?> list = list(field);
      List<Obj> out = new ArrayList<>(list.size());
      for (int i = 0; i < list.size(); i++) {
        if (!(list.get(i) instanceof Map<?, ?> m)) {
          throw failure(field + "[" + i + "]", "should be an object");
        }
        out.add(new Obj(m, status, what, path + "." + field + "[" + i + "]"));
      }
      return out;
    }
  }
}
