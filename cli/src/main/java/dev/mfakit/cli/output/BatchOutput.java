package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.batch.BatchFactor;
import dev.mfakit.cli.batch.Problem;
import dev.mfakit.cli.batch.RowResult;
import dev.mfakit.cli.batch.RowStatus;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import picocli.CommandLine.Help.Ansi;

/**
 * What {@code mfa batch} prints while it runs. Results on stdout: with {@code --json} one JSON object per row (every
 * row, as it ends); as text, only the rows that need attention (failed, outcome unknown, a recovery code lost). Progress on stderr: a bar
 * redrawn in place when stderr is a terminal (done, failed, rate, time left), else a plain line every {@link
 * #PLAIN_EVERY}. The summary at the end goes with the results in text mode, and to stderr with {@code --json} (whose
 * stdout holds rows only). Thread-safe: rows end on many threads.
 */
public final class BatchOutput implements Consumer<RowResult>, AutoCloseable {
  /** How often a plain progress line is printed when stderr is not a terminal. */
  public static final Duration PLAIN_EVERY = Duration.ofSeconds(10);
  private static final Duration REDRAW_EVERY = Duration.ofMillis(250);
  private static final int BAR_WIDTH = 24;
  private static final String CLEAR_LINE = "\r\u001B[K";

  private final Context ctx;
  private final boolean json;
  private final boolean bar;
  private final long total;
  private final long startedMillis;
  private final Map<RowStatus, Long> counts = new EnumMap<>(RowStatus.class);
  private long unknownApps;
  private long recoveryCodesLost;
  private long invalid;
  private boolean barShown;
  private ScheduledExecutorService ticker;

  /**
   * @param total the rows the run will go through (the good rows of the input)
   */
  public BatchOutput(Context ctx, boolean json, long total) {
    this.ctx = ctx;
    this.json = json;
    this.total = total;
    this.bar = isTerminal(ctx.errAnsi());
    this.startedMillis = ctx.clock().millis();
    for (RowStatus s : RowStatus.values()) {
      counts.put(s, 0L);
    }
  }

  /** A terminal to draw on: stderr is coloured (it is a terminal, and colour is not turned off). */
  private static boolean isTerminal(Ansi ansi) {
    return ansi == Ansi.ON || (ansi == Ansi.AUTO && ansi.enabled());
  }

