package dev.mfakit.cli.command;

import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.Passed;
import dev.mfakit.cli.flow.ResumeFlow;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInPresenter;
import java.nio.file.Path;

/**
 * Finishing the step a state file keeps with the code that was sent ({@code mfa verify --state FILE --code},
 * {@code mfa associate --state FILE --code}, {@code --otp} for an app's enrollment), or by waiting for its push
 * approval ({@code mfa verify --state FILE --push}): the state file is deleted only once every output is written; a
 * refused code, a rejected push or a stopped wait leaves it as it was, so a script may retry.
 */
final class PendingStep {
  private PendingStep() {}

  /**
   * Confirms the pending step of {@code state} with {@code code} and presents the result.
   *
   * @param code the code; null for a push, whose approval is waited for
   * @param file the state file, deleted after success
   * @return exit 0
   */
  static int finish(Session session, StateFile state, Path file, String code, OutputFileOptions files, Output out,
      boolean json) {
    ResumeFlow flow = new ResumeFlow(session.client(), out);
    SignInPresenter presenter;
    if (state.flow() == StateFile.Flow.ASSOCIATE) {
      EnrollResult.Confirmed confirmed = flow.finishEnrollment(state.pending(), code);
      presenter = SignInPresenter.enrolled(confirmed, out).tokens(confirmed.tokens(), files.tokenFile);
    } else {
      Passed passed = flow.finishChallenge(state.pending(), state.authenticatorId(), code);
      presenter = new SignInPresenter(true, true).factor(passed.factor()).line("Signed in with MFA.")
          .tokens(passed.tokens(), files.tokenFile);
    }
    // The step is done: the state (its code now spent) must not be replayed, but only once nothing else can fail.
    return presenter.deliver(out, json, file);
  }
}
