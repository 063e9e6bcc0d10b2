package dev.mfakit.cli.batch;

import java.nio.file.Path;
import java.util.Locale;

/** The two input formats, told apart by the file's extension (or, on stdin, by its first character). */
public enum InputFormat {
  /** {@code .csv}: a header row, then one row per user. */
  CSV,
  /** {@code .jsonl} or {@code .ndjson}: one JSON object per line. */
  JSON_LINES;

  /**
   * The format a file's name says.
   *
   * @throws BadInput when the extension is neither
   */
  public static InputFormat of(Path file) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
      return JSON_LINES;
    }
    throw new BadInput(file + ": cannot tell its format from its name; name it .csv (a header row, then one row per"
        + " user) or .jsonl (one JSON object per line)");
  }

  /** On stdin: JSON Lines when the first character that is not blank is {@code {}, else CSV. */
  static InputFormat sniff(int firstNonBlank) {
    return firstNonBlank == '{' ? JSON_LINES : CSV;
  }
}
