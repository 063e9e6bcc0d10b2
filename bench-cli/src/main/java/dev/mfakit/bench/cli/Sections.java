package dev.mfakit.bench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Rewrites named sections of a Markdown file, each between {@code <!-- section:NAME -->} and
 * {@code <!-- /section:NAME -->}, and leaves every other byte as it was: other harnesses own the other sections.
 */
final class Sections {
  private Sections() {}

  /**
   * The text with the body of each named section replaced.
   *
   * @throws IllegalArgumentException when a section's markers are missing or out of order
   */
  static String replace(String text, Map<String, String> bodies) {
    String result = text;
    for (Map.Entry<String, String> e : bodies.entrySet()) {
      String open = "<!-- section:" + e.getKey() + " -->";
      String close = "<!-- /section:" + e.getKey() + " -->";
      int start = result.indexOf(open);
      int end = result.indexOf(close);
      if (start < 0 || end < start || result.indexOf(open, start + 1) >= 0) {
        throw new IllegalArgumentException("no single, ordered pair of markers for section " + e.getKey());
      }
      String body = e.getValue().strip();
      result = result.substring(0, start + open.length()) + "\n" + body + "\n" + result.substring(end);
    }
    return result;
  }

  /** Rewrites the sections in {@code file} in place. */
  static void rewrite(Path file, Map<String, String> bodies) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, replace(text, bodies), StandardCharsets.UTF_8);
  }
}
