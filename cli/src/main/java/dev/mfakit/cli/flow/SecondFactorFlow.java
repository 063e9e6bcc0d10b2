package dev.mfakit.cli.flow;

import dev.mfakit.cli.Failure;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Passing the second factor of a sign-in: pick an authenticator, challenge it, and answer the challenge (the code, or
 * the push approval) in this run or, saved in a state file, in a later one.
 */
public final class SecondFactorFlow {
  /** How long a sent code lasts (the challenge answer does not say; protocol doc §9). */
  public static final Duration CODE_LIFETIME = Duration.ofMinutes(5);

  private final MfaClient client;
  private final CodeSource codes;
  private final Progress progress;
  private final Clock clock;

  /**
   * @param client the client of the tenant
   * @param codes where codes come from when the challenge is answered in this run (null if it never is)
   * @param progress where to say what was sent
   * @param clock when a challenge was sent, for its expiry
   */
  public SecondFactorFlow(MfaClient client, CodeSource codes, Progress progress, Clock clock) {
    this.client = client;
    this.codes = codes;
    this.progress = progress;
    this.clock = clock;
  }

  /**
   * A challenge sent, waiting for its answer.
   *
   * @param authenticator the authenticator challenged
   * @param challenge the tenant's answer
   * @param pending what answering needs (its expiry: when the sent code stops working, null for an app's code)
   */
  public record Challenged(Authenticator authenticator, Challenge challenge, Pending pending) {}

  /**
   * Picks the authenticator to challenge: {@code id} when given, else the first active one of {@code type}
   * ({@code otp}, {@code oob}, or null for any) that is not a recovery code.
   *
   * @param list the user's authenticators
   * @param id the authenticator asked for, or null
   * @param type the type asked for, or null
   * @param instead how to use a recovery code with this verb, for when {@code id} is the recovery-code entry
   * @return the authenticator
   * @throws Failure exit 2 for the recovery-code entry; exit 3 when there is no such (active) authenticator
   */
  public static Authenticator choose(List<Authenticator> list, String id, String type, String instead) {
    if (id != null) {
      for (Authenticator a : list) {
        if (a.id().equals(id)) {
          if (a.authenticatorType() == AuthenticatorType.RECOVERY_CODE) {
            throw AuthenticatorIds.notChallenged(instead);
          }
          if (!a.active()) {
            throw Failure.refused("authenticator " + id + " is not active (it was never confirmed). Pick an"
                + " active one from ", "mfa authenticators list", null);
          }
          return a;
        }
      }
      throw AuthenticatorIds.unknown(id, null);
    }
    for (Authenticator a : list) {
      if (a.active() && a.authenticatorType() != AuthenticatorType.RECOVERY_CODE && matches(a, type)) {
        return a;
      }
    }
    throw Failure.refused("this user has no active " + (type == null ? "" : type + " ") + "second factor."
        + " Enroll one first, e.g. ", "mfa associate --phone +15551234567", null);
  }

  private static boolean matches(Authenticator a, String type) {
    if (type == null) {
      return true;
    }
    return type.equals("otp") ? a.authenticatorType() == AuthenticatorType.OTP
        : a.authenticatorType() == AuthenticatorType.OOB;
  }

  /**
   * Challenges {@code authenticator}: sends its code or push, or (an app) just starts the check.
   *
   * @param mfaToken the mfa_token of the sign-in
   * @param authenticator the authenticator to challenge
   * @return the challenge, waiting for its answer
   */
  public Challenged challenge(MfaToken mfaToken, Authenticator authenticator) {
    Instant sentAt = clock.instant();
    Challenge challenge = client.challenge(mfaToken, ChallengeRequest.forAuthenticator(authenticator));
    boolean otp = challenge.challengeType() == ChallengeType.OTP;
    FactorKind kind = otp ? FactorKind.AUTHENTICATOR_APP : FactorKind.of(authenticator);
    Pending pending = new Pending(kind, mfaToken, challenge.oobCode(), otp ? null : sentAt.plus(CODE_LIFETIME),
        authenticator.name(), null);
    return new Challenged(authenticator, challenge, pending);
  }

  /**
   * Passes the second factor in this run: chooses, challenges, gets the answer and verifies it.
   *
   * @param mfaToken the mfa_token of the sign-in
   * @param list the user's authenticators, read with {@code mfaToken}
   * @param authenticatorId the authenticator asked for, or null for the first active one
   * @param instead how to use a recovery code with this verb (see {@link #choose})
   * @return the tokens, and the authenticator that passed
   */
  public Passed pass(MfaToken mfaToken, List<Authenticator> list, String authenticatorId, String instead) {
    return pass(mfaToken, list, authenticatorId, instead, FactorPicker.FIRST);
  }

  /**
   * As {@link #pass(MfaToken, List, String, String)}: when no authenticator is asked for and the user has several,
   * {@code picker} picks one.
   *
   * @param picker picks among several
   * @return the tokens, and the authenticator that passed
   */
  public Passed pass(MfaToken mfaToken, List<Authenticator> list, String authenticatorId, String instead,
      FactorPicker picker) {
    return pass(mfaToken, pick(list, authenticatorId, null, instead, picker, progress));
  }

