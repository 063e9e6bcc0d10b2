package dev.mfakit.cli.flow;

import dev.mfakit.client.Association;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.Tokens;
import java.util.List;

/**
 * Enrolling a second factor: get an mfa_token, associate the factor, tell the person what was sent, confirm it (or
 * stop, to confirm in a later run), and report the factor from the tenant's list. Once: a code that expired is sent
 * again, and an mfa_token that expired is replaced by signing in again (when this run signed in). The same journey
 * serves a person at a terminal and a script or batch row: the factor, the code source and the progress decide how
 * it talks; nothing here reads or prints anything itself.
 */
public final class EnrollFlow {
  private static final String NOTHING_ENROLLED = "so nothing was enrolled";

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

  /**
   * @param client the client of the tenant
   * @param codes where the confirming code comes from (unused with {@link Until#ASSOCIATED})
   * @param progress where progress and warnings go
   */
  public EnrollFlow(MfaClient client, CodeSource codes, Progress progress) {
    this.client = client;
    this.signIn = new SignInFlow(client, progress);
    this.codes = codes;
    this.progress = progress;
  }

  /**
   * Runs the journey.
   *
   * @param source where the mfa_token comes from
   * @param factor what to enroll (built to enroll: {@link Factor#enrollment()} is not null)
   * @param until where to stop
   * @return {@link EnrollResult.Associated} or {@link EnrollResult.Confirmed}, per {@code until}
   * @throws EnrollmentInterrupted when the journey failed after an association issued recovery codes (its cause
   *     is the failure)
   */
  public EnrollResult enroll(MfaTokenSource source, Factor factor, Until until) {
    Journey journey = new Journey(source, factor);
    try {
      return journey.run(until);
    } catch (RuntimeException e) {
      if (journey.recoveryCodes.isEmpty()) {
        throw e;
      }
      throw new EnrollmentInterrupted(FactorUsed.of(factor.kind(), null, factor.recipient(), null),
          journey.recoveryCodes, e);
    }
  }

  /**
   * One run, with its restarts: a new code once when one expired, a new sign-in once, and a new code whenever the
   * person asks for one ({@link SendAgain}) and the tenant agrees.
   */
  private final class Journey {
    private final MfaTokenSource source;
    private final Factor factor;
    /** The recovery codes of the newest association that returned any. */
    private List<String> recoveryCodes = List.of();
    /** Whether this run associated before (a new code, a new QR code): the factor says less. */
    private boolean associatedBefore;

    Journey(MfaTokenSource source, Factor factor) {
      this.source = source;
      this.factor = factor;
    }

    EnrollResult run(Until until) {
      MfaToken mfaToken = signIn.mfaToken(source, NOTHING_ENROLLED);
      boolean resent = false;
      boolean signedInAgain = false;
      Pending pending = null;
      while (true) {
        try {
          if (pending == null) {
            pending = associate(mfaToken);
            if (until == Until.ASSOCIATED) {
              return new EnrollResult.Associated(pending, recoveryCodes);
            }
          }
          Tokens tokens = factor.confirm(pending, new Confirming(client, codes, progress));
          return Enrolled.confirmed(client, mfaToken, factor, tokens, recoveryCodes);
        } catch (SendAgain asked) {
          try {
            pending = associate(mfaToken);
          } catch (MfaApiException e) {
            if (e.reason() != ErrorReason.RATE_LIMITED) {
              throw e;
            }
            progress.warn(SendAgain.tooSoon(e)); // the code sent before still works
          }
        } catch (MfaApiException e) {
          if (e.reason() == ErrorReason.OOB_CODE_EXPIRED && !resent) {
            resent = true;
            progress.warn(factor.kind() == FactorKind.PUSH
                ? "The QR code expired before the Guardian app approved it (it lasts 5 minutes); here is a new one."
                : "The code expired (codes last 5 minutes); sending a new one.");
            pending = null;
            continue;
          }
          if (e.reason() == ErrorReason.MFA_TOKEN_EXPIRED && source instanceof MfaTokenSource.SignIn
              && !signedInAgain) {
            signedInAgain = true;
            progress.warn("The sign-in expired (an mfa_token lasts 10 minutes); signing in again.");
            mfaToken = signIn.mfaToken(source, NOTHING_ENROLLED);
            pending = null;
            continue;
          }
          throw e;
        }
      }
    }

    /** Associates the factor, keeps any recovery codes, and tells the person what was sent or what to scan. */
    private Pending associate(MfaToken mfaToken) {
      Association association = client.associate(mfaToken, factor.enrollment());
      if (!association.recoveryCodes().isEmpty()) {
        recoveryCodes = association.recoveryCodes();
      }
      factor.associated(association, associatedBefore, progress);
      associatedBefore = true;
      return Pending.associated(factor, mfaToken, association);
    }
  }
}
