package dev.mfakit.cli.output;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One line on a terminal redrawn in place while the run waits ("⠙ Waiting for the approval on your phone (4:12 left;
 * Ctrl-C to stop)"): a spinner that shows the run is alive and the time left. Its own daemon thread redraws it with
 * a carriage return and erase-to-end-of-line; {@link #stop()} erases it, leaving the cursor at the start of an empty
 * line. Only for a terminal: on a pipe nothing is drawn at all.
 */
final class StatusLine {
  private static final String FRAMES = "⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏";
  private static final long TICK_MILLIS = 125;
  private static final String ERASE = "\r\u001b[K";

  private final PrintWriter err;
  private final Clock clock;
  private final String what;
  private final Instant until;
  private final Thread ticker;
  private int frame;
  private boolean stopped;

  private StatusLine(PrintWriter err, Clock clock, String what, Instant until) {
    this.err = err;
    this.clock = clock;
    this.what = what;
    this.until = until;
    this.ticker = new Thread(this::tick, "mfa-status");
    ticker.setDaemon(true);
  }

  /** Draws the line now and keeps redrawing it until {@link #stop()}. */
  static StatusLine start(PrintWriter err, Clock clock, String what, Instant until) {
    StatusLine line = new StatusLine(err, clock, what, until);
    line.draw();
    line.ticker.start();
    return line;
  }

  private void tick() {
    try {
      while (true) {
        Thread.sleep(TICK_MILLIS);
        if (!draw()) {
          return;
        }
      }
    } catch (InterruptedException e) {
      // stopped
    }
  }

  /** Draws the next frame; false once stopped. */
  private synchronized boolean draw() {
    if (stopped) {
      return false;
    }
    String left = "";
    if (until != null) {
      long seconds = Math.max(0, Duration.between(clock.instant(), until).toSeconds());
      left = seconds / 60 + ":" + String.format("%02d", seconds % 60) + " left; ";
    }
    err.print(ERASE + FRAMES.charAt(frame++ % FRAMES.length()) + " " + what + " (" + left + "Ctrl-C to stop)");
    err.flush();
    return true;
  }

  /** Stops redrawing and erases the line. */
  void stop() {
    synchronized (this) {
      if (stopped) {
        return;
      }
      stopped = true;
      err.print(ERASE);
      err.flush();
    }
    ticker.interrupt();
  }
}
