package dev.mfakit.cli.output;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.batch.BatchFactor;
import dev.mfakit.cli.batch.Problem;
import dev.mfakit.cli.batch.RowResult;
import dev.mfakit.cli.batch.RowStatus;
import dev.mfakit.cli.io.Prompter;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Help.Ansi;

/**
 * What {@code mfa batch} shows while it runs, with a clock the test moves: the bar drawn in place on a terminal,
 * plain lines elsewhere, and results that never end up glued to the bar.
 */
class BatchOutputProgressTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final MovingClock clock = new MovingClock();

  /** A clock the test moves. */
  static final class MovingClock extends Clock {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private BatchOutput output(Ansi errAnsi, boolean json, long total) {
    Context ctx = new Context(Map.of(), new ByteArrayInputStream(new byte[0]), new PrintWriter(out),
        new PrintWriter(err), Prompter.console(), Path.of("."), Path.of("."), clock, d -> { }, cleanup -> { },
        Ansi.OFF, errAnsi);
    return new BatchOutput(ctx, json, total);
  }

  private static RowResult row(int line, RowStatus status) {
    return new RowResult(line, "user" + line + "@example.com", BatchFactor.PHONE, status,
        status == RowStatus.CONFIRMED ? "sms|dev_" + line : null, status == RowStatus.FAILED ? "wrong password"
        : status == RowStatus.OUTCOME_UNKNOWN ? "a message may have been sent" : null, null, null, false);
  }

  @Test
  void onATerminalTheBarIsRedrawnInPlaceAndClearedForEachResultLine() {
    BatchOutput o = output(Ansi.ON, false, 1_000);
    for (int i = 0; i < 248; i++) {
      o.accept(row(i + 2, RowStatus.CONFIRMED));
    }
    clock.now = clock.now.plusSeconds(10);
    o.tick();
    o.accept(row(300, RowStatus.FAILED));
    o.accept(row(301, RowStatus.CONFIRMED));
    o.tick();

    assertEquals("\r\u001B[K[█████░░░░░░░░░░░░░░░░░░░] 248/1,000 · 0 failed · 24.8 rows/s · ETA 31 s"
        + "\r\u001B[K"
        + "\r\u001B[K[██████░░░░░░░░░░░░░░░░░░] 250/1,000 · 1 failed · 25.0 rows/s · ETA 30 s", err.toString());
    assertEquals("line 300 user300@example.com (phone): failed: wrong password\n", out.toString(),
        "only the row that needs attention, never on the bar's line");
  }

  @Test
  void elsewhereAPlainLineNowAndThenAndTheSummaryWithTheResults() {
    BatchOutput o = output(Ansi.OFF, false, 1_000);
    o.invalid(new Problem(7, "username is missing"));
    o.accept(row(2, RowStatus.CONFIRMED));
    o.accept(row(3, RowStatus.OUTCOME_UNKNOWN));
    clock.now = clock.now.plus(Duration.ofMillis(500));
    o.tick();
    clock.now = clock.now.plus(Duration.ofSeconds(200));
    o.summary(List.of("Recovery codes: rc.jsonl."));

    assertEquals("mfa batch: 2 of 1,000 rows (0 %), 1 failed, 4.0 rows/s, about 4 min 10 s left\n", err.toString());
    assertEquals("line 3 user3@example.com (phone): outcome unknown: a message may have been sent\n"
        + "2 rows in 3 min 20 s (0.0 rows/s): 1 confirmed, 0 sent, 0 skipped (done in an earlier run), 1 outcome"
        + " unknown, 0 failed; 1 malformed row skipped.\nRecovery codes: rc.jsonl.\n", out.toString());
    assertTrue(!o.allSucceeded());
  }

  @Test
  void withJsonEveryRowIsALineOfItsOwnAndTheSummaryGoesToStderr() {
    BatchOutput o = output(Ansi.OFF, true, 2);
    o.invalid(new Problem(3, "phone must be an E.164 number"));
    o.accept(row(2, RowStatus.CONFIRMED));
    o.summary(List.of());

    assertEquals("{\"line\":3,\"username\":null,\"factor\":null,\"status\":\"failed\",\"authenticator_id\":null,"
        + "\"reason\":\"phone must be an E.164 number\",\"recovery_code\":null,\"sent_at\":null}\n"
        + "{\"line\":2,\"username\":\"user2@example.com\",\"factor\":\"phone\",\"status\":\"confirmed\","
        + "\"authenticator_id\":\"sms|dev_2\",\"reason\":null,\"recovery_code\":null,\"sent_at\":null}\n",
        out.toString());
    assertTrue(err.toString().startsWith("1 row in 0.0 s"), err::toString);
    assertEquals("45 s / 3 min 31 s / 2 h 05 min", BatchOutput.duration(45) + " / " + BatchOutput.duration(211)
        + " / " + BatchOutput.duration(7_500));
  }
}
