package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mfa verify}: finish a split step with a code, or pass MFA with an OTP or a recovery code. */
@Command(name = "verify",
    customSynopsis = "mfa verify (--code CODE | --otp CODE | --push | --recovery-code [-]) [--state FILE] [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Finish a step: confirm the code of mfa associate/challenge --state FILE (an authenticator app's with --otp),"
            + " wait for the approval of its push (--push), or pass MFA with a code from an authenticator app or a"
            + " recovery code.",
        "",
        "With --state FILE, a failed verify leaves FILE as it was (retry with the right code); a successful one"
            + " deletes it."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa verify --state s.json --code 123456",
        "  mfa verify --state s.json --push",
        "  MFA_TOKEN=... mfa verify --otp 123456 --json",
        "  mfa verify --state s.json --recovery-code - < code.txt"})
public final class VerifyCommand implements Callable<Integer>, SignInAgain.Known {
  private final Context ctx;
  private final SignInAgain again = new SignInAgain("mfa verify");

  @ArgGroup(exclusive = true, multiplicity = "1", order = 1, heading = "%nAnswer (exactly one):%n")
  Answer answer;

  /** What proves the second factor: the sent code, or one known in advance. */
  static final class Answer extends AnswerOptions {
    @Option(names = "--code", paramLabel = "CODE", required = true, order = 1,
        description = "The 6-digit code sent by SMS, voice or e-mail (needs --state FILE).")
    String code;

    @Option(names = "--push", required = true, order = 2,
        description = "Wait for the approval of the push pending in --state FILE (from mfa associate --push or mfa"
            + " challenge), polling as the tenant allows; Ctrl-C stops and keeps FILE.")
    boolean push;
  }

  @Mixin OutputFileOptions files;
  @Mixin TenantOptions tenant;
  @Mixin SandboxRefusedOption sandbox;
  @Mixin SignInOptions signIn;
  @Mixin MfaTokenOptions token;
  @Mixin OutputOptions output;

  public VerifyCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public SignInAgain signInAgain() {
    return again;
  }

