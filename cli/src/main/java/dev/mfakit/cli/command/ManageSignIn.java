package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.DeleteFlow;
import dev.mfakit.cli.flow.FactorPicker;
import dev.mfakit.cli.flow.MfaApiAccess;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.io.PromptedCodes;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.output.Output;
import java.time.Clock;

/**
 * How {@code authenticators delete} and {@code prune} get their access token when none is given: a sign-in for the
 * MFA API that passes the second factor (a challenge, or {@code --otp}). Checked before anything is read or sent.
 */
final class ManageSignIn {
  private final Secrets secrets;
  private final SignInOptions signIn;
  private final OutputOptions output;
  private final boolean interactive;
  private final String authenticatorId;
  private final String otp;
  private final String recovery;
  private final Clock clock;

  private ManageSignIn(Secrets secrets, SignInOptions signIn, OutputOptions output, boolean interactive,
      String authenticatorId, String otp, String recovery, Clock clock) {
    this.secrets = secrets;
    this.signIn = signIn;
    this.output = output;
    this.interactive = interactive;
    this.authenticatorId = authenticatorId;
    this.otp = otp;
    this.recovery = recovery;
    this.clock = clock;
  }

  /**
   * Checks the options of a verb that needs an access token with the sign-in that gets one.
   *
   * @param authenticatorId {@code --authenticator}, or null
   * @param otp {@code --otp} (checked), or null
   * @param recovery how to use a recovery code with this verb, for when the recovery-code entry is asked for
   * @throws Failure (exit 2) for conflicting options, or when neither a token nor a second factor can be had
   */
  static ManageSignIn check(Context ctx, Secrets secrets, AccessTokenOptions token, SignInOptions signIn,
      TenantOptions tenant, OutputOptions output, String authenticatorId, String otp, String recovery) {
    return check(ctx, secrets, token, signIn, tenant, output, authenticatorId, otp, recovery, true, null, null);
  }

  /**
   * As {@link #check(Context, Secrets, AccessTokenOptions, SignInOptions, TenantOptions, OutputOptions, String,
   * String, String)}, for a run that may not need the second factor at all ({@code prune --dry-run} only lists).
   *
   * @param secondFactor whether the run passes the second factor when it signs in
   * @param question why the run must ask the person something (it fails first when it cannot), or null
   * @param instead what to pass instead of answering, for that failure
   */
  static ManageSignIn check(Context ctx, Secrets secrets, AccessTokenOptions token, SignInOptions signIn,
      TenantOptions tenant, OutputOptions output, String authenticatorId, String otp, String recovery,
      boolean secondFactor, String question, String instead) {
    if (authenticatorId != null) {
      AuthenticatorIds.checkChallengeable("--authenticator", authenticatorId, recovery);
    }
    token.check(secrets, signIn);
    Credentials.validate(secrets, tenant, signIn, null);
    boolean interactive = output.canAsk(secrets);
    if (question != null && !interactive) {
      throw Failure.usage(question + ", and " + output.whyNotAsk(secrets, "the answer") + ". " + instead);
    }
    boolean envToken = token.fromEnvironment(secrets, signIn);
    // --otp and --authenticator only steer a sign-in; with a token they would be silently ignored.
    String signInOnly = otp != null ? "--otp" : authenticatorId != null ? "--authenticator" : null;
    if (signInOnly != null && token.given()) {
      throw Failure.usage(token.option() + " and " + signInOnly + " conflict: " + signInOnly + " is only used when"
          + " signing in. Drop one of them");
    }
    if (signInOnly != null && envToken) {
      throw Failure.usage(signInOnly + " is only used when signing in, but MFA_ACCESS_TOKEN is set and would be"
          + " used instead. Unset it, or pass --username to sign in");
    }
    if (secondFactor && !token.given() && !envToken && otp == null && !interactive) {
      throw Failure.usage("no access token, and " + output.whyNotAsk(secrets, "a code") + " (signing in for the MFA"
          + " API always asks for a second factor). Pass --access-token-file FILE, MFA_ACCESS_TOKEN, or --otp CODE");
    }
    return new ManageSignIn(secrets, signIn, output, interactive, authenticatorId, otp, recovery, ctx.clock());
  }

  /** Where the sign-in's code comes from: the person (no code can be had otherwise: check() made sure of --otp). */
  CodeSource codes(Session session, Output out) {
    return Codes.source(clock, output, secrets, out, null, "nothing was deleted. Run the same command again for a new"
        + " code", null, new PromptedCodes.Ending("nothing was deleted. Run the same command again", null), null);
  }

  /** Whether this run may ask the person (a terminal, and no --no-input). */
  boolean interactive() {
    return interactive;
  }

  /** The sign-in for the MFA API, and how it passes the second factor. */
  DeleteFlow.SignIn signIn(Session session) {
    MfaTokenSource.SignIn source = Credentials.passwordSource(session, signIn, interactive, secrets, null, null,
        Credentials.GIVE_ACCESS_TOKEN);
    // Of several factors, a person picks the one to pass, as mfa login offers them; a script gets the first.
    FactorPicker picker = interactive ? FactorMenu.picker(secrets.prompter(), "nothing was removed (and no code was"
        + " sent)") : FactorPicker.FIRST;
    return new DeleteFlow.SignIn(source.request(), new MfaApiAccess.Passing(otp, null, authenticatorId, recovery,
        picker), source.retry());
  }
}
