package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.client.MfaClient;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link BatchRun} takes rows and stops; the journeys themselves are tested through the command line. */
class BatchRunTest {
  @TempDir Path dir;

  @Test
  void aRowWhoseWorkerThrowsAnErrorStopsTheRunWithThatError() throws Exception {
    // No request is ever sent: the row's journey fails as it starts, where it asks for the row's progress.
    MfaClient client = MfaClient.builder().baseUrl(URI.create("http://127.0.0.1:9")).clientId("c")
        .clientSecret("s").build();
    StackOverflowError bug = new StackOverflowError("a bug");
    AtomicInteger taken = new AtomicInteger();
    Iterator<BatchRow> rows = IntStream.rangeClosed(2, 1001).mapToObj(line -> {
      taken.incrementAndGet();
      return new BatchRow(line, "u" + line + "@example.com", BatchFactor.AUTHENTICATOR_APP, null, null);
    }).iterator();
    List<RowResult> results = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (Journal journal = Journal.open(dir.resolve("j"), new Journal.Binding("in.csv", "a".repeat(64),
        "http://127.0.0.1:9", "c"), Clock.systemUTC());
        RecoveryCodesFile recovery = RecoveryCodesFile.open(dir.resolve("rc.jsonl"))) {
      BatchRun.Options options = new BatchRun.Options(client, journal, RowCodes.sendOnly(), null, recovery, "pw",
          null, false, false, 1, Clock.systemUTC(), row -> {
            throw bug;
          }, e -> "refused", line -> { }, () -> false);

      Throwable stop = BatchRun.run(options, rows, results::add);

      assertSame(bug, stop, "the Error is the reason the run stopped");
      assertEquals(List.of(), results, "no row ended");
      assertTrue(taken.get() <= 3, "no new row was taken after it: " + taken.get());
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aRunAskedToStopTakesNoNewRow() throws Exception {
    MfaClient client = MfaClient.builder().baseUrl(URI.create("http://127.0.0.1:9")).clientId("c")
        .clientSecret("s").build();
    AtomicInteger taken = new AtomicInteger();
    Iterator<BatchRow> rows = IntStream.rangeClosed(2, 11).mapToObj(line -> {
      taken.incrementAndGet();
      return new BatchRow(line, "u" + line + "@example.com", BatchFactor.AUTHENTICATOR_APP, null, null);
    }).iterator();
    try (Journal journal = Journal.open(dir.resolve("j"), new Journal.Binding("in.csv", "a".repeat(64),
        "http://127.0.0.1:9", "c"), Clock.systemUTC());
        RecoveryCodesFile recovery = RecoveryCodesFile.open(dir.resolve("rc.jsonl"))) {
      BatchRun.Options options = new BatchRun.Options(client, journal, RowCodes.sendOnly(), null, recovery, "pw",
          null, false, false, 2, Clock.systemUTC(), row -> {
            throw new AssertionError("no row runs");
          }, e -> "refused", line -> { }, () -> true);

      assertEquals(null, BatchRun.run(options, rows, r -> {
        throw new AssertionError("no result");
      }));
      assertEquals(0, taken.get());
    }
  }
}
