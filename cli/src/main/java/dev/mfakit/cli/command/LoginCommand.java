package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.Passed;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.cli.io.PromptedCodes;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mfa login}: sign in with a password, passing MFA when the tenant asks for it. */
@Command(name = "login",
    customSynopsis = "mfa login [-u NAME] [--otp CODE | --recovery-code [-]] [--state FILE] [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Sign in with a password. When the tenant asks for MFA: challenge your factor (with several, pick one)"
            + " and ask for the code or wait for the push (or use --otp / --recovery-code), or save the mfa_token"
            + " with --state FILE for later steps. At the code prompt, r sends a new code.",
        "",
        "Tokens are printed only with --json or written with --token-file. A user the tenant lets in without MFA is"
            + " signed in all the same (exit 0); with --state FILE that is exit 6, as there is no mfa_token to save."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa login --username jane@example.com",
        "  mfa login --username jane@example.com --password-file pw --no-input --state s.json",
        "  mfa login --username jane@example.com --recovery-code"})
public final class LoginCommand implements Callable<Integer>, SignInAgain.Known {
  private static final String RECOVERY = "mfa login --recovery-code";

  private final Context ctx;
  private final SignInAgain again = new SignInAgain("mfa login");

  @ArgGroup(exclusive = true, order = 1, heading = "%nSecond factor (optional):%n")
  AnswerOptions answer;

  @Option(names = "--authenticator", paramLabel = "ID", order = 2,
      description = "Challenge this authenticator (default: the only one you have; with several, a list to choose"
          + " from; --no-input needs --otp, --recovery-code or --state).")
  String authenticatorId;

  @Option(names = "--state", paramLabel = "FILE", order = 3,
      description = "When MFA is required, save the mfa_token to FILE (mode 600) for mfa challenge/verify/"
          + "associate --state FILE, and stop. A sign-in without MFA exits 6 and writes no FILE; a FILE whose step"
          + " still waits for its code is not replaced.")
  Path state;

  @Mixin OutputFileOptions files;
  @Mixin TenantOptions tenant;
  @Mixin SandboxRefusedOption sandbox;
  @Mixin SignInOptions signIn;
  @Mixin OutputOptions output;

  public LoginCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public SignInAgain signInAgain() {
    return again;
  }

