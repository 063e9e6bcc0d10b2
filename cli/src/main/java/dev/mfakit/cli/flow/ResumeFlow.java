package dev.mfakit.cli.flow;

import dev.mfakit.cli.command.OutputFileOptions;
import dev.mfakit.cli.command.Session;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.Tokens;
import java.nio.file.Path;

/**
 * Finishing the step saved in a state file with the code that was sent ({@code mfa verify --state FILE --code},
 * {@code mfa associate --state FILE --code}): verify the pending oob_code, report it, and delete the file only
 * once every output is written. A refused code leaves the file as it was, so a script may retry.
 */
public final class ResumeFlow {
  private ResumeFlow() {}

  /**
   * Verifies {@code code} against the state's pending oob_code and reports the result.
   *
   * @param stateFile the state file, deleted after success
   * @return exit 0
   */
  public static int withCode(Session session, MfaToken mfaToken, StateFile state, Path stateFile, String code,
      OutputFileOptions files, Output out, boolean asJson) {
    MfaClient client = session.client();
    Tokens tokens = client.verifyOob(mfaToken, state.oobCode(), code);
    SignInPresenter outcome = new SignInPresenter(true, true);
    describe(client, mfaToken, state, outcome, out);
    outcome.tokens(tokens, files.tokenFile);
    // The step is done: the state (its code now spent) must not be replayed, but only once nothing else can fail.
    return outcome.deliver(out, asJson, stateFile);
  }

  /**
   * What was verified: a confirmed enrollment (from the tenant's list) after {@code associate}, else a sign-in
   * with the challenged authenticator.
   */
  private static void describe(MfaClient client, MfaToken mfaToken, StateFile state, SignInPresenter outcome, Output out) {
    OobChannel channel = state.oobChannel() == null ? null : OobChannel.fromWire(state.oobChannel());
    if ("associate".equals(state.flow())) {
      Enrolled.describe(Enrolled.find(client, mfaToken, channel, out), channel, state.recipient(), outcome);
      return;
    }
    AuthenticatorType type = "otp".equals(state.challengeType()) ? AuthenticatorType.OTP : AuthenticatorType.OOB;
    outcome.authenticator(state.authenticatorId(), type, channel, state.recipient(), true);
    outcome.line("Signed in with MFA.");
  }
}
