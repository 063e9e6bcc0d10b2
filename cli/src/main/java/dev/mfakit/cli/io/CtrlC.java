package dev.mfakit.cli.io;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * A prompt that Ctrl-C ends as end of input (Ctrl-D) does, so that every prompt ends the same way: the caller's
 * "no answer" path, one line saying what was kept, and its documented exit code, instead of the JVM's exit 130 in
 * the middle of a line. The read runs on a daemon thread while SIGINT is handled here; outside prompts, Ctrl-C
 * keeps its usual meaning. ({@code sun.misc.Signal} is in {@code jdk.unsupported}, exported and kept for this use.)
 */
final class CtrlC {
  private CtrlC() {}

  /**
   * What a read at a prompt gave.
   *
   * @param value the line or characters read, or null at end of input or after Ctrl-C
   * @param interrupted whether Ctrl-C ended it (the terminal then shows {@code ^C} and no line break)
   */
  record Read<T>(T value, boolean interrupted) {}

  /**
   * Reads, with Ctrl-C ending the read.
   *
   * @param read the blocking read
   * @return what it gave, or an interrupted read
   */
  static <T> Read<T> read(Callable<T> read) {
    CompletableFuture<Read<T>> answer = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        answer.complete(new Read<>(read.call(), false));
      } catch (Throwable t) {
        answer.completeExceptionally(t);
      }
    }, "mfa-prompt");
    reader.setDaemon(true);
    Signal interrupt = new Signal("INT");
    SignalHandler previous;
    try {
      previous = Signal.handle(interrupt, sig -> answer.complete(new Read<>(null, true)));
    } catch (IllegalArgumentException | UnsupportedOperationException e) {
      previous = null; // the JVM keeps SIGINT to itself (-Xrs): Ctrl-C ends the process as usual
    }
    reader.start();
    try {
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      if (previous != null) {
        Signal.handle(interrupt, previous);
      }
    }
  }
}
