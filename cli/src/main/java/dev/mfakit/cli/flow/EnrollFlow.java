package dev.mfakit.cli.flow;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Association;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaDecodingException;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaOutcomeUnknownException;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.Tokens;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Enrolling a second factor: get an mfa_token, associate the factor, tell the person what was sent, confirm it (or
 * stop, to confirm in a later run), and report the factor from the tenant's list. Once: a code that expired is sent
 * again, and an mfa_token that expired is replaced by signing in again (when this run signed in). For a user who
 * already has a factor (the tenant answers "already enrolled"), and when told how ({@link #passingFirst}), it passes
 * that factor first for an access token to the MFA API with scope {@code enroll}, then enrolls and confirms with that
 * token (docs/protocol.md, "Confirming an enrolment made with an access token"); an access token given to the run
 * does the same ({@link #enroll(AccessToken, Factor, Until)}). The same journey serves a person at a terminal and a
 * script or batch row: the factor, the code source and the progress decide how it talks; nothing here reads or
 * prints anything itself.
 */
public final class EnrollFlow {
  /** What a sign-in that needs no MFA means for an enrollment, as {@link SignInFlow#mfaToken} says it. */
  public static final String NOTHING_ENROLLED = "so nothing was enrolled";

  /** Where the journey ends. */
  public enum Until {
    /** After the association: the result holds what confirming needs (a split journey, a send-only batch). */
    ASSOCIATED,
    /** After the confirmation. */
    CONFIRMED
  }

  private final MfaClient client;
  private final SignInFlow signIn;
  private final CodeSource codes;
  private final Progress progress;
  private MfaApiAccess.Passing passing;
  private Clock clock;

  /**
   * @param client the client of the tenant
   * @param codes where the confirming code comes from (unused with {@link Until#ASSOCIATED}), and the code of the
   *     existing factor when one is passed first
   * @param progress where progress and warnings go
   */
  public EnrollFlow(MfaClient client, CodeSource codes, Progress progress) {
    this.client = client;
    this.signIn = new SignInFlow(client, progress);
    this.codes = codes;
    this.progress = progress;
  }

  /**
   * Lets {@link #enroll(MfaTokenSource, Factor, Until)} add a factor for a user who has one, when it signs in: it
   * signs in again for the MFA API and passes the existing factor as {@code passing} says. Without this, such a user
   * is refused as the tenant refuses them ("already enrolled").
   *
   * @param passing how to pass the existing factor
   * @param clock the time source, for the challenge's expiry
   * @return this flow
   */
  public EnrollFlow passingFirst(MfaApiAccess.Passing passing, Clock clock) {
    this.passing = passing;
    this.clock = clock;
    return this;
  }

  /**
   * Runs the journey.
   *
   * @param source where the mfa_token comes from
   * @param factor what to enroll (built to enroll: {@link Factor#enrollment()} is not null)
   * @param until where to stop
   * @return {@link EnrollResult.Associated} or {@link EnrollResult.Confirmed}, per {@code until}
   * @throws EnrollmentInterrupted when the journey failed after an association issued recovery codes, after a
   *     recovery code was spent to pass the existing factor, or while confirming with the factor maybe active (its
   *     cause is the failure)
   */
  public EnrollResult enroll(MfaTokenSource source, Factor factor, Until until) {
    return run(new Journey(source, null, factor), until);
  }

  /**
   * Adds a factor with an access token for the MFA API with scope {@code enroll} (the user passed their factor for
   * it elsewhere): associated and confirmed with that token.
   *
   * @param token the access token
   * @param factor what to enroll
   * @param until where to stop
   * @return the result, as {@link #enroll(MfaTokenSource, Factor, Until)}
   */
  public EnrollResult enroll(AccessToken token, Factor factor, Until until) {
    return run(new Journey(null, token, factor), until);
  }

  private EnrollResult run(Journey journey, Until until) {
    try {
      return journey.run(until);
    } catch (RuntimeException e) {
      String replacement = journey.granted == null ? null : journey.granted.replacementRecoveryCode();
      boolean mayBeActive = journey.confirming && mayBeActiveAfter(e);
      if (journey.recoveryCodes.isEmpty() && replacement == null && !mayBeActive) {
        throw e;
      }
      throw new EnrollmentInterrupted(FactorUsed.of(journey.factor.kind(), null, journey.factor.recipient(), null),
          journey.recoveryCodes, replacement, mayBeActive, e);
    }
  }

  /**
   * Whether a factor may be active after {@code failure} ended its confirmation: the confirming request may have been
   * applied (no answer, an answer that could not be read, a server error), or a wait for a push approval was stopped
   * (the Guardian app can still approve it). False when the tenant refused it: nothing was enrolled.
   *
   * @param failure what ended the confirmation
   * @return whether the factor's recovery codes may be valid
   */
  public static boolean mayBeActiveAfter(RuntimeException failure) {
    return failure instanceof MfaOutcomeUnknownException || failure instanceof MfaDecodingException
        || (failure instanceof MfaApiException api && api.reason() == ErrorReason.SERVER_ERROR)
        || (failure instanceof Failure f && f.exitCode() == ExitCode.STOPPED);
  }

  /**
   * One run, with its restarts: a new code once when one expired, a new sign-in once, passing the existing factor
   * once, and a new code whenever the person asks for one ({@link SendAgain}) and the tenant agrees.
   */
  private final class Journey {
    private final MfaTokenSource source;
    private final Factor factor;
    /** What associates and confirms: the mfa_token, or an access token for the MFA API. */
    private Bearer bearer;
    /** The access token this run got by passing the user's existing factor, or null. */
    private MfaApiAccess.Granted granted;
    /** The recovery codes of the newest association that returned any. */
    private List<String> recoveryCodes = List.of();
    /** Whether the confirming request is under way (its failure may leave the factor active). */
    private boolean confirming;
    /** The user's entries before this run's association, when it adds a factor: none of them is the new one. */
    private final Set<String> listedBefore = new HashSet<>();
    /** Whether this run associated before (a new code, a new QR code): the factor says less. */
    private boolean associatedBefore;

    Journey(MfaTokenSource source, AccessToken token, Factor factor) {
      this.source = source;
      this.bearer = token;
      this.factor = factor;
    }

    /** Reads the entries the user has before associating, when the access token may (else none are known). */
    private void listBefore() {
      try {
        client.listAuthenticators(bearer).forEach(a -> listedBefore.add(a.id()));
      } catch (MfaException e) {
        // A token without read:authenticators: the new entry is told by its kind alone.
      }
    }

    EnrollResult run(Until until) {
      if (bearer == null) {
        bearer = signIn.mfaToken(source, NOTHING_ENROLLED);
      } else {
        listBefore(); // an access token given: the user has factors, maybe of this kind
      }
      boolean resent = false;
      boolean signedInAgain = false;
      Pending pending = null;
      while (true) {
        Tokens tokens;
        try {
          if (pending == null) {
            pending = associate();
            if (until == Until.ASSOCIATED) {
              return new EnrollResult.Associated(pending, recoveryCodes, granted == null ? null
                  : new EnrollResult.Added(granted.passedWith(), granted.replacementRecoveryCode()));
            }
          }
          confirming = true;
          tokens = factor.confirm(pending, new Confirming(client, codes, progress));
          confirming = false;
        } catch (SendAgain asked) {
          confirming = false;
          try {
            pending = associate();
            // A new code is a new association: the one before is left behind, unconfirmed (inactive).
            progress.info("The unconfirmed entry of the code before stays until removed: mfa authenticators prune.");
          } catch (MfaApiException e) {
            if (e.reason() != ErrorReason.RATE_LIMITED) {
              throw e;
            }
            progress.warn(SendAgain.tooSoon(e)); // the code sent before still works
          }
          continue;
        } catch (MfaApiException e) {
          if (e.reason() == ErrorReason.ALREADY_ENROLLED && granted == null && passing != null
              && source instanceof MfaTokenSource.SignIn s) {
            progress.info("This user already has a second factor: to add another, pass it first.");
            MfaApiAccess access = new MfaApiAccess(client, codes, progress, clock).retrying(s.retry());
            granted = access.grant(access.forMfaApi(s.request(), MfaApiAccess.ENROLL), passing);
            bearer = granted.accessToken();
            granted.list().forEach(a -> listedBefore.add(a.id()));
            pending = null;
            continue;
          }
          if (e.reason() == ErrorReason.OOB_CODE_EXPIRED && !resent) {
            resent = true;
            confirming = false;
            progress.warn(factor.kind() == FactorKind.PUSH
                ? "The QR code expired before the Guardian app approved it (it lasts 5 minutes); here is a new one."
                : "The code expired (codes last 5 minutes); sending a new one.");
            pending = null;
            continue;
          }
          if (e.reason() == ErrorReason.MFA_TOKEN_EXPIRED && bearer instanceof MfaToken
              && source instanceof MfaTokenSource.SignIn && !signedInAgain) {
            signedInAgain = true;
            confirming = false;
            progress.warn("The sign-in expired (an mfa_token lasts 10 minutes); signing in again.");
            bearer = signIn.mfaToken(source, NOTHING_ENROLLED);
            pending = null;
            continue;
          }
          throw e;
        }
        // The sign-in that passed MFA lists with its mfa_token whatever scope its access token got.
        Bearer lister = granted != null && granted.mfaToken() != null ? granted.mfaToken() : bearer;
        EnrollResult.Confirmed confirmed = Enrolled.confirmed(client, lister, factor, tokens, recoveryCodes,
            listedBefore, granted == null && bearer instanceof MfaToken ? progress : null);
        return granted == null && bearer instanceof MfaToken ? confirmed
            : new EnrollResult.Confirmed(confirmed.factor(), confirmed.tokens(), confirmed.recoveryCodes(),
                confirmed.listFailure(), new EnrollResult.Added(granted == null ? null : granted.passedWith(),
                    granted == null ? null : granted.replacementRecoveryCode()));
      }
    }

    /** Associates the factor, keeps any recovery codes, and tells the person what was sent or what to scan. */
    private Pending associate() {
      Association association = client.associate(bearer, factor.enrollment());
      if (!association.recoveryCodes().isEmpty()) {
        recoveryCodes = association.recoveryCodes();
      }
      factor.associated(association, associatedBefore, progress);
      associatedBefore = true;
      return Pending.associated(factor, bearer, association);
    }
  }
}