  /** Starts the progress display (a bar redrawn, or plain lines now and then). */
  public synchronized void start() {
    ticker = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread t = new Thread(task, "mfa-batch-progress");
      t.setDaemon(true);
      return t;
    });
    Duration every = bar ? REDRAW_EVERY : PLAIN_EVERY;
    ticker.scheduleAtFixedRate(this::tick, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
  }

  synchronized void tick() {
    if (bar) {
      drawBar();
    } else {
      ctx.err().println("mfa batch: " + progressLine());
      ctx.err().flush();
    }
  }

  /** A row skipped as malformed ({@code --skip-invalid}): counted as failed, and a result of its own with --json. */
  public synchronized void invalid(Problem problem) {
    invalid++;
    if (json) {
      printOut(RowResult.invalid(problem).toJsonLine());
    }
  }

  @Override
  public synchronized void accept(RowResult r) {
    counts.merge(r.status(), 1L, Long::sum);
    if (r.status() == RowStatus.OUTCOME_UNKNOWN && r.factor() == BatchFactor.AUTHENTICATOR_APP) {
      unknownApps++;
    }
    if (r.recoveryCodeLost()) {
      recoveryCodesLost++;
    }
    if (json) {
      printOut(r.toJsonLine());
    } else if (r.status() == RowStatus.FAILED || r.status() == RowStatus.OUTCOME_UNKNOWN || r.recoveryCodeLost()) {
      printOut(textLine(r));
    }
  }

  /** A line for the person running the batch, on stderr at once, whatever the output mode. */
  public synchronized void alert(String line) {
    clearBar();
    ctx.err().println("mfa batch: " + line);
    ctx.err().flush();
  }

  /** A progress line of the flows for one row ({@code --verbose}), on stderr. */
  public synchronized void progress(String line) {
    clearBar();
    ctx.err().println(Colours.render(ctx.errAnsi(), line));
    ctx.err().flush();
  }

  /** {@code line 7 bob@example.com (email): failed: the code command exited with status 1}. */
  static String textLine(RowResult r) {
    return "line " + r.line() + " " + r.username() + " (" + r.factor().column() + "): "
        + r.status().wireName().replace('_', ' ') + ": " + r.reason();
  }

  private void printOut(String line) {
    clearBar();
    ctx.out().println(line);
    ctx.out().flush();
  }

  /** How many rows ended with each status so far. */
  public synchronized long count(RowStatus status) {
    return counts.get(status);
  }

  /** Authenticator-app rows among those with an unknown outcome (whose association sends no message). */
  public synchronized long unknownApps() {
    return unknownApps;
  }

  /** Rows done whose user's recovery code was shown by an association whose answer was lost. */
  public synchronized long recoveryCodesLost() {
    return recoveryCodesLost;
  }

  /** Rows skipped as malformed. */
  public synchronized long invalid() {
    return invalid;
  }

  /** Rows ended so far (malformed ones not included). */
  public synchronized long done() {
    return counts.values().stream().mapToLong(Long::longValue).sum();
  }

  /**
   * Whether every row succeeded: none failed (malformed ones included), none has an unknown outcome, and no user's
   * recovery code was lost.
   */
  public synchronized boolean allSucceeded() {
    return invalid == 0 && counts.get(RowStatus.FAILED) == 0 && counts.get(RowStatus.OUTCOME_UNKNOWN) == 0
        && recoveryCodesLost == 0;
  }

  /**
   * Stops the progress display and prints the summary: the counts, then {@code notes} (what to do next, where the
   * files are), one line each.
   */
  public synchronized void summary(List<String> notes) {
    stopTicker();
    clearBar();
    long millis = Math.max(0, ctx.clock().millis() - startedMillis);
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "%,d %s in %s (%.1f rows/s): ", done(), done() == 1 ? "row" : "rows",
        millis < 60_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : duration(millis / 1000),
        rate()));
    s.append(String.format(Locale.ROOT, "%,d confirmed, %,d sent, %,d skipped (done in an earlier run), %,d outcome"
        + " unknown, %,d failed", counts.get(RowStatus.CONFIRMED), counts.get(RowStatus.SENT),
        counts.get(RowStatus.SKIPPED), counts.get(RowStatus.OUTCOME_UNKNOWN), counts.get(RowStatus.FAILED)));
    if (invalid > 0) {
      s.append(String.format(Locale.ROOT, "; %,d malformed %s skipped", invalid, invalid == 1 ? "row" : "rows"));
    }
    s.append('.');
    java.io.PrintWriter to = json ? ctx.err() : ctx.out();
    to.println(s);
    notes.forEach(to::println);
    to.flush();
  }

  @Override
  public synchronized void close() {
    stopTicker();
    clearBar();
  }

  private void stopTicker() {
    if (ticker != null) {
      ticker.shutdownNow();
      ticker = null;
    }
  }

  // ---- progress ----------------------------------------------------------------------------------------------

  private double rate() {
    double seconds = (ctx.clock().millis() - startedMillis) / 1000.0;
    return seconds <= 0 ? 0 : done() / seconds;
  }

  /** {@code 1,234 of 10,000 rows (12 %), 3 failed, 41.7 rows/s, about 3 min 31 s left}. */
  String progressLine() {
    long done = done();
    double rate = rate();
    long failed = counts.get(RowStatus.FAILED) + counts.get(RowStatus.OUTCOME_UNKNOWN);
    String left = rate <= 0 || done == 0 ? "" : ", about " + duration((long) Math.ceil((total - done) / rate))
        + " left";
    return String.format(Locale.ROOT, "%,d of %,d rows (%d %%), %,d failed, %.1f rows/s%s", done, total,
        total == 0 ? 100 : done * 100 / total, failed, rate, left);
  }

  private void drawBar() {
    long done = done();
    int filled = total == 0 ? BAR_WIDTH : (int) Math.min(BAR_WIDTH, done * BAR_WIDTH / total);
    double rate = rate();
    long failed = counts.get(RowStatus.FAILED) + counts.get(RowStatus.OUTCOME_UNKNOWN);
    String eta = rate <= 0 || done == 0 ? "ETA --" : "ETA " + duration((long) Math.ceil((total - done) / rate));
    String line = String.format(Locale.ROOT, "[%s%s] %,d/%,d · %,d failed · %.1f rows/s · %s", "█".repeat(filled),
        "░".repeat(BAR_WIDTH - filled), done, total, failed, rate, eta);
    ctx.err().print(CLEAR_LINE + line);
    ctx.err().flush();
    barShown = true;
  }

  private void clearBar() {
    if (barShown) {
      ctx.err().print(CLEAR_LINE);
      ctx.err().flush();
      barShown = false;
    }
  }

  /** {@code 45 s}, {@code 3 min 31 s}, {@code 2 h 05 min}. */
  static String duration(long seconds) {
    if (seconds < 60) {
      return seconds + " s";
    }
    if (seconds < 3600) {
      return seconds / 60 + " min " + seconds % 60 + " s";
    }
    return String.format(Locale.ROOT, "%d h %02d min", seconds / 3600, seconds % 3600 / 60);
  }
}
