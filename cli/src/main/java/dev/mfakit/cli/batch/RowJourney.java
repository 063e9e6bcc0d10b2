package dev.mfakit.cli.batch;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.EnrollFlow;
import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.Factor;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.OobFactor;
import dev.mfakit.cli.flow.OtpFactor;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.flow.ResumeFlow;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.InvalidInputException;
import dev.mfakit.client.Mask;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaDecodingException;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaNetworkException;
import dev.mfakit.client.MfaOutcomeUnknownException;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.Totp;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One row's journey, as the journal says it stands: the enrollment journey of {@code mfa associate} ({@link
 * SignInFlow}, then {@link EnrollFlow} up to the association, then {@link ResumeFlow} with the row's code), with the
 * journal written around every step, so that a run killed at any moment can be resumed without a second message to
 * anyone:
 *
 * <ol>
 *   <li>{@code started}, sign in (an e-mail row also lists the user's e-mail authenticators, so that a verified
 *       address, listed as active with no enrollment, is never taken for the row's);
 *   <li>{@code association_sending}, on disk before the request that sends the message goes;
 *   <li>the answer: the recovery code and the app's secret to their files first, then {@code association_sent} with
 *       what confirming a message needs;
 *   <li>the code (computed from the secret, from {@code --code-command} or from {@code --codes}), the confirmation,
 *       {@code confirmed}.
 * </ol>
 *
 * <p>The flow's own restarts (a new code when one expired, a new sign-in) are not used: a second message for a row
 * is sent only when the run is asked to ({@code --resend-expired}, {@code --resend-unknown}), and never to a row the
 * tenant lists as active: a run killed after the tenant applied a confirmation and before the journal recorded it
 * left such a row, and its code expires while nobody looks.
 */
final class RowJourney {
  /** Why a row that succeeded still fails the run (exit 7): see {@link RowResult#recoveryCodeLost()}. */
  static final String RECOVERY_CODE_LOST = "the recovery code was shown by an earlier association whose answer was"
      + " lost; an administrator must regenerate it";
  private static final String NOTHING_SENT_YET = "nothing was sent to this row yet; run mfa batch with --send-only"
      + " (or --code-command) first";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);
  /**
   * The batch stops its flows at the association and confirms with {@link ResumeFlow}, so that every message it
   * sends is in the journal first: a flow that asks for a code is a bug.
   */
  private static final CodeSource NO_CODES = CodeSource.from(request -> {
    throw new IllegalStateException("the batch confirms after the association is kept; no flow asks it for a code");
  });

  private final BatchRun.Options o;
  private final BatchRow row;
  private final Progress progress;
  /** The row as the journal stood when this run began. */
  private final JournalEntry entry;
  /** What the journal kept of the row's answered association, when it has one ({@link JournalEntry.Phase#SENT}). */
  private SentAssociation kept;
  /** The recovery code this run's association handed out, reported with the row's result. */
  private String recoveryCode;
  /**
   * For an e-mail row: the e-mail authenticators the user had before the row's latest association, or null when not
   * known (then no active e-mail authenticator proves the row's confirmation).
   */
  private Set<String> emailIdsBefore;
  /** Whether this run already associated the row again (once at most). */
  private boolean resent;

  RowJourney(BatchRun.Options options, BatchRow row) {
    this.o = options;
    this.row = row;
    this.progress = options.progress().apply(row);
    this.entry = options.journal().state().entry(row.line());
  }

  /**
   * Takes the row as far as this run takes it.
   *
   * @return the row's result, or null when the run is stopping (Ctrl-C) and the row is left as the journal says it
   *     stands, for the next run
   * @throws BatchRun.Stopped when the tenant cannot be reached, or refuses the application itself: no row could
   *     succeed, so the run stops (this row's journal says nothing was sent, or what was)
   * @throws IOException when the journal or an output file cannot be written
   */
  RowResult run() throws IOException, InterruptedException {
    Resume.Decision decision = Resume.decide(entry, o.clock().instant());
    if (entry.phase() == JournalEntry.Phase.SENT) {
      kept = o.journal().sentAssociation(entry);
      emailIdsBefore = kept.emailIdsBefore();
    }
    return switch (decision.action()) {
      case SKIP -> result(RowStatus.SKIPPED, o.journal().authenticatorId(entry), "confirmed in an earlier run",
          null);
      case RUN -> sendsNewRow() ? enroll(null) : failed(NOTHING_SENT_YET);
      case CONFIRM -> row.factor().sendsMessage() ? confirmKept() : settleByListing(entry.sendingAt());
      case EXPIRED -> settleByListing(entry.sendingAt());
      case LIST_FIRST -> listFirst(decision);
      case OUTCOME_UNKNOWN -> outcomeUnknown(decision.since());
    };
  }

  /** A row the journal never saw sent anything: this run sends it, unless it only confirms ({@code --codes}). */
  private boolean sendsNewRow() {
    return !row.factor().sendsMessage() || o.codes().sendsNewRows();
  }

  // ---- the journey -----------------------------------------------------------------------------------------

  /**
   * Sign in (unless {@code mfaToken} is one already), associate, keep the answer, confirm.
   *
   * @param mfaToken a token this run just signed in with, or null
   */
  private RowResult enroll(MfaToken mfaToken) throws IOException, InterruptedException {
    MfaToken token = mfaToken;
    if (token == null) {
      o.journal().started(row);
      try {
        token = signIn();
      } catch (RowFailed f) {
        o.journal().failed(row, f.getMessage());
        return failed(f.getMessage());
      }
    }
    Set<String> before = row.factor() == BatchFactor.EMAIL ? emailIds(token) : null;
    boolean associatedBefore = resent || entry.phase() == JournalEntry.Phase.SENT
        || entry.phase() == JournalEntry.Phase.SENDING;
    o.journal().sending(row);
    Instant sendingAt = o.clock().instant();
    EnrollResult.Associated associated;
    try {
      associated = (EnrollResult.Associated) new EnrollFlow(o.client(), NO_CODES, progress)
          .enroll(new MfaTokenSource.Given(token), factor(), EnrollFlow.Until.ASSOCIATED);
    } catch (MfaOutcomeUnknownException | MfaDecodingException e) {
      o.journal().outcomeUnknown(row);
      return outcomeUnknown(sendingAt);
    } catch (MfaNetworkException e) {
      o.journal().refused(row, "could not reach the tenant");
      throw new BatchRun.Stopped(e);
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.SERVER_ERROR) {
        // A 5xx says nothing about whether the association was applied.
        o.journal().outcomeUnknown(row);
        return outcomeUnknown(sendingAt);
      }
      stopIfTheApplicationIsRefused(e);
      if (e.reason() == ErrorReason.ALREADY_ENROLLED && associatedBefore) {
        // An earlier association of this row may be the active factor (its confirmation applied, never recorded).
        RowResult done = skippedIfActive(token, "already active (found by listing the user's authenticators when"
            + " the tenant refused a new association)");
        if (done != null) {
          return done;
        }
      }
      String reason = e.reason() == ErrorReason.ALREADY_ENROLLED
          ? "this user already has an active second factor, so nothing was sent (an mfa_token enrolls only a"
              + " user's first factor)" : o.describe().apply(e);
      o.journal().refused(row, reason);
      return failed(reason);
    }
    emailIdsBefore = before;
    Pending pending = associated.pending();
    Association association = pending.association();
    // An app's association is never confirmed from the journal (it is made anew): its mfa_token is not kept.
    SentAssociation sent = new SentAssociation(row.factor().sendsMessage() ? token.value() : null,
        token.expiresAt(), association.oobCode(), association.oobCodeExpiresAt(), before);
    // What a person must never lose goes to its files first, then the journal: a kill in between leaves the
    // association unrecorded (reported as outcome unknown), never a handed-out code unkept.
    String recoveryCodeGiven = null;
    if (!associated.recoveryCodes().isEmpty()) {
      recoveryCode = associated.recoveryCodes().get(0);
      try {
        o.recoveryCodes().add(row.username(), recoveryCode);
      } catch (OutputFileFailed e) {
        // Shown now, or lost: the tenant shows a user's recovery code once. Then the run stops (exit 1).
        o.alert().accept("line " + row.line() + " " + row.username() + ": " + e.getMessage() + "; the recovery"
            + " code of " + row.username() + ", shown only now: " + recoveryCode);
        o.journal().sent(row, sent, "stderr");
        throw new OutputFileFailed(e.getMessage() + "; the recovery code it could not keep is printed above", e);
      }
      recoveryCodeGiven = "recovery-codes-file";
    }
    if (association.secret() != null) {
      o.secrets().add(row.username(), association.secret());
    }
    o.journal().sent(row, sent, recoveryCodeGiven);
    if (row.factor().sendsMessage() && !o.codes().confirmsWhatItSends()) {
      return result(RowStatus.SENT, null, null, sendingAt);
    }
    return confirm(pending, sendingAt, association.secret(), false);
  }

  /** The row's password sign-in; a user that needs no MFA, or a refusal, fails the row. */
  private MfaToken signIn() {
    PasswordSignIn request;
    try {
      request = PasswordSignIn.of(row.username(), row.password() != null ? row.password() : o.password());
      if (o.realm() != null) {
        request = request.withRealm(o.realm());
      }
    } catch (InvalidInputException e) {
      throw new RowFailed("cannot sign in: " + e.field() + " " + e.rule());
    }
    try {
      return new SignInFlow(o.client(), progress).mfaToken(new MfaTokenSource.SignIn(request),
          EnrollFlow.NOTHING_ENROLLED);
    } catch (Failure f) {
      throw new RowFailed(f.getMessage());
    } catch (MfaOutcomeUnknownException | MfaDecodingException e) {
      throw new RowFailed("no answer to the sign-in, so nothing was sent; run again to retry the row");
    } catch (MfaNetworkException e) {
      throw new BatchRun.Stopped(e);
    } catch (MfaApiException e) {
      stopIfTheApplicationIsRefused(e);
      throw new RowFailed(o.describe().apply(e));
    }
  }

  /**
   * Gets the row's code and confirms the association.
   *
   * @param secret the app's secret, or null
   * @param earlierRun whether the association comes from an earlier run (kept in the journal)
   */
  private RowResult confirm(Pending pending, Instant sentAt, String secret, boolean earlierRun)
      throws IOException, InterruptedException {
    String code;
    if (secret != null) {
      code = Totp.fromBase32(secret).codeAt(o.clock().instant());
    } else {
      try {
        code = o.codes().codeFor(row, sentAt);
      } catch (CodeCommand.Failed e) {
        if (o.stopping().getAsBoolean() || (e.signalled() && stoppingSoon())) {
          // Ctrl-C reached the code command as well (as it started): not the row's failure. The next run confirms
          // it (a failure does not change a sent row in the journal).
          return null;
        }
        o.journal().failed(row, e.getMessage());
        return failed(e.getMessage() + "; the code sent at " + time(sentAt) + " is kept: run again to retry"
            + until(pending));
      }
      if (code == null) {
        return result(RowStatus.SENT, null, o.codes().source() + " has no code for this user" + until(pending),
            sentAt);
      }
    }
    EnrollResult.Confirmed confirmed;
    try {
      confirmed = new ResumeFlow(o.client()).finishEnrollment(pending, code);
    } catch (MfaOutcomeUnknownException | MfaDecodingException e) {
      return activeAfterAll(pending.mfaToken(), "no answer to the confirmation; run again to retry"
          + until(pending));
    } catch (MfaNetworkException e) {
      throw new BatchRun.Stopped(e);
    } catch (MfaApiException e) {
      stopIfTheApplicationIsRefused(e);
      return refusedConfirmation(pending, e, earlierRun);
    }
    String id = confirmed.factor().id();
    List<Authenticator> list = null;
    if (emailIdsBefore != null && (id == null || emailIdsBefore.contains(id))) {
      // The flow took the first active e-mail authenticator: a verified address is one (with no enrollment).
      list = listWith(pending.mfaToken());
      Authenticator own = list == null ? null : activeOfRow(list);
      id = own != null ? own.id() : id;
    }
    o.journal().confirmed(row, id);
    return done(RowStatus.CONFIRMED, id, id != null ? null
        : "confirmed, but the list of authenticators to find its id could not be read", list, pending.mfaToken());
  }

  private RowResult refusedConfirmation(Pending pending, MfaApiException e, boolean earlierRun)
      throws IOException, InterruptedException {
    switch (e.reason()) {
      case OOB_CODE_EXPIRED, MFA_TOKEN_EXPIRED -> {
        o.journal().failed(row, "expired");
        return settleByListing(null);
      }
      case SERVER_ERROR -> {
        return activeAfterAll(pending.mfaToken(), "the tenant failed (HTTP " + e.status() + ") on the"
            + " confirmation; run again to retry" + until(pending));
      }
      case OOB_CODE_INVALID, WRONG_OTP -> {
        if (earlierRun) {
          // An earlier run's confirmation that went through unrecorded (killed after sending it) uses the code up.
          return activeAfterAll(pending.mfaToken(), reasonFor(e));
        }
        o.journal().failed(row, reasonFor(e));
        return failed(reasonFor(e));
      }
      default -> {
        o.journal().failed(row, reasonFor(e));
        return failed(reasonFor(e));
      }
    }
  }

  private String reasonFor(MfaApiException e) {
    return switch (e.reason()) {
      case WRONG_BINDING_CODE -> "the code from " + o.codes().source() + " is not right; the message is kept: run"
          + " again (with the right code) to retry";
      case WRONG_OTP -> "the tenant refused the code computed from the app's secret (the machine's clock may be"
          + " off)";
      default -> o.describe().apply(e);
    };
  }

  /**
   * After a confirmation whose outcome is unclear: the tenant's list decides. An active authenticator that this
   * row's association made means it went through; otherwise the row failed for {@code reason}, its association
   * still kept.
   *
   * @param token the mfa_token of the association (from this run or kept: it may have expired since)
   */
  private RowResult activeAfterAll(Bearer token, String reason) throws IOException {
    List<Authenticator> list = listWith(token);
    Authenticator active = list == null ? null : activeOfRow(list);
    if (active != null) {
      o.journal().confirmed(row, active.id());
      return done(RowStatus.CONFIRMED, active.id(), null, list, null);
    }
    o.journal().failed(row, reason);
    return failed(reason);
  }

  // ---- resuming --------------------------------------------------------------------------------------------

  /** A message's association an earlier run made and kept in the journal, still valid: confirm it. */
  private RowResult confirmKept() throws IOException, InterruptedException {
    if (!o.codes().confirms()) {
      return result(RowStatus.SENT, null, "sent in an earlier run; waiting for its code" + until(
          entry.confirmableUntil()), entry.sendingAt());
    }
    MfaToken token = new MfaToken(kept.mfaToken(), kept.mfaTokenExpiresAt());
    Pending pending = new Pending(kind(), token, kept.oobCode(), kept.oobCodeExpiresAt(), maskedRecipient(), null);
    return confirm(pending, entry.sendingAt(), null, true);
  }

  /**
   * An answered association that cannot be confirmed as kept: its code expired, or it is an app's (whose secret the
   * journal does not keep). A run killed after the tenant applied the confirmation and before the journal recorded
   * it left the row enrolled, so the tenant's list decides first: an active authenticator of the row means done.
   * Otherwise an app is simply associated anew (nothing is sent); a message is sent again only with {@code
   * --resend-expired}.
   *
   * @param sentAt when the expired code was sent, or null
   */
  private RowResult settleByListing(Instant sentAt) throws IOException, InterruptedException {
    MfaToken token;
    List<Authenticator> authenticators;
    try {
      token = signIn();
      authenticators = o.client().listAuthenticators(token);
    } catch (RowFailed f) {
      return failed(f.getMessage() + " (listing the authenticators of a row whose code " + (row.factor()
          .sendsMessage() ? "expired" : "was not kept") + ")");
    } catch (MfaNetworkException e) {
      throw new BatchRun.Stopped(e);
    } catch (MfaException e) {
      return failed("could not list the user's authenticators to learn whether the row was confirmed ("
          + o.describe().apply(e) + "); run again to retry");
    }
    Authenticator active = activeOfRow(authenticators);
    if (active != null) {
      o.journal().confirmed(row, active.id());
      return done(RowStatus.SKIPPED, active.id(), "already active (found by listing the user's authenticators)",
          authenticators, token);
    }
    if ((!row.factor().sendsMessage() || o.resendExpired()) && !resent) {
      resent = true;
      return enroll(token);
    }
    return failed(row.factor().sendsMessage() ? "the code sent" + (sentAt == null ? "" : " at " + time(sentAt))
        + " expired before it was confirmed (codes last 5 minutes); run again with --resend-expired to send a new"
        + " one" : "the app's association could not be confirmed; run again to associate it anew");
  }

  /**
   * An association may have gone out and was never answered: the user's authenticators decide. None of the factor:
   * it never took effect, so the row runs (with the same sign-in). An active one: done. An inactive one: a message
   * went out, and is not sent again unless asked.
   */
  private RowResult listFirst(Resume.Decision decision) throws IOException, InterruptedException {
    MfaToken token;
    List<Authenticator> authenticators;
    try {
      token = signIn();
      authenticators = o.client().listAuthenticators(token);
    } catch (RowFailed f) {
      return failed(f.getMessage() + " (listing the authenticators of a row whose message may be out)");
    } catch (MfaNetworkException e) {
      throw new BatchRun.Stopped(e);
    } catch (MfaException e) {
      return failed("could not list the user's authenticators to learn whether a message went out ("
          + o.describe().apply(e) + "); run again to retry");
    }
    Resume.Decision after = Resume.afterListing(decision, row.factor(), authenticators, o.resendUnknown());
    return switch (after.action()) {
      case RUN -> sendsNewRow() || o.resendUnknown() ? enroll(token) : failed(NOTHING_SENT_YET);
      case SKIP -> {
        o.journal().confirmed(row, after.authenticatorId());
        yield done(RowStatus.SKIPPED, after.authenticatorId(), "already active (found by listing the user's"
            + " authenticators)", authenticators, token);
      }
      default -> outcomeUnknown(after.since());
    };
  }

  private RowResult outcomeUnknown(Instant since) {
    String at = since == null ? "" : " at " + time(since);
    return result(RowStatus.OUTCOME_UNKNOWN, null, row.factor().sendsMessage()
        ? "a message may have been sent" + at + " and was never answered; it is not sent again: check with mfa"
            + " authenticators list, or run again with --resend-unknown"
        : "the association sent" + at + " was never answered; run again to associate the app anew (that sends"
            + " nothing)", since);
  }

  // ---- the tenant's list -----------------------------------------------------------------------------------

  /**
   * The active authenticator this row's enrollment made, in {@code list}, or null. For an e-mail row only one that
   * was not there before its association counts: a verified address is listed as an active e-mail authenticator
   * without any enrollment (docs/protocol.md, "Authenticators").
   */
  private Authenticator activeOfRow(List<Authenticator> list) {
    for (Authenticator a : list) {
      if (a.active() && Resume.isOf(row.factor(), a) && (row.factor() != BatchFactor.EMAIL
          || (emailIdsBefore != null && !emailIdsBefore.contains(a.id())))) {
        return a;
      }
    }
    return null;
  }

  /** Skipped, when the user's list has the row's active authenticator; else null. */
  private RowResult skippedIfActive(Bearer token, String reason) throws IOException {
    List<Authenticator> list = listWith(token);
    Authenticator active = list == null ? null : activeOfRow(list);
    if (active == null) {
      return null;
    }
    o.journal().confirmed(row, active.id());
    return done(RowStatus.SKIPPED, active.id(), reason, list, null);
  }

  /** The e-mail authenticators the user has now (before the row's association), or null when the list fails. */
  private Set<String> emailIds(MfaToken token) {
    try {
      Set<String> ids = new HashSet<>();
      for (Authenticator a : o.client().listAuthenticators(token)) {
        if (Resume.isOf(BatchFactor.EMAIL, a)) {
          ids.add(a.id());
        }
      }
      return ids;
    } catch (MfaNetworkException e) {
      throw new BatchRun.Stopped(e);
    } catch (MfaException e) {
      return null;
    }
  }

  /**
   * The user's list, with {@code token} or, when the tenant refuses it (an mfa_token kept from an earlier run may
   * have expired), with a new sign-in; null when it cannot be read.
   */
  private List<Authenticator> listWith(Bearer token) {
    try {
      return o.client().listAuthenticators(token);
    } catch (MfaNetworkException e) {
      throw new BatchRun.Stopped(e);
    } catch (MfaException e) {
      try {
        return o.client().listAuthenticators(signIn());
      } catch (MfaNetworkException again) {
        throw new BatchRun.Stopped(again);
      } catch (RowFailed | MfaException again) {
        return null;
      }
    }
  }

  // ---- pieces ----------------------------------------------------------------------------------------------

  /**
   * Whether the run is told to stop within a moment: the JVM handles the terminal's SIGINT on a thread of its own,
   * so a code command the same Ctrl-C ended can fail before the run hears of it.
   */
  private boolean stoppingSoon() throws InterruptedException {
    for (int i = 0; i < 50 && !o.stopping().getAsBoolean(); i++) {
      Thread.sleep(10);
    }
    return o.stopping().getAsBoolean();
  }

  /**
   * Stops the run when the tenant refuses the application itself (its credentials, a grant it lacks): no row could
   * succeed.
   */
  private static void stopIfTheApplicationIsRefused(MfaApiException e) {
    if (e.reason() == ErrorReason.INVALID_CLIENT || e.reason() == ErrorReason.UNAUTHORIZED_CLIENT) {
      throw new BatchRun.Stopped(e);
    }
  }

  /** The row's factor as the flows know it, built to enroll. */
  private Factor factor() {
    return switch (row.factor()) {
      case PHONE -> OobFactor.sms(row.recipient());
      case VOICE -> OobFactor.voice(row.recipient());
      case EMAIL -> OobFactor.email(row.recipient());
      case AUTHENTICATOR_APP -> OtpFactor.authenticatorApp();
    };
  }

  private FactorKind kind() {
    return switch (row.factor()) {
      case PHONE -> FactorKind.SMS;
      case VOICE -> FactorKind.VOICE;
      case EMAIL -> FactorKind.EMAIL;
      case AUTHENTICATOR_APP -> FactorKind.AUTHENTICATOR_APP;
    };
  }

  private String maskedRecipient() {
    return row.recipient() == null ? null : Mask.recipient(row.recipient());
  }

  private static String until(Pending pending) {
    Instant until = pending.expiresAt() != null ? pending.expiresAt() : pending.mfaToken().expiresAt();
    return until(until);
  }

  private static String until(Instant until) {
    return until == null ? "" : " (its code is valid until " + time(until) + ")";
  }

  private static String time(Instant t) {
    return TIME.format(t);
  }

  private RowResult failed(String reason) {
    return result(RowStatus.FAILED, null, reason, null);
  }

  private RowResult result(RowStatus status, String authenticatorId, String reason, Instant sentAt) {
    return new RowResult(row.line(), row.username(), row.factor(), status, authenticatorId, reason, recoveryCode,
        sentAt, false);
  }

  /**
   * A row that is done (confirmed now, or found active), unless its user's recovery code is lost: the row handed
   * out none (the tenant shows one on a user's first association only), and yet the user has an active one that
   * this batch never kept (in its file or on the screen). Then an association whose answer was lost showed it, and
   * nobody holds it: the result says so, and the run does not count the row as a success.
   *
   * @param list the user's list after the row's confirmation, or null to read it with {@code token} when needed
   */
  private RowResult done(RowStatus status, String authenticatorId, String reason, List<Authenticator> list,
      Bearer token) throws IOException {
    boolean lost = false;
    if (recoveryCode == null && !o.journal().state().recoveryCodeGiven(row.line())) {
      List<Authenticator> after = list != null ? list : token == null ? null : listWith(token);
      lost = after != null && after.stream()
          .anyMatch(a -> a.active() && a.authenticatorType() == AuthenticatorType.RECOVERY_CODE)
          && !o.recoveryCodes().holds(row.username());
    }
    return new RowResult(row.line(), row.username(), row.factor(), status, authenticatorId,
        !lost ? reason : reason == null ? RECOVERY_CODE_LOST : reason + "; " + RECOVERY_CODE_LOST, recoveryCode,
        null, lost);
  }

  /** The row fails; the journal says nothing was sent. */
  private static final class RowFailed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    RowFailed(String reason) {
      super(reason, null, false, false);
    }
  }
}
