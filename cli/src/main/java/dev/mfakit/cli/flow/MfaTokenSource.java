package dev.mfakit.cli.flow;

import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;

/** Where a flow's mfa_token comes from: handed to it, or a password sign-in it makes (and may make again). */
public sealed interface MfaTokenSource {
  /**
   * An mfa_token handed to the run (a file, stdin, the state file, MFA_TOKEN).
   *
   * @param token the token
   */
  record Given(MfaToken token) implements MfaTokenSource {}

  /**
   * A password sign-in that yields one; a flow signs in again with it when the token expires mid-journey.
   *
   * @param request the sign-in
   * @param retry how the password is asked for again when the tenant refuses it
   */
  record SignIn(PasswordSignIn request, PasswordRetry retry) implements MfaTokenSource {
    /**
     * A sign-in whose password is not asked for again.
     *
     * @param request the sign-in
     */
    public SignIn(PasswordSignIn request) {
      this(request, PasswordRetry.none());
    }
  }
}
