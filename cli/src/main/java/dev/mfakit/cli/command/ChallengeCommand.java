package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.FactorPicker;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.ChallengeJson;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mfa challenge}: send a sign-in code (or start an OTP check) and keep it in a state file. */
@Command(name = "challenge",
    customSynopsis = "mfa challenge --state FILE [--authenticator ID | --type otp|oob] [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Challenge one of your authenticators (send the code) and save the challenge in --state FILE;"
            + " finish with mfa verify --state FILE --code CODE (--otp CODE for an authenticator app, --push to wait"
            + " for a push approval)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa login --username jane@example.com --password-file pw --no-input --state s.json",
        "  mfa challenge --state s.json",
        "  mfa verify --state s.json --code 123456"})
public final class ChallengeCommand implements Callable<Integer>, SignInAgain.Known {
  private static final String RECOVERY = "mfa verify --state FILE --recovery-code";

  private final Context ctx;
  private final SignInAgain again = new SignInAgain("mfa challenge");

  @ArgGroup(exclusive = true, order = 1, heading = "%nWhich factor (optional; default: the first active one):%n")
  Target target;

  /** The authenticator to challenge. */
  static final class Target {
    @Option(names = "--authenticator", paramLabel = "ID", description = "Challenge this authenticator " + FactorMenu.DEFAULT
        + ".")
    String authenticatorId;

    @Option(names = "--type", paramLabel = "otp|oob",
        description = "Challenge the first active authenticator of this type.")
    Type type;
  }

  /** Challenge types. */
  enum Type { otp, oob }

  @Mixin TenantOptions tenant;
  @Mixin SandboxRefusedOption sandbox;
  @Mixin SignInOptions signIn;
  @Mixin MfaTokenOptions token;
  @Mixin OutputOptions output;

  public ChallengeCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public SignInAgain signInAgain() {
    return again;
  }

  @Override
  public Integer call() throws IOException {
    sandbox.check("mfa challenge");
    Output out = new Output(ctx, output.json);
    Secrets secrets = new Secrets(ctx);
    String authenticatorId = target == null ? null : target.authenticatorId;
    String type = target == null || target.type == null ? null : target.type.name();
    if (authenticatorId != null) {
      AuthenticatorIds.checkChallengeable("--authenticator", authenticatorId, RECOVERY);
    }
    Credentials.validate(secrets, tenant, signIn, token);
    boolean interactive = output.canAsk(secrets);
    if (token.state == null) {
      throw Failure.usage("mfa challenge needs --state FILE: the challenge is kept there for ",
          "mfa verify --state FILE --code CODE");
    }
    SecureFiles.checkPrivateWritable("--state", token.state);
    boolean stateIsSource = token.stateIsSource(signIn);
    StateFile state = stateIsSource ? StateFile.read(token.state) : null;
    if (state != null && state.accessToken() != null) {
      throw Failure.usage(token.state + " holds an enrollment made with an access token, not a sign-in: there is"
          + " nothing to challenge with it. Finish the enrollment with ", "mfa verify --state "
          + Shell.quote(token.state) + " " + state.answeredWith());
    }
    if (!stateIsSource) {
      StateFile.checkReplaceable(token.state, ctx.clock().instant());
    }

    try (Session session = Session.open(ctx, tenant, false, output, secrets, state)) {
      again.user(session.username(signIn)).state(token.state, state);
      if (state != null) {
        again.checkNotExpired(state, token.state, ctx.clock());
      }
      MfaTokenSource source = Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
      MfaClient client = session.client();
      MfaToken mfaToken = new SignInFlow(client, out).mfaToken(source, "so there is nothing to challenge");
      List<Authenticator> list = client.listAuthenticators(mfaToken);
      if (authenticatorId == null && type == null && list.stream()
          .noneMatch(x -> x.active() && x.authenticatorType() != AuthenticatorType.RECOVERY_CODE)) {
        // The same state file carries the sign-in on to the enrollment, so the command works as written.
        throw Failure.refused("this user has no second factor yet, so there is nothing to challenge. Enroll one"
            + " first with this state file: ", "mfa associate --phone E164 --state " + Shell.quote(token.state), null);
      }
      // Of several factors, a person picks one from the list; a script gets the first (said on stderr).
      Authenticator a = SecondFactorFlow.pick(list, authenticatorId, type, RECOVERY, interactive
          ? FactorMenu.picker(secrets.prompter(), "no code was sent") : FactorPicker.FIRST, out);
      SecondFactorFlow.Challenged challenged = new SecondFactorFlow(client, null, out, ctx.clock()).challenge(mfaToken,
          a);
      Challenge challenge = challenged.challenge();
      boolean otp = challenge.challengeType() == ChallengeType.OTP;
      Instant expiresAt = challenged.pending().expiresAt();
      try {
        StateFile.challenged(challenged.pending(), a.id(), session.baseUrl(), client.clientId()).write(token.state);
      } catch (IOException e) {
        throw new Failure(ExitCode.INTERNAL, (otp ? "challenged" : "the code was sent") + ", but --state "
            + token.state + " could not be written (" + SecureFiles.reason(e, token.state) + "), so it cannot be"
            + " verified later; " + token.state + " was left as it was. Fix the path and run mfa challenge again");
      }

      if (otp) {
        out.result("Challenge saved to " + token.state + ". Finish with: mfa verify --state " + Shell.quote(token.state)
            + " --otp CODE (the code from your authenticator app).");
      } else {
        FactorKind kind = challenged.pending().factor();
        kind.answering(a.name()).challenged(out);
        out.result("Challenge saved to " + token.state + ". Finish with: mfa verify --state " + Shell.quote(token.state)
            + (kind == FactorKind.PUSH ? " --push (it waits for the approval; " : " --code CODE (") + "before "
            + Json.time(expiresAt) + ").");
      }
      if (output.json) {
        out.printJson(new ChallengeJson(otp ? ChallengeType.OTP : ChallengeType.OOB, a.id(), a.oobChannel(), a.name(),
            challenge.bindingMethod(), token.state, expiresAt).toJson());
      }
      return ExitCode.OK;
    }
  }
}
