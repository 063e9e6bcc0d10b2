package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalTest {
  private static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(T0, ZoneOffset.UTC);
  private static final String SHA = "a".repeat(64);
  private static final Journal.Binding BINDING = new Journal.Binding("rows.csv", SHA, "https://acme.us.auth0.com",
      "client-1");
  private static final BatchRow ANN = new BatchRow(2, "ann@example.com", BatchFactor.PHONE, "+15551230001", null);
  private static final BatchRow BOB = new BatchRow(3, "bob@example.com", BatchFactor.EMAIL, "bob@mail.example.com",
      null);
  private static final BatchRow CID = new BatchRow(4, "cid@example.com", BatchFactor.AUTHENTICATOR_APP, null, null);
  private static final SentAssociation SENT = new SentAssociation("Fe26.2**mfa-token", T0.plusSeconds(600),
      "oob-code-1", T0.plusSeconds(300), null);

  @TempDir
  Path dir;

  private Path path() {
    return dir.resolve("rows.csv.journal");
  }

  private Journal open() throws IOException {
    return Journal.open(path(), BINDING, CLOCK);
  }

  private List<String> lines() throws IOException {
    return Files.readAllLines(path(), StandardCharsets.UTF_8);
  }

  @Test
  void aNewJournalIsPrivateAndStartsWithItsBinding() throws IOException {
    try (Journal journal = open()) {
      assertTrue(journal.created());
      assertEquals(0, journal.state().rows());
    }
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(path())));
    assertEquals(List.of("{\"journal\":\"mfa batch\",\"version\":1,\"input\":\"rows.csv\",\"input_sha256\":\"" + SHA
        + "\",\"tenant\":\"https://acme.us.auth0.com\",\"client_id\":\"client-1\",\"created_at\":"
        + "\"2026-03-01T12:00:00Z\"}"), lines());
    assertEquals(dir.resolve("rows.csv.journal"), Journal.defaultPath(dir.resolve("rows.csv")));
  }

  @Test
  void recordsAreWholeLinesThatAReopenedJournalReplays() throws IOException {
    try (Journal journal = open()) {
      journal.started(ANN);
      journal.sending(ANN);
      journal.sent(ANN, SENT, "recovery-codes-file");
      journal.started(BOB);
      journal.sending(BOB);
      journal.started(CID);
      journal.failed(CID, "the tenant refused the password");
    }
    assertEquals("{\"line\":2,\"username\":\"ann@example.com\",\"event\":\"association_sent\",\"at\":"
        + "\"2026-03-01T12:00:00Z\",\"mfa_token\":\"Fe26.2**mfa-token\",\"mfa_token_expires_at\":"
        + "\"2026-03-01T12:10:00Z\",\"oob_code\":\"oob-code-1\",\"oob_code_expires_at\":\"2026-03-01T12:05:00Z\","
        + "\"recovery_code_given\":\"recovery-codes-file\"}", lines().get(3), "no recovery code, only where it went");

    try (Journal journal = open()) {
      assertFalse(journal.created());
      JournalState state = journal.state();
      assertEquals(3, state.rows());
      JournalEntry ann = state.entry(2);
      assertEquals(JournalEntry.Phase.SENT, ann.phase());
      assertEquals(T0.plusSeconds(300), ann.confirmableUntil());
      assertEquals(SENT, journal.sentAssociation(ann));
      assertTrue(state.recoveryCodeGiven(2));
      assertFalse(state.recoveryCodeGiven(3));
      assertEquals(new JournalEntry(3, JournalEntry.Phase.SENDING, T0, null, -1), state.entry(3));
      assertEquals(JournalEntry.Phase.FAILED, state.entry(4).phase());
      assertEquals(JournalEntry.Phase.NEW, state.entry(5).phase());
      assertEquals(JournalEntry.Phase.NEW, state.entry(1_000_000).phase());
    }
  }

  @Test
  void aLastLineCutOffAtAnyByteIsDroppedAndTheJournalGoesOn() throws IOException {
    try (Journal journal = open()) {
      journal.started(ANN);
      journal.sending(ANN);
    }
    byte[] whole = Files.readAllBytes(path());
    try (Journal journal = open()) {
      journal.sent(ANN, SENT, null);
    }
    byte[] withSent = Files.readAllBytes(path());
    // Every cut inside the association_sent line: from its first byte to its last (its line break missing).
    for (int cut = whole.length; cut < withSent.length; cut++) {
      Files.write(path(), java.util.Arrays.copyOf(withSent, cut));
      try (Journal journal = open()) {
        assertEquals(JournalEntry.Phase.SENDING, journal.state().entry(2).phase(),
            "a cut-off answer leaves the row in flight: its outcome is unknown");
        assertEquals(whole.length, Files.size(path()), "the cut-off bytes are gone");
        journal.started(BOB);
      }
      try (Journal journal = open()) {
        assertEquals(JournalEntry.Phase.STARTED, journal.state().entry(3).phase(), "appended after the repair");
      }
      assertTrue(Files.readString(path()).endsWith("\n"), "whole lines only");
      Files.write(path(), whole);
    }
  }

  @Test
  void aHeaderCutOffBeforeItsLineBreakStartsAFreshJournal() throws IOException {
    Files.writeString(path(), "{\"journal\":\"mfa bat");
    Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rw-------"));
    try (Journal journal = open()) {
      assertTrue(journal.created());
    }
    assertEquals(1, lines().size());
    assertTrue(lines().get(0).startsWith("{\"journal\":\"mfa batch\""));
  }

  @Test
  void aDamagedLineInTheMiddleIsRefused() throws IOException {
    try (Journal journal = open()) {
      journal.started(ANN);
      journal.started(BOB);
    }
    List<String> lines = lines();
    Files.writeString(path(), lines.get(0) + "\n" + lines.get(1) + "\n{\"line\":3,\"usern\n" + lines.get(2) + "\n");
    BadInput e = assertThrows(BadInput.class, this::open);
    assertEquals("the journal " + path() + " is damaged at line 3 (not a journal record), so it cannot say what was"
        + " sent; repair that line, or name another journal with --journal (rows it records would run again)",
        e.getMessage());
  }

  @Test
  void aJournalOfAnotherInputOrTenantIsRefusedWithTheReason() throws IOException {
    open().close();
    Journal.Binding otherInput = new Journal.Binding("new.csv", "b".repeat(64), BINDING.tenant(), "client-1");
    assertEquals("the journal " + path() + " was written for another input: rows.csv (SHA-256 aaaaaaaaaaaa…), and"
        + " new.csv is not that (SHA-256 bbbbbbbbbbbb…); name another journal with --journal",
        assertThrows(BadInput.class, () -> Journal.open(path(), otherInput, CLOCK)).getMessage());

    Journal.Binding otherTenant = new Journal.Binding("rows.csv", SHA, "http://127.0.0.1:8080", "client-1");
    assertEquals("the journal " + path() + " was written for another tenant: https://acme.us.auth0.com (client"
        + " client-1), not http://127.0.0.1:8080 (client client-1); name another journal with --journal",
        assertThrows(BadInput.class, () -> Journal.open(path(), otherTenant, CLOCK)).getMessage());

    Journal.Binding otherClient = new Journal.Binding("rows.csv", SHA, BINDING.tenant(), "client-2");
    assertTrue(assertThrows(BadInput.class, () -> Journal.open(path(), otherClient, CLOCK)).getMessage()
        .contains("(client client-1), not https://acme.us.auth0.com (client client-2)"));

    Path notAJournal = dir.resolve("notes.txt");
    Files.writeString(notAJournal, "shopping list\n");
    Files.setPosixFilePermissions(notAJournal, PosixFilePermissions.fromString("rw-------"));
    assertEquals(notAJournal + " is not an mfa batch journal (its first line says otherwise); name another file"
        + " with --journal", assertThrows(BadInput.class, () -> Journal.open(notAJournal, BINDING, CLOCK))
        .getMessage());
    assertEquals("shopping list\n", Files.readString(notAJournal), "a file that is not a journal is left alone");
  }

  @Test
  void aJournalOthersMayReadIsRefused() throws IOException {
    open().close();
    Files.setPosixFilePermissions(path(), PosixFilePermissions.fromString("rw-r--r--"));
    BadInput e = assertThrows(BadInput.class, this::open);
    assertEquals("the journal " + path() + " is readable by group or others (it holds secrets); run: chmod 600 "
        + path(), e.getMessage());
    assertEquals("chmod 600 " + path(), e.command());
  }

  @Test
  void oneProcessAtATime() throws IOException {
    try (Journal first = open()) {
      BadInput e = assertThrows(BadInput.class, this::open);
      assertEquals("the journal " + path() + " is in use by another mfa batch; wait for it to end, or name another"
          + " journal with --journal", e.getMessage());
      first.started(ANN);
    }
    try (Journal again = open()) {
      assertEquals(JournalEntry.Phase.STARTED, again.state().entry(2).phase());
    }
  }

  @Test
  void everyRecordOfTheFoldMovesTheRowAsDocumented() throws IOException {
    try (Journal journal = open()) {
      // ann: sent, then a failure of the confirmation: the message is out, so still sent
      journal.sending(ANN);
      journal.sent(ANN, SENT, null);
      journal.failed(ANN, "the code command failed");
      // bob: refused association (nothing sent), then run again and in flight with an unknown outcome
      journal.sending(BOB);
      journal.refused(BOB, "already enrolled");
      journal.started(BOB);
      journal.sending(BOB);
      journal.outcomeUnknown(BOB);
      journal.failed(BOB, "network");
      // cid: confirmed, then a stray failure record changes nothing
      journal.sending(CID);
      journal.sent(CID, new SentAssociation("t", T0.plusSeconds(600), null, null, null), null);
      journal.confirmed(CID, "totp|dev_1");
      journal.failed(CID, "late");
    }
    try (Journal journal = open()) {
      JournalState s = journal.state();
      assertEquals(JournalEntry.Phase.SENT, s.entry(2).phase());
      assertEquals(JournalEntry.Phase.SENDING, s.entry(3).phase());
      assertEquals(T0, s.entry(3).sendingAt());
      assertEquals(JournalEntry.Phase.CONFIRMED, s.entry(4).phase());
      assertEquals("totp|dev_1", journal.authenticatorId(s.entry(4)), "the id a skipped row reports");
    }
  }

  @Test
  void anEmailRowKeepsTheEmailAuthenticatorsItsUserHadBeforeAndAnOldJournalIsStillRead() throws IOException {
    SentAssociation none = new SentAssociation("t", T0.plusSeconds(600), "o", T0.plusSeconds(300), Set.of());
    SentAssociation verified = new SentAssociation("t", T0.plusSeconds(600), "o", T0.plusSeconds(300),
        Set.of("email|dev_a", "email|dev_b"));
    try (Journal journal = open()) {
      journal.sending(ANN);
      journal.sent(ANN, none, null);
      journal.sending(BOB);
      journal.sent(BOB, verified, null);
    }
    // A record as the first version of this command wrote it: an app's secret and the recovery code in clear.
    Files.writeString(path(), "{\"line\":4,\"username\":\"cid@example.com\",\"event\":\"association_sent\","
        + "\"at\":\"2026-03-01T12:00:00Z\",\"mfa_token\":\"t\",\"recovery_code\":\"RC\",\"secret\":\"JBSWY3DP\"}\n",
        java.nio.file.StandardOpenOption.APPEND);
    try (Journal journal = open()) {
      assertEquals(none, journal.sentAssociation(journal.state().entry(2)));
      assertEquals(verified, journal.sentAssociation(journal.state().entry(3)));
      assertEquals(new SentAssociation("t", null, null, null, null),
          journal.sentAssociation(journal.state().entry(4)), "what an old record held beyond that is not read");
      assertTrue(journal.state().recoveryCodeGiven(4), "but that it handed out a recovery code is");
    }
  }

  @Test
  void secretsNeverPrint() {
    assertFalse(SENT.toString().contains("mfa-token") || SENT.toString().contains("oob-code-1"), SENT::toString);
    JournalRecord r = new JournalRecord(2, "ann@example.com", JournalEvent.ASSOCIATION_SENT, T0,
        Map.of("mfa_token", "Fe26.2**mfa-token", "secret", "JBSWY3DPEHPK3PXP", "oob_code_expires_at", "x"));
    assertFalse(r.toString().contains("mfa-token") || r.toString().contains("JBSWY3DP"), r::toString);
    assertTrue(r.toString().contains("oob_code_expires_at=x"));
  }
}
