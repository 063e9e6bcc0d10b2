package dev.mfakit.cli.batch;

import dev.mfakit.cli.flow.Progress;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the rows of a batch, {@code parallel} at a time, each through its {@link RowJourney}, all on one client (and
 * so one pacer). Rows are read as they are needed: at most twice {@code parallel} are in memory, whatever the size of
 * the input. Each row's result goes to the caller as soon as it is known.
 *
 * <p>The run stops early (taking no new row, letting the rows in flight finish) when no row could succeed: the
 * tenant cannot be reached or refuses the application ({@link Stopped}), or the journal or an output file cannot
 * be written; and when it is asked to stop ({@link Options#stopping()}: Ctrl-C). Every row it did not finish is
 * left as the journal says, for the next run.
 */
public final class BatchRun {
  /**
   * What every row shares.
   *
   * @param client the one client of the run, with its pacer
   * @param journal the journal, opened (its state is what earlier runs did)
   * @param codes where message rows get their codes
   * @param secrets where app secrets go, or null when the input has no app row
   * @param recoveryCodes where recovery codes go
   * @param password the password of every row ({@code --password-file}), or null when rows have their own
   * @param realm the database connection to sign in with, or null
   * @param resendUnknown whether rows whose message may be out unanswered are sent again
   * @param resendExpired whether rows whose sent code expired are sent a new one
   * @param parallel how many rows run at once
   * @param clock the time (code expiry, TOTP)
   * @param progress the flows' progress for a row (silent, or lines naming the row with {@code --verbose})
   * @param describe a failure the tenant answered, in one line, for a row's reason
   * @param alert prints a line for the person running the batch on stderr, at once (a recovery code that its file
   *     could not keep)
   * @param stopping whether the run was asked to stop (Ctrl-C): no new row starts, and a row whose code command
   *     failed meanwhile is left for the next run rather than failed
   */
  public record Options(MfaClient client, Journal journal, RowCodes codes, SecretsFile secrets,
      RecoveryCodesFile recoveryCodes, String password, String realm, boolean resendUnknown, boolean resendExpired,
      int parallel, Clock clock, Function<BatchRow, Progress> progress, Function<MfaException, String> describe,
      Consumer<String> alert, BooleanSupplier stopping) {
    /** Checks the bounds. */
    public Options {
      if (parallel < 1) {
        throw new IllegalArgumentException("parallel must be at least 1");
      }
    }

    @Override
    public String toString() {
      return "BatchRun.Options[" + codes + ", parallel=" + parallel + "]";
    }
  }

  /** The run stops: no row could succeed (the tenant is unreachable, or refuses the application). */
  public static final class Stopped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Stopped(MfaException cause) {
      super("the batch stopped", cause, false, false);
    }

    /** Why: the failure the command reports (its exit code and message). */
    public MfaException reason() {
      return (MfaException) getCause();
    }
  }

  private BatchRun() {}

  /**
   * Runs the rows.
   *
   * @param rows the good rows, in input order (read on this thread)
   * @param results receives each row's result, on the thread that ran it (so it must be thread-safe); a row left
   *     for the next run because the run was stopping has none
   * @return null when every row was run, else why the run stopped early: a {@link Stopped}, an {@link
   *     java.io.UncheckedIOException} (the journal or an output file), a {@link BadInput} (the input changed), or an
   *     unexpected exception or error (a bug)
   * @throws InterruptedException when this thread is interrupted while waiting for a free slot
   */
  public static Throwable run(Options options, Iterator<BatchRow> rows, Consumer<RowResult> results)
      throws InterruptedException {
    AtomicReference<Throwable> stop = new AtomicReference<>();
    Semaphore slots = new Semaphore(options.parallel() * 2);
    AtomicInteger threads = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(options.parallel(), task -> {
      Thread t = new Thread(task, "mfa-batch-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      while (stop.get() == null && !options.stopping().getAsBoolean()) {
        slots.acquire();
        if (stop.get() != null || options.stopping().getAsBoolean()) {
          break;
        }
        BatchRow row;
        try {
          if (!rows.hasNext()) {
            break;
          }
          row = rows.next();
        } catch (RuntimeException e) {
          stop.compareAndSet(null, e);
          break;
        }
        pool.execute(() -> {
          try {
            if (stop.get() == null && !options.stopping().getAsBoolean()) {
              RowResult result = new RowJourney(options, row).run();
              if (result != null) {
                results.accept(result);
              }
            }
          } catch (IOException e) {
            stop.compareAndSet(null, new java.io.UncheckedIOException(e));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop.compareAndSet(null, new IllegalStateException("interrupted"));
          } catch (Throwable e) {
            // Whatever it is (a bug, an Error), the row is left as the journal says and no new row starts.
            stop.compareAndSet(null, e);
          } finally {
            slots.release();
          }
        });
      }
    } finally {
      pool.shutdown();
      // The rows in flight finish (a code command has its own timeout); nothing new starts.
      while (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
        // keep waiting: a row stopped halfway would only be resumed by the next run anyway
      }
    }
    return stop.get();
  }
}
