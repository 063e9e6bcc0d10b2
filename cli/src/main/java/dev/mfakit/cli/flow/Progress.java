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
   * Shows the person what to scan (or type) to add the factor to a phone app: the QR code and, for an authenticator
   * app, its secret. Both are secrets, so the default shows nothing: a progress that logs (a batch row's) never
   * writes them anywhere; the terminal's draws them.
   *
   * @param scan what to show
   */
  default void scan(Scan scan) {}

  /**
   * Says what the flow now waits for (a push approval) while it blocks: on a terminal a status line redrawn in place,
   * on a pipe nothing more. Ended by {@link #waited()}.
   *
   * @param what e.g. {@code Waiting for the approval on your phone}
   * @param until when the wait ends at the latest, or null when unknown
   */
  default void waiting(String what, java.time.Instant until) {}

  /** Ends what {@link #waiting} started (the status line is erased). */
  default void waited() {}

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