  /**
   * The authenticator to challenge: {@code id} when given (see {@link #choose}); else, of several of {@code type},
   * the one {@code picker} picks; else the only one.
   *
   * @param list the user's authenticators
   * @param id the authenticator asked for, or null
   * @param type {@code otp}, {@code oob}, or null for any
   * @param instead how to use a recovery code with this verb
   * @param picker picks among several
   * @param progress where the picker shows the list or says what it picked
   * @return the authenticator
   * @throws Failure as {@link #choose}
   */
  public static Authenticator pick(List<Authenticator> list, String id, String type, String instead,
      FactorPicker picker, Progress progress) {
    if (id == null) {
      List<Authenticator> choices = challengeable(list).stream().filter(a -> matches(a, type)).toList();
      if (choices.size() > 1) {
        return picker.pick(choices, progress);
      }
    }
    return choose(list, id, type, instead);
  }

  /**
   * Passes the second factor in this run with {@code authenticator}: challenges it, gets the answer and verifies it.
   * A code or push that expired is sent again once; a new code is sent whenever the person asks for one
   * ({@link SendAgain}) and the tenant agrees.
   *
   * @param mfaToken the mfa_token of the sign-in
   * @param authenticator an active authenticator of the user (see {@link #challengeable})
   * @return the tokens, and the authenticator that passed
   */
  public Passed pass(MfaToken mfaToken, Authenticator authenticator) {
    Challenged challenged = challenge(mfaToken, authenticator);
    Factor factor = challenged.pending().factor().answering(authenticator.name());
    factor.challenged(progress);
    boolean renewed = false;
    while (true) {
      try {
        Tokens tokens = factor.confirm(challenged.pending(), new Confirming(client, codes, progress));
        return new Passed(FactorUsed.listed(authenticator), tokens);
      } catch (SendAgain asked) {
        try {
          challenged = challenge(mfaToken, authenticator);
          factor.challenged(progress);
        } catch (MfaApiException e) {
          if (e.reason() != ErrorReason.RATE_LIMITED) {
            throw e;
          }
          progress.warn(SendAgain.tooSoon(e)); // the code sent before still works
        }
      } catch (MfaApiException e) {
        if (e.reason() != ErrorReason.OOB_CODE_EXPIRED || renewed) {
          throw e;
        }
        renewed = true;
        progress.warn(factor.kind() == FactorKind.PUSH ? "The push notification expired (it lasts 5 minutes);"
            + " sending a new one." : "The code expired (codes last 5 minutes); sending a new one.");
        challenged = challenge(mfaToken, authenticator);
        factor.challenged(progress);
      }
    }
  }

  /**
   * The authenticators a sign-in can choose from, in the tenant's order: active, not the recovery-code entry, and
   * one of each set of twins.
   *
   * @param list the user's authenticators
   * @return those to offer
   */
  public static List<Authenticator> challengeable(List<Authenticator> list) {
    List<Authenticator> choices = new java.util.ArrayList<>();
    for (Authenticator a : list) {
      // Twins (sms|dev_X and voice|dev_X) are one phone, enrolled and deleted together: offered once, the first.
      if (a.active() && a.authenticatorType() != AuthenticatorType.RECOVERY_CODE && FactorKind.of(a) != null
          && choices.stream().noneMatch(c -> AuthenticatorIds.twins(List.of(c), a.id()).contains(c.id()))) {
        choices.add(a);
      }
    }
    return choices;
  }

  /**
   * Passes the second factor with an authenticator app's code known before the run ({@code --otp}): no challenge.
   *
   * @param mfaToken the mfa_token of the sign-in
   * @param otp the app's current code
   * @return the tokens
   */
  public Tokens withOtp(MfaToken mfaToken, String otp) {
    Pending pending = new Pending(FactorKind.AUTHENTICATOR_APP, mfaToken, null, null, null, null);
    return FactorKind.AUTHENTICATOR_APP.answering(null).confirm(pending,
        new Confirming(client, CodeSource.given(otp), progress));
  }

  /**
   * Passes the second factor with a recovery code. The code is spent: the tokens carry its replacement.
   *
   * @param mfaToken the mfa_token of the sign-in
   * @param recoveryCode the recovery code
   * @return the tokens, with the new recovery code
   */
  public Tokens withRecoveryCode(MfaToken mfaToken, String recoveryCode) {
    return client.verifyRecoveryCode(mfaToken, recoveryCode);
  }

  /**
   * As {@link #pass(MfaToken, List, String, String)}, reading the user's list first.
   *
   * @param mfaToken the mfa_token of the sign-in
   * @param authenticatorId the authenticator asked for, or null for the first active one
   * @param instead how to use a recovery code with this verb
   * @return the tokens, and the authenticator that passed
   */
  public Passed pass(MfaToken mfaToken, String authenticatorId, String instead) {
    return pass(mfaToken, client.listAuthenticators(mfaToken), authenticatorId, instead);
  }
}