  @Override
  public Integer call() throws IOException {
    sandbox.check("mfa login");
    Output out = new Output(ctx, output.json).liveStatus(!output.verbose);
    Secrets secrets = new Secrets(ctx);

    String otp = answer == null ? null : answer.otp();
    String recoveryOption = answer == null ? null : answer.recoveryCode;
    if (authenticatorId != null) {
      AuthenticatorIds.checkChallengeable("--authenticator", authenticatorId, RECOVERY);
      if (answer != null) {
        String given = otp != null ? "--otp" : "--recovery-code";
        throw Failure.usage(given + " and --authenticator conflict: " + given + " answers without a challenge, so"
            + " --authenticator would be ignored. Drop one of them");
      }
    }
    Credentials.validate(secrets, tenant, signIn, null);
    if (recoveryOption != null) {
      RecoveryCodes.checkOption(recoveryOption, output, secrets);
    }
    boolean interactive = output.canAsk(secrets);
    if (state != null && (answer != null || authenticatorId != null || files.tokenFile != null
        || files.recoveryCodeFile != null)) {
      throw Failure.usage("--state saves the mfa_token and stops, so --otp/--recovery-code/--authenticator/"
          + "--token-file/--recovery-code-file have nothing to do. Drop one of them");
    }
    if (files.recoveryCodeFile != null && recoveryOption == null) {
      throw Failure.usage("--recovery-code-file needs --recovery-code: only a recovery-code sign-in hands out a"
          + " new recovery code. Drop --recovery-code-file");
    }
    if (state != null) {
      SecureFiles.checkPrivateWritable("--state", state);
      StateFile.checkReplaceable(state, ctx.clock().instant());
    }
    files.check(true);

    try (Session session = Session.open(ctx, tenant, false, output, secrets, null)) {
      again.user(session.username(signIn));
      CodeSource codes = Codes.source(ctx.clock(), output, secrets, out, session.sandbox(), "you are not signed in."
          + " Run the same command again for a new code; to type it in later instead, use mfa login --state FILE and"
          + " mfa challenge --state FILE, then run ", "mfa verify --state FILE --code CODE",
          new PromptedCodes.Ending("you are not signed in. Run the same command again and type the code your"
              + " authenticator app shows, or pass it with ", "--otp CODE"), null);
      MfaTokenSource.SignIn source = Credentials.passwordSource(session, signIn, interactive, secrets, null, null,
          null);
      String recoveryCode = recoveryOption == null ? null : RecoveryCodes.read(recoveryOption, secrets);
      MfaClient client = session.client();

      SignInResult result = new SignInFlow(client, out).retrying(source.retry()).signIn(source.request());
      if (result instanceof Tokens tokens) {
        if (state != null) {
          // Exit 6 like the other verbs: a script's next step (mfa challenge --state) would find no file.
          throw SignInFlow.noMfa("so there is no mfa_token to save in " + state);
        }
        SignInPresenter signedIn = new SignInPresenter(true, false).line("Signed in (no MFA required).");
        tokensHint(signedIn);
        return signedIn.tokens(tokens, files.tokenFile).deliver(out, output.json, null);
      }
      MfaToken mfaToken = ((MfaRequired) result).mfaToken();
      if (state != null) {
        try {
          StateFile.signedIn(mfaToken, session.baseUrl(), client.clientId()).write(state);
        } catch (IOException e) {
          throw new Failure(ExitCode.INTERNAL, "signed in, but --state " + state + " could not be written ("
              + SecureFiles.reason(e, state) + "). Fix the path and run mfa login again");
        }
        return new SignInPresenter(false, true)
            .stateFile(state)
            .mfaTokenExpiresAt(mfaToken.expiresAt())
            .line("MFA required; mfa_token saved to " + state + " (valid 10 minutes).")
            .note(nextStep(client, mfaToken))
            .deliver(out, output.json, null);
      }
      SecondFactorFlow flow = new SecondFactorFlow(client, codes, out, ctx.clock());
      SignInPresenter outcome = new SignInPresenter(true, true);
      Tokens tokens;
      if (otp != null) {
        tokens = flow.withOtp(mfaToken, otp);
        outcome.factor(new FactorUsed(null, AuthenticatorType.OTP, null, null, null));
      } else if (recoveryCode != null) {
        tokens = flow.withRecoveryCode(mfaToken, recoveryCode);
        outcome.factor(new FactorUsed(null, AuthenticatorType.RECOVERY_CODE, null, null, null));
      } else if (codes != null) {
        Passed passed = authenticatorId == null ? flow.pass(mfaToken,
            FactorMenu.pick(client.listAuthenticators(mfaToken), secrets.prompter(), out, RECOVERY))
            : flow.pass(mfaToken, authenticatorId, RECOVERY);
        tokens = passed.tokens();
        outcome.factor(passed.factor());
      } else {
        throw Failure.refused("MFA required, and " + output.whyNotAsk(secrets, "the code") + ". Rerun with --otp"
            + " CODE, '--recovery-code -', or --state FILE (then mfa challenge and mfa verify)", null);
      }
      outcome.line("Signed in with MFA.");
      tokensHint(outcome);
      if (recoveryCode != null) {
        outcome.replacementRecoveryCode(tokens.recoveryCode(), files.recoveryCodeFile);
      }
      return outcome.tokens(tokens, files.tokenFile).deliver(out, output.json, null);
    }
  }

  /** Where the tokens are: printed only with --json, saved only with --token-file. */
  private void tokensHint(SignInPresenter presenter) {
    if (!output.json && files.tokenFile == null) {
      presenter.note("The tokens are not shown: add --json to print them, or --token-file FILE to save them (mode"
          + " 600).");
    }
  }

  /**
   * What to run after {@code --state}: challenge the user's factor, or, for a user without one, enroll it (with the
   * same state file, so the command works as written). The list is read with the new mfa_token to tell; if it
   * cannot be read, the usual next step.
   */
  private String nextStep(MfaClient client, MfaToken mfaToken) {
    String file = Shell.quote(state);
    String challenge = "Next: mfa challenge --state " + file + " sends a code; then mfa verify --state " + file
        + " --code CODE.";
    List<Authenticator> list;
    try {
      list = client.listAuthenticators(mfaToken);
    } catch (MfaException e) {
      return challenge;
    }
    boolean hasFactor = list.stream()
        .anyMatch(a -> a.active() && a.authenticatorType() != AuthenticatorType.RECOVERY_CODE);
    return hasFactor ? challenge : "Next: this user has no second factor yet; enroll one with mfa associate --phone"
        + " E164 --state " + file + " (or add --no-input to stop once the code is sent, then mfa verify --state "
        + file + " --code CODE).";
  }
}
