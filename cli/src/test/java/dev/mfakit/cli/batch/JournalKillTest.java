package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A journal written by another process that is killed with SIGKILL at random moments: each time it reopens, and a
 * single-threaded writer leaves at most one row in flight per kill. (The whole batch under kills is phase B's test;
 * this one is the journal's own.)
 */
class JournalKillTest {
  static final Journal.Binding BINDING = new Journal.Binding("rows.csv", "c".repeat(64), "http://127.0.0.1:1",
      "client-1");
  static final int ROWS = 400;

  @TempDir
  Path dir;

  /** The child: resumes the journal and takes every row through its journey, as fast as it can. */
  public static void main(String[] args) throws IOException {
    try (Journal journal = Journal.open(Path.of(args[0]), BINDING, Clock.systemUTC())) {
      System.out.println("open");
      System.out.flush();
      for (int line = 1; line <= ROWS; line++) {
        BatchRow row = new BatchRow(line, "user" + line + "@example.com", BatchFactor.PHONE, "+1555123" + (1000 + line),
            null);
        JournalEntry entry = journal.state().entry(line);
        switch (entry.phase()) {
          case CONFIRMED -> {
            continue;
          }
          case SENDING -> {
            // A real run would list the user's authenticators first; here: it never took effect.
            journal.started(row);
          }
          case SENT -> {
            journal.confirmed(row, "sms|dev_" + line);
            continue;
          }
          default -> journal.started(row);
        }
        journal.sending(row);
        journal.sent(row, new SentAssociation("Fe26.2**token" + line, null, "oob" + line, null, null), null);
        journal.confirmed(row, "sms|dev_" + line);
      }
    }
  }

  private Process child(Path journal) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), JournalKillTest.class.getName(),
        journal.toString()).redirectErrorStream(true).start();
  }

  @Test
  void everyKillLeavesAJournalThatOpensWithAtMostOneRowInFlight() throws Exception {
    Path path = dir.resolve("rows.csv.journal");
    Random random = new Random(20260301);
    List<String> seen = new ArrayList<>();
    for (int kill = 0; kill < 6; kill++) {
      Process p = child(path);
      // Wait until it has opened the journal (so the kill lands among records), then a random moment.
      byte[] open = p.getInputStream().readNBytes(5);
      assertEquals("open\n", new String(open), () -> "the child did not start: " + new String(open));
      Thread.sleep(random.nextInt(150));
      p.destroyForcibly();
      p.waitFor();
      boolean cut = Files.size(path) > 0 && !Files.readString(path).endsWith("\n");

      try (Journal journal = Journal.open(path, BINDING, Clock.systemUTC())) {
        int inFlight = 0;
        int confirmed = 0;
        for (int line = 1; line <= ROWS; line++) {
          JournalEntry.Phase phase = journal.state().entry(line).phase();
          inFlight += phase == JournalEntry.Phase.SENDING ? 1 : 0;
          confirmed += phase == JournalEntry.Phase.CONFIRMED ? 1 : 0;
        }
        seen.add(confirmed + " confirmed" + (cut ? ", last line cut" : ""));
        assertTrue(inFlight <= 1, inFlight + " rows in flight after one kill: " + seen);
      }
    }
    assertTrue(seen.get(0).startsWith("0 ") || Integer.parseInt(seen.get(0).split(" ")[0]) < ROWS,
        "the first kill landed before the end, so the test kills mid-run: " + seen);
    Process last = child(path);
    String output = new String(last.getInputStream().readAllBytes());
    assertEquals(0, last.waitFor(), output);

    try (Journal journal = Journal.open(path, BINDING, Clock.systemUTC())) {
      for (int line = 1; line <= ROWS; line++) {
        assertEquals(JournalEntry.Phase.CONFIRMED, journal.state().entry(line).phase(), "line " + line);
      }
    }
    assertTrue(Files.readAllLines(path).size() > ROWS * 4, "every record is a line of its own");
  }
}