  @Override
  public Integer call() throws IOException {
    sandbox.check("mfa verify");
    Output out = new Output(ctx, output.json).liveStatus(!output.verbose);
    Secrets secrets = new Secrets(ctx);

    String code = answer.code == null ? null : Codes.sixDigits("--code", answer.code);
    boolean push = answer.push;
    String otp = answer.otp();
    boolean recovery = answer.recoveryCode != null;
    Credentials.validate(secrets, tenant, signIn, token);
    if (recovery) {
      RecoveryCodes.checkOption(answer.recoveryCode, output, secrets);
    }
    boolean interactive = output.canAsk(secrets);
    if (code != null && token.state == null) {
      throw Failure.usage("--code needs --state FILE (from mfa associate or mfa challenge --state FILE): the"
          + " code answers the challenge saved there");
    }
    if (push && token.state == null) {
      throw Failure.usage("--push needs --state FILE (from mfa associate --push --no-input or mfa challenge --state"
          + " FILE): it waits for the push saved there");
    }
    Credentials.stateIsTheSignIn(token, signIn);
    if (files.recoveryCodeFile != null && !recovery) {
      throw Failure.usage("--recovery-code-file and " + (code != null ? "--code" : push ? "--push" : "--otp")
          + " conflict: only a"
          + " --recovery-code sign-in hands out a new recovery code. Drop --recovery-code-file");
    }
    files.check(true);
    StateFile state = token.state == null ? null : StateFile.read(token.state);
    boolean pendingPush = state != null && state.oobCode() != null && state.factor() == FactorKind.PUSH;
    if (code != null && pendingPush) {
      // A push has no code to type: --code there would only wait, so it is said here rather than guessed at.
      throw Failure.usage("--code: " + token.state + " holds a push notification, which has no code: wait for its"
          + " approval with ", "mfa verify --state " + Shell.quote(token.state) + " --push");
    }
    if (code != null && state.challengeType() == ChallengeType.OTP) {
      // An app's codes are not sent: they are what the app shows, given with --otp.
      throw Failure.usage("--code: " + token.state + " holds " + (state.flow() == StateFile.Flow.ASSOCIATE
          ? "an authenticator app's enrollment" : "a challenge of an authenticator app") + ", answered with the code"
          + " the app shows: ", "mfa verify --state " + Shell.quote(token.state) + " --otp CODE");
    }
    if (code != null && state.oobCode() == null) {
      throw Failure.usage("--code: " + token.state + " has no pending code (it holds a sign-in). Send one with: ",
          "mfa challenge --state " + Shell.quote(token.state));
    }
    if (push && !pendingPush) {
      throw Failure.usage("--push: " + token.state + " holds no pending push. Start one with ",
          "mfa associate --push --no-input --state " + Shell.quote(token.state));
    }
    // An authenticator app's enrollment is confirmed with the code it shows, as any other enrollment is finished.
    boolean appEnrollment = otp != null && state != null && state.flow() == StateFile.Flow.ASSOCIATE
        && state.factor() == FactorKind.AUTHENTICATOR_APP;
    // An enrollment made with an access token (a further factor) is confirmed with that token, and only so.
    boolean withAccessToken = state != null && state.accessToken() != null;
    if (withAccessToken && (recovery || otp != null && !appEnrollment)) {
      throw Failure.usage((recovery ? "--recovery-code" : "--otp") + ": " + token.state + " holds an enrollment made"
          + " with an access token, which only its own " + (state.factor() == FactorKind.PUSH ? "approval" : "code")
          + " confirms: ", "mfa verify --state " + Shell.quote(token.state) + " " + state.answeredWith());
    }

    try (Session session = Session.open(ctx, tenant, false, output, secrets, state)) {
      again.user(session.username(signIn));
      if (state != null) {
        again.checkNotExpired(state, token.state, ctx.clock());
      }
      MfaToken mfaToken = null;
      String recoveryCode = null;
      if (!withAccessToken) {
        MfaTokenSource source = Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
        recoveryCode = recovery ? RecoveryCodes.read(answer.recoveryCode, secrets) : null;
        mfaToken = new SignInFlow(session.client(), out).mfaToken(source, "so there is nothing to verify");
      }
      if (code != null || appEnrollment) {
        return PendingStep.finish(session, state, token.state, code != null ? code : otp, files, out, output.json);
      }
      if (push) {
        try {
          return PendingStep.finish(session, state, token.state, null, files, out, output.json);
        } catch (Failure f) {
          if (f.exitCode() != ExitCode.STOPPED) {
            throw f;
          }
          throw new Failure(ExitCode.STOPPED, "stopped waiting for the approval; " + token.state + " keeps the push"
              + (state.expiresAt() == null ? "" : " until " + Json.time(state.expiresAt())) + ". Wait for it again"
              + " with ", "mfa verify --state " + Shell.quote(token.state) + " --push", null);
        } catch (MfaApiException e) {
          boolean enrolling = state.flow() == StateFile.Flow.ASSOCIATE;
          if (e.reason() == ErrorReason.OOB_CODE_EXPIRED) {
            throw Failure.refused("the push expired before it was approved (it lasts 5 minutes). "
                + (enrolling ? "Start again with " : "Send a new one with "), enrolling
                ? "mfa associate --push --no-input --state " + Shell.quote(token.state)
                : "mfa challenge --state " + Shell.quote(token.state), e);
          }
          if (e.reason() != ErrorReason.PUSH_REJECTED || !enrolling) {
            throw e;
          }
          throw Failure.refused("the push was rejected in the Guardian app, so nothing was enrolled. Start again"
              + " with ", "mfa associate --push --no-input --state " + Shell.quote(token.state), e);
        }
      }
      SecondFactorFlow flow = new SecondFactorFlow(session.client(), null, out, ctx.clock());
      Tokens tokens = otp != null ? flow.withOtp(mfaToken, otp) : flow.withRecoveryCode(mfaToken, recoveryCode);
      // Report what answered, not what the state file holds (a pending code of another factor, say).
      SignInPresenter outcome = new SignInPresenter(true, true);
      if (!recovery && state != null && state.challengeType() == ChallengeType.OTP) {
        outcome.factor(FactorUsed.of(FactorKind.AUTHENTICATOR_APP, state.authenticatorId(), state.recipient(), true));
      } else {
        outcome.factor(new FactorUsed(null, recovery ? AuthenticatorType.RECOVERY_CODE : AuthenticatorType.OTP, null,
            null, null));
      }
      outcome.line("Signed in with MFA.");
      if (recovery) {
        outcome.replacementRecoveryCode(tokens.recoveryCode(), files.recoveryCodeFile);
      }
      outcome.tokens(tokens, files.tokenFile);
      // A spent state (its mfa_token used for this sign-in) must not be replayed; deleted once nothing can fail.
      Path stateFile = token.state;
      return outcome.deliver(out, output.json, stateFile);
    }
  }
}
