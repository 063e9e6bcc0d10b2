package dev.mfakit.cli.flow;

/**
 * What a flow tells the person while it runs: progress ("Signing in as jane@example.com...") and warnings. The
 * command line prints them on stderr; a batch run may log them per row or drop them. Lines may hold picocli markup
 * ({@code @|bold ...|@}).
 */
public interface Progress {
  /**
   * Reports progress.
   *
   * @param line one line, no line break
   */
  void info(String line);

  /**
   * Reports something the person should notice (a code expired and was sent again).
   *
   * @param line one line, no line break
   */
  void warn(String line);

  /**
   * Progress that goes nowhere, for runs that want only the results.
   *
   * @return a progress that drops every line
   */
  static Progress silent() {
    return Silent.INSTANCE;
  }

  /** {@link #silent()}: a named class rather than a lambda (two methods, and no bootstrap on a short run). */
  final class Silent implements Progress {
    private static final Silent INSTANCE = new Silent();

    private Silent() {}

    @Override
    public void info(String line) {}

    @Override
    public void warn(String line) {}
  }
}
