package dev.mfakit.cli.flow;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;

/** Signing in with a password: the first step of every journey that has no mfa_token yet. */
public final class SignInFlow {
  private final MfaClient client;
  private final Progress progress;

  /**
   * @param client the client of the tenant
   * @param progress where "Signing in as ..." goes
   */
  public SignInFlow(MfaClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
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
    progress.info("Signing in as " + request.username() + purpose + "...");
    return client.signIn(request);
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
    SignInResult result = signIn(((MfaTokenSource.SignIn) source).request());
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
