package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mfakit.cli.batch.JournalEntry.Phase;
import dev.mfakit.cli.batch.Resume.Action;
import dev.mfakit.cli.batch.Resume.Decision;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The resume rules as pure functions: a journal entry (and, for rows in flight, a list) in, a decision out. */
class ResumeTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant SENT_AT = NOW.minusSeconds(40);

  private static JournalEntry entry(Phase phase) {
    return new JournalEntry(7, phase, phase == Phase.SENDING ? SENT_AT : null, null, -1);
  }

  private static Authenticator sms(boolean active) {
    return new Authenticator("sms|dev_1", AuthenticatorType.OOB, active, OobChannel.SMS, "XXXXXXXX0001");
  }

  private static Authenticator voice(boolean active) {
    return new Authenticator("voice|dev_1", AuthenticatorType.OOB, active, OobChannel.VOICE, "XXXXXXXX0001");
  }

  private static Authenticator email(boolean active) {
    return new Authenticator("email|dev_2", AuthenticatorType.OOB, active, OobChannel.EMAIL, "j***@e***.com");
  }

  private static Authenticator app(boolean active) {
    return new Authenticator("totp|dev_3", AuthenticatorType.OTP, active, null, null);
  }

  private static Authenticator recovery() {
    return new Authenticator("recovery-code|dev_4", AuthenticatorType.RECOVERY_CODE, true, null, null);
  }

  @Test
  void rowsWithNothingOutRunAndConfirmedOnesAreSkipped() {
    assertEquals(Action.RUN, Resume.decide(entry(Phase.NEW), NOW).action());
    assertEquals(Action.RUN, Resume.decide(entry(Phase.STARTED), NOW).action());
    assertEquals(Action.RUN, Resume.decide(entry(Phase.FAILED), NOW).action());
    assertEquals(Action.SKIP, Resume.decide(entry(Phase.CONFIRMED), NOW).action());
  }

  @Test
  void anAnsweredAssociationIsConfirmedWhileItsCodeLivesElseExpired() {
    JournalEntry fresh = new JournalEntry(7, Phase.SENT, SENT_AT, NOW.plusSeconds(60), 120);
    JournalEntry almost = new JournalEntry(7, Phase.SENT, SENT_AT, NOW.plus(Resume.CONFIRM_MARGIN), 120);
    JournalEntry gone = new JournalEntry(7, Phase.SENT, SENT_AT, NOW.minusSeconds(1), 120);
    JournalEntry unknownExpiry = new JournalEntry(7, Phase.SENT, SENT_AT, null, 120);

    assertEquals(Action.CONFIRM, Resume.decide(fresh, NOW).action());
    assertEquals(Action.EXPIRED, Resume.decide(almost, NOW).action(), "too close to its expiry to be typed");
    assertEquals(Action.EXPIRED, Resume.decide(gone, NOW).action());
    assertEquals(Action.EXPIRED, Resume.decide(unknownExpiry, NOW).action());
  }

  @Test
  void aRowInFlightIsListedFirstWithTheTimeItMayHaveBeenSent() {
    Decision d = Resume.decide(entry(Phase.SENDING), NOW);
    assertEquals(new Decision(Action.LIST_FIRST, SENT_AT, null), d);
  }

  @Test
  void nothingOfTheFactorMeansTheAssociationNeverTookEffect() {
    Decision listFirst = Resume.decide(entry(Phase.SENDING), NOW);
    assertEquals(Action.RUN, Resume.afterListing(listFirst, BatchFactor.PHONE, List.of(), false).action());
    assertEquals(Action.RUN, Resume.afterListing(listFirst, BatchFactor.PHONE, List.of(recovery(), app(false)), false)
        .action(), "other factors say nothing about this one");
    assertEquals(Action.RUN, Resume.afterListing(listFirst, BatchFactor.AUTHENTICATOR_APP, List.of(sms(true)), false)
        .action());
  }

  @Test
  void anActiveOneMeansDoneAndAnInactiveOneMeansAMessageWentOut() {
    Decision listFirst = Resume.decide(entry(Phase.SENDING), NOW);

    assertEquals(new Decision(Action.SKIP, null, "sms|dev_1"),
        Resume.afterListing(listFirst, BatchFactor.PHONE, List.of(recovery(), sms(true), voice(true)), false));
    assertEquals(new Decision(Action.SKIP, null, "totp|dev_3"),
        Resume.afterListing(listFirst, BatchFactor.AUTHENTICATOR_APP, List.of(app(true)), false));

    assertEquals(new Decision(Action.OUTCOME_UNKNOWN, SENT_AT, null),
        Resume.afterListing(listFirst, BatchFactor.PHONE, List.of(sms(false), voice(false)), false));
    assertEquals(new Decision(Action.OUTCOME_UNKNOWN, SENT_AT, null),
        Resume.afterListing(listFirst, BatchFactor.VOICE, List.of(sms(false)), false), "sms and voice are twins");
    assertEquals(Action.RUN, Resume.afterListing(listFirst, BatchFactor.PHONE, List.of(sms(false)), true).action(),
        "--resend-unknown sends again");
    assertEquals(Action.RUN, Resume.afterListing(listFirst, BatchFactor.AUTHENTICATOR_APP, List.of(app(false)), false)
        .action(), "an app's association sends nothing, so it is made again without being asked");
  }

  @Test
  void anActiveEmailProvesNothingForAnEmailRow() {
    Decision listFirst = Resume.decide(entry(Phase.SENDING), NOW);
    // A verified address is listed as an active email authenticator with no enrollment at all (protocol doc §14.3).
    assertEquals(new Decision(Action.OUTCOME_UNKNOWN, SENT_AT, null),
        Resume.afterListing(listFirst, BatchFactor.EMAIL, List.of(email(true)), false));
    assertEquals(Action.RUN, Resume.afterListing(listFirst, BatchFactor.EMAIL, List.of(email(true)), true).action());
  }

  @Test
  void onlyAListFirstDecisionIsDecidedByListing() {
    assertThrows(IllegalArgumentException.class,
        () -> Resume.afterListing(Resume.decide(entry(Phase.NEW), NOW), BatchFactor.PHONE, List.of(), false));
  }
}
