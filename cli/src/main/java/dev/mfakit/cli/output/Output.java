package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.flow.Scan;
import dev.mfakit.cli.io.CtrlC;
import dev.mfakit.cli.io.Json;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * Where a command's words go: results on stdout (text, or one JSON value with {@code --json}); progress, warnings
 * and prompts on stderr. Each stream is coloured by its own setting. A wait (for a push approval) shows a live status
 * line on a terminal, and Ctrl-C then stops the wait rather than the process.
 */
public final class Output implements Progress {
  private final Context ctx;
  private final boolean json;
  private Consumer<Scan> scans = scan -> { };
  private boolean liveStatus = true;
  private StatusLine status;
  private CtrlC ctrlC;

  /**
   * @param ctx the streams and their colour settings
   * @param json whether the result is one JSON value ({@code --json}) rather than text lines
   */
  public Output(Context ctx, boolean json) {
    this.ctx = ctx;
    this.json = json;
  }

  /** A result line on stdout (text mode only; JSON mode prints one value at the end instead). */
  public void result(String line) {
    if (!json) {
      ctx.out().println(Colours.render(ctx.ansi(), line));
      ctx.out().flush();
    }
  }

  /** Progress on stderr. */
  @Override
  public void info(String line) {
    ctx.err().println(Colours.render(ctx.errAnsi(), line));
    ctx.err().flush();
  }

  /** A warning on stderr, highlighted on a terminal. */
  @Override
  public void warn(String line) {
    info("@|yellow " + line + "|@");
  }

  /**
   * Who shows what a flow asks the person to scan ({@link Scan}): by default nobody (a scan holds secrets, so
   * showing it is the verb's decision); {@code mfa associate} draws it or writes it to files.
   *
   * @param presenter shows each scan
   * @return this
   */
  public Output onScan(Consumer<Scan> presenter) {
    this.scans = presenter;
    return this;
  }

  /**
   * Whether a wait may draw its live status line (when stderr is a terminal). Off with {@code --verbose}, whose HTTP
   * log lines would break into it.
   *
   * @param live false for no status line
   * @return this
   */
  public Output liveStatus(boolean live) {
    this.liveStatus = live;
    return this;
  }

  @Override
  public void scan(Scan scan) {
    scans.accept(scan);
  }

  /**
   * Draws the status line (a terminal with colours on, and {@link #liveStatus} allowed; else nothing), and makes
   * Ctrl-C interrupt this thread's wait instead of ending the process.
   */
  @Override
  public void waiting(String what, Instant until) {
    waited();
    ctrlC = CtrlC.interrupts(Thread.currentThread());
    if (liveStatus && ctx.errAnsi().enabled()) {
      status = StatusLine.start(ctx.err(), ctx.clock(), what, until);
    }
  }

  /** Erases the status line; after a Ctrl-C with none to erase, ends the line that shows {@code ^C}. */
  @Override
  public void waited() {
    boolean erased = status != null;
    if (status != null) {
      status.stop();
      status = null;
    }
    if (ctrlC != null) {
      ctrlC.close();
      if (ctrlC.fired() && !erased) {
        ctx.err().println();
        ctx.err().flush();
      }
      ctrlC = null;
    }
  }

  /** The JSON result on stdout: every key, nulls included. */
  public void printJson(Object value) {
    ctx.out().println(Json.result(value));
    ctx.out().flush();
  }
}
