package dev.mfakit.cli.batch;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What a run does with a row, given what the journal says about it: pure functions, the rule that no row ever gets a
 * second message it was not asked to send.
 *
 * <ul>
 *   <li>never started, started, or failed with nothing out: {@link Action#RUN} (nothing was sent);
 *   <li>confirmed: {@link Action#SKIP};
 *   <li>answered and not confirmed: {@link Action#CONFIRM} while its code is valid, else {@link Action#EXPIRED}
 *       (sending again is a new message, the caller's decision);
 *   <li>may have been sent, unanswered: {@link Action#LIST_FIRST}: the runner lists the user's authenticators and asks
 *       {@link #afterListing}: nothing of that factor means the association never took effect ({@link Action#RUN});
 *       an active one means it is done ({@link Action#SKIP}); an inactive one means a message went out, so the row
 *       is {@link Action#OUTCOME_UNKNOWN} unless the run resends those ({@code --resend-unknown}); an inactive
 *       authenticator app is associated again ({@link Action#RUN}), which sends no message.
 * </ul>
 */
public final class Resume {
  /**
   * Codes this close to expiring are treated as expired: a confirmation needs a round trip or two, and perhaps a
   * person typing.
   */
  public static final Duration CONFIRM_MARGIN = Duration.ofSeconds(15);

  private Resume() {}

  /** What to do. */
  public enum Action {
    /** Sign in, associate, confirm: the normal journey. */
    RUN,
    /** Already done in an earlier run. */
    SKIP,
    /** Confirm the answered association kept in the journal ({@link Journal#sentAssociation}). */
    CONFIRM,
    /** The answered association's code expired; not sent again unless asked. */
    EXPIRED,
    /** List the user's authenticators, then {@link #afterListing}. */
    LIST_FIRST,
    /** A message may have gone out unanswered: reported with {@link Decision#since()}, not sent again. */
    OUTCOME_UNKNOWN
  }

  /**
   * A decision.
   *
   * @param action what to do
   * @param since for {@link Action#LIST_FIRST} and {@link Action#OUTCOME_UNKNOWN}: when the message may have been
   *     sent; otherwise null
   * @param authenticatorId for a {@link Action#SKIP} found by listing: the active authenticator; otherwise null
   */
  public record Decision(Action action, Instant since, String authenticatorId) {
    static Decision of(Action action) {
      return new Decision(action, null, null);
    }
  }

  /**
   * The decision from the journal alone.
   *
   * @param entry the row's entry
   * @param now the current time (for code expiry)
   */
  public static Decision decide(JournalEntry entry, Instant now) {
    return switch (entry.phase()) {
      case NEW, STARTED, FAILED -> Decision.of(Action.RUN);
      case CONFIRMED -> Decision.of(Action.SKIP);
      case SENT -> entry.confirmableUntil() != null && now.plus(CONFIRM_MARGIN).isBefore(entry.confirmableUntil())
          ? Decision.of(Action.CONFIRM) : Decision.of(Action.EXPIRED);
      case SENDING -> new Decision(Action.LIST_FIRST, entry.sendingAt(), null);
    };
  }

  /**
   * The decision for a {@link Action#LIST_FIRST} row once the user's authenticators are listed (with a fresh sign-in).
   *
   * @param listFirst the decision that asked for the list
   * @param factor the row's factor
   * @param authenticators the user's authenticators, active or not
   * @param resendUnknown whether the run sends again where a message may have gone out ({@code --resend-unknown})
   */
  public static Decision afterListing(Decision listFirst, BatchFactor factor, List<Authenticator> authenticators,
      boolean resendUnknown) {
    if (listFirst.action() != Action.LIST_FIRST) {
      throw new IllegalArgumentException("only a LIST_FIRST decision is decided by listing");
    }
    Authenticator active = null;
    boolean any = false;
    for (Authenticator a : authenticators) {
      if (isOf(factor, a)) {
        any = true;
        if (a.active() && active == null) {
          active = a;
        }
      }
    }
    if (!any) {
      return Decision.of(Action.RUN);
    }
    // A verified e-mail address is listed as an active email authenticator without any enrollment (protocol doc
    // §14.3): an active one proves nothing for an e-mail row.
    if (active != null && factor != BatchFactor.EMAIL) {
      return new Decision(Action.SKIP, null, active.id());
    }
    // An app's association sends nothing: associating again costs nobody a message (its secret was never recorded,
    // so the inactive one cannot be confirmed).
    return resendUnknown || !factor.sendsMessage() ? Decision.of(Action.RUN)
        : new Decision(Action.OUTCOME_UNKNOWN, listFirst.since(), null);
  }

  /** Whether an association of {@code factor} creates {@code a} (SMS and voice come as twins). */
  static boolean isOf(BatchFactor factor, Authenticator a) {
    return switch (factor) {
      case PHONE, VOICE -> a.authenticatorType() == AuthenticatorType.OOB
          && (a.oobChannel() == OobChannel.SMS || a.oobChannel() == OobChannel.VOICE);
      case EMAIL -> a.authenticatorType() == AuthenticatorType.OOB && a.oobChannel() == OobChannel.EMAIL;
      case AUTHENTICATOR_APP -> a.authenticatorType() == AuthenticatorType.OTP;
    };
  }
}
