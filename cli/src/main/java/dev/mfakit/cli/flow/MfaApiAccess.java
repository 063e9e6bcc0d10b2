package dev.mfakit.cli.flow;

import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.time.Clock;
import java.util.List;

/**
 * Getting an access token for the MFA API itself ({@code https://{domain}/mfa/}), which adding a further factor,
 * deleting and pruning need: sign in with that audience and the scope the job needs, then pass the second factor
 * (the tenant always asks for it there). In two steps, so that a verb can look at the user's list, read with the
 * sign-in's mfa_token, before any code is sent: an id the user does not have, or nothing to prune, ends the run
 * there.
 */
public final class MfaApiAccess {
  /** What enrolling a further factor needs (and listing, to report it). */
  public static final String ENROLL = "enroll read:authenticators";
  /** What deleting needs (and listing, to name the twins that went with it). */
  public static final String REMOVE = "read:authenticators remove:authenticators";

  private final MfaClient client;
  private final Progress progress;
  private final SecondFactorFlow secondFactor;
  private PasswordRetry retry = PasswordRetry.none();

  /**
   * @param client the client of the tenant
   * @param codes where the second factor's code comes from (unused with an app's code or a recovery code given)
   * @param progress where progress goes
   * @param clock the time source, for a challenge's expiry
   */
  public MfaApiAccess(MfaClient client, CodeSource codes, Progress progress, Clock clock) {
    this.client = client;
    this.progress = progress;
    this.secondFactor = new SecondFactorFlow(client, codes, progress, clock);
  }

  /**
   * Lets a wrong password be typed again (see {@link PasswordRetry}).
   *
   * @param retry how
   * @return this flow
   */
  public MfaApiAccess retrying(PasswordRetry retry) {
    this.retry = retry;
    return this;
  }

  /**
   * How the second factor is passed.
   *
   * @param otp an authenticator app's code known before the run, or null
   * @param recoveryCode a recovery code (spent by passing; its replacement comes with the tokens), or null
   * @param authenticatorId the authenticator to challenge, or null for the one {@code picker} picks
   * @param instead how to use a recovery code with this verb, for when the recovery-code entry is asked for
   * @param picker which factor to challenge when the user has several and none was named
   */
  public record Passing(String otp, String recoveryCode, String authenticatorId, String instead,
                        FactorPicker picker) {
    /**
     * Passing without a person to pick a factor: the first of several ({@link FactorPicker#FIRST}).
     *
     * @param otp see {@link #otp()}
     * @param recoveryCode see {@link #recoveryCode()}
     * @param authenticatorId see {@link #authenticatorId()}
     * @param instead see {@link #instead()}
     */
    public Passing(String otp, String recoveryCode, String authenticatorId, String instead) {
      this(otp, recoveryCode, authenticatorId, instead, FactorPicker.FIRST);
    }

    @Override
    public String toString() {
      return "Passing[otp=" + (otp == null ? null : "██") + ", recoveryCode="
          + (recoveryCode == null ? null : "██") + ", authenticatorId=" + authenticatorId + "]";
    }
  }

  /**
   * Signed in for the MFA API, the second factor not passed yet.
   *
   * @param mfaToken the sign-in's mfa_token (it also lists the user's authenticators), or null when the tenant let the
   *     user in without a second factor
   * @param list the user's authenticators, read with the mfa_token (or the tokens' access token)
   * @param tokens the tokens when no second factor was asked for, else null
   */
  public record SignedIn(MfaToken mfaToken, List<Authenticator> list, Tokens tokens) {
    /** Copies the list. */
    public SignedIn {
      list = List.copyOf(list);
    }
  }

  /**
   * The access token, and how it was had.
   *
   * @param tokens the tokens the tenant issued (with the replacement recovery code after a recovery-code pass)
   * @param mfaToken the sign-in's mfa_token, still good for listing until it expires; null when none was needed
   * @param list the user's authenticators as read before passing
   * @param passedWith the authenticator that passed, or null when none was needed
   */
  public record Granted(Tokens tokens, MfaToken mfaToken, List<Authenticator> list, FactorUsed passedWith) {
    /** Copies the list. */
    public Granted {
      list = List.copyOf(list);
    }

    /**
     * The access token for the MFA API.
     *
     * @return the token
     */
    public AccessToken accessToken() {
      return tokens.accessToken();
    }

    /**
     * The recovery code that replaces the one spent to pass, if one was.
     *
     * @return the new code, or null
     */
    public String replacementRecoveryCode() {
      return tokens.recoveryCode();
    }

    @Override
    public String toString() {
      return "Granted[tokens=" + tokens + ", list=" + list.size() + ", passedWith=" + passedWith + "]";
    }
  }

  /**
   * The sign-in for the MFA API with the scope a job needs.
   *
   * @param request the user's sign-in (its audience and scope are replaced)
   * @param scope e.g. {@link #ENROLL}
   * @return the request for the MFA API
   */
  public PasswordSignIn forMfaApi(PasswordSignIn request, String scope) {
    return request.withAudience(client.mfaAudience()).withScope(scope);
  }

  /**
   * Signs in for the MFA API and reads the user's list: nothing is sent to the user yet.
   *
   * @param request the sign-in, for the MFA API (see {@link #forMfaApi})
   * @return the sign-in and the list
   */
  public SignedIn signIn(PasswordSignIn request) {
    SignInResult result = new SignInFlow(client, progress).retrying(retry).signIn(request, " for the MFA API");
    if (result instanceof Tokens tokens) {
      // A tenant that let the user in without a second factor: its access token lists (read:authenticators).
      return new SignedIn(null, client.listAuthenticators(tokens.accessToken()), tokens);
    }
    MfaToken mfaToken = ((MfaRequired) result).mfaToken();
    return new SignedIn(mfaToken, client.listAuthenticators(mfaToken), null);
  }

  /**
   * Passes the second factor of a sign-in for the MFA API.
   *
   * @param signedIn what {@link #signIn} returned
   * @param passing how
   * @return the access token
   */
  public Granted pass(SignedIn signedIn, Passing passing) {
    if (signedIn.tokens() != null) {
      return new Granted(signedIn.tokens(), null, signedIn.list(), null);
    }
    MfaToken mfaToken = signedIn.mfaToken();
    if (passing.otp() != null) {
      return new Granted(secondFactor.withOtp(mfaToken, passing.otp()), mfaToken, signedIn.list(),
          new FactorUsed(null, AuthenticatorType.OTP, null, null, true));
    }
    if (passing.recoveryCode() != null) {
      return new Granted(secondFactor.withRecoveryCode(mfaToken, passing.recoveryCode()), mfaToken, signedIn.list(),
          new FactorUsed(null, AuthenticatorType.RECOVERY_CODE, null, null, true));
    }
    Passed passed = secondFactor.pass(mfaToken, signedIn.list(), passing.authenticatorId(), passing.instead(),
        passing.picker());
    return new Granted(passed.tokens(), mfaToken, signedIn.list(), passed.factor());
  }

  /**
   * Both steps at once.
   *
   * @param request the sign-in, for the MFA API (see {@link #forMfaApi})
   * @param passing how to pass the second factor
   * @return the access token
   */
  public Granted grant(PasswordSignIn request, Passing passing) {
    return pass(signIn(request), passing);
  }
}
