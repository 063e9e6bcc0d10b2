package dev.mfakit.cli.batch;

import com.squareup.moshi.JsonAdapter;
import com.squareup.moshi.Moshi;
import java.util.Map;

/** One-line JSON of a map, nulls kept (a script's keys never come and go). */
final class JsonLine {
  private static final JsonAdapter<Object> WITH_NULLS = new Moshi.Builder().build().adapter(Object.class)
      .serializeNulls();

  private JsonLine() {}

  static String of(Map<String, Object> object) {
    return WITH_NULLS.toJson(object);
  }
}
