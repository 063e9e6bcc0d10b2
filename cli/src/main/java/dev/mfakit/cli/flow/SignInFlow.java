package dev.mfakit.cli.flow;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaOutcomeUnknownException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;

/** Signing in with a password: the first step of every journey that has no mfa_token yet. */
public final class SignInFlow {
  /** Tries of a password typed at a prompt, like those of a code. */
  static final int TRIES = 3;

  private final MfaClient client;
  private final Progress progress;
  private PasswordRetry retry = PasswordRetry.none();

  /**
   * @param client the client of the tenant
   * @param progress where "Signing in as ..." goes
   */
  public SignInFlow(MfaClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /**
   * Lets a wrong password be typed again (see {@link PasswordRetry}).
   *
   * @param retry how
   * @return this flow
   */
  public SignInFlow retrying(PasswordRetry retry) {
    this.retry = retry;
    return this;
  }

  /**
   * Signs in.
   *
   * @param request the sign-in
   * @return tokens (no MFA needed) or {@link MfaRequired} with the mfa_token
   */
  public SignInResult signIn(PasswordSignIn request) {
    return signIn(request, "");
  }

  /**
   * Signs in for a purpose the person should hear about.
   *
   * @param request the sign-in
   * @param purpose said after the username, e.g. {@code " for the MFA API"}; empty for none
   * @return tokens (no MFA needed) or {@link MfaRequired} with the mfa_token
   */
  public SignInResult signIn(PasswordSignIn request, String purpose) {
    PasswordSignIn current = retry.current(request);
    for (int triesLeft = TRIES; ; ) {
      progress.info("Signing in as " + current.username() + purpose + "...");
      try {
        return client.signIn(current);
      } catch (MfaOutcomeUnknownException e) {
        // The client cannot tell for any POST; for a sign-in it does not matter: it changes nothing and sends the
        // user nothing, so running it again is the whole remedy (not listing the authenticators first).
        throw new Failure(ExitCode.NETWORK, "no answer from the tenant to the sign-in ("
            + dev.mfakit.cli.output.Errors.networkCause(e) + "). A sign-in changes nothing and sends the user"
            + " nothing: check the tenant's address, then run the command again", null, e);
      } catch (MfaApiException e) {
        if (e.reason() == ErrorReason.UNKNOWN_AUDIENCE && current.audience() != null) {
          throw noSuchApi(current.audience(), e);
        }
        triesLeft--;
        PasswordSignIn again = e.reason() == ErrorReason.WRONG_CREDENTIALS && triesLeft > 0
            ? retry.again(current, triesLeft) : null;
        if (again == null) {
          throw e;
        }
        current = again;
      }
    }
  }

  /**
   * Exit 3: the tenant has no API with the audience of the sign-in ({@code 403 access_denied "Service not found"}),
   * said with the audience and what to check: the domain, when it is the MFA API's of this run's domain; else the
   * audience asked for.
   */
  private Failure noSuchApi(String audience, MfaApiException e) {
    String mfaApi = client.mfaAudience();
    String check = audience.equals(mfaApi)
        ? "That is the MFA API's audience of the tenant in --domain, so check the domain: it must be the tenant's"
        : "Check --audience (or the profile's audience): the MFA API's is " + mfaApi + " (a token for another"
            + " tenant's MFA API works nowhere else); any other API must exist in the tenant's Dashboard under"
            + " Applications > APIs, with exactly that identifier";
    return Failure.refused("the tenant has no API with the audience " + audience + " (it answered Service not"
        + " found), so nothing was sent to the user. " + check, e);
  }

  /**
   * The mfa_token of a source: as given, or from signing in.
   *
   * @param source where it comes from
   * @param consequence what not needing MFA means for this journey, e.g. {@code so nothing was enrolled}
   * @return the mfa_token
   * @throws Failure exit 6 when the sign-in needed no second factor
   */
  public MfaToken mfaToken(MfaTokenSource source, String consequence) {
    if (source instanceof MfaTokenSource.Given given) {
      return given.token();
    }
    MfaTokenSource.SignIn signIn = (MfaTokenSource.SignIn) source;
    PasswordRetry own = retry;
    SignInResult result;
    try {
      retry = signIn.retry() == PasswordRetry.none() ? own : signIn.retry();
      result = signIn(signIn.request());
    } finally {
      retry = own;
    }
    if (result instanceof MfaRequired required) {
      return required.mfaToken();
    }
    throw noMfa(consequence);
  }

  /**
   * Exit 6: the tenant let the user in without a second factor.
   *
   * @param consequence what that means for this journey
   * @return the failure
   */
  public static Failure noMfa(String consequence) {
    return new Failure(ExitCode.NOTHING_TO_DO, "signed in without MFA: the tenant did not ask for a second factor"
        + " for this user, " + consequence);
  }
}
