package dev.mfakit.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** The recorded response bodies of a real tenant, from src/test/resources/recorded. */
final class Recorded {
  private Recorded() {}

  static String text(String name) {
    try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> object(String name) {
    return (Map<String, Object>) Wire.parse(text(name));
  }

  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> array(String name) {
    return (List<Map<String, Object>>) Wire.parse(text(name));
  }
}
