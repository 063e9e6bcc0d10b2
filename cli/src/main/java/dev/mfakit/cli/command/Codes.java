package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.io.PromptedCodes;
import dev.mfakit.cli.io.SandboxOutbox;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.client.CodeFormat;
import dev.mfakit.sandbox.SandboxTenant;
import java.time.Clock;
import java.util.Locale;

/** The codes of a run: checking the ones given as options, and where the others come from. */
final class Codes {
  private Codes() {}

  /**
   * Checks a code given on the command line: exactly 6 ASCII digits (surrounding blanks ignored). A script passes the
   * code it was given; "123 456" or "123-456" there is a mistake to report, not to guess at (the prompt, where a
   * person types what the app shows, does drop them).
   *
   * @throws Failure (exit 2) unless it is 6 digits
   */
  static String sixDigits(String option, String value) {
    String v = value.strip();
    if (!CodeFormat.isSixDigitCode(v)) {
      throw Failure.usage(option + " must be the 6-digit code, e.g. ", option + " 123456");
    }
    return v;
  }

  /**
   * Checks a recovery code.
   *
   * @throws Failure (exit 2) unless it is 24 letters or digits (spaces and dashes dropped)
   */
  static String recoveryCode(String source, String value) {
    String v = PromptedCodes.normalize(value).toUpperCase(Locale.ROOT);
    if (!CodeFormat.isRecoveryCode(v)) {
      throw Failure.usage(source + ": a recovery code is 24 letters and digits. Check it and try again");
    }
    return v;
  }

  /**
   * Where this run's codes come from when none was given: the person (when this run may ask), else with
   * {@code --sandbox} the sandbox's outbox, else nowhere.
   *
   * @param clock the time that times a request for a new code ({@code r}) and, in the sandbox, the code an
   *     authenticator app would show
   * @param sandbox the in-process sandbox, or null
   * @param ended what giving up at the prompt means for the journey and how to start again (see
   *     {@link PromptedCodes})
   * @param endedCommand the command {@code ended} ends with, or null
   * @return the source, or null when no code can be had
   */
  static CodeSource source(Clock clock, OutputOptions output, Secrets secrets, Progress progress,
      SandboxTenant sandbox, String ended, String endedCommand) {
    return source(clock, output, secrets, progress, sandbox, ended, endedCommand, null, null);
  }

  /**
   * As {@link #source(Clock, OutputOptions, Secrets, Progress, SandboxTenant, String, String)}, with what is said when
   * the person gives up at an authenticator app's prompt.
   *
   * @param forAppCodes see {@link PromptedCodes#forAppCodes}, or null
   * @param orSplit see {@link PromptedCodes#orSplit}, or null
   */
  static CodeSource source(Clock clock, OutputOptions output, Secrets secrets, Progress progress,
      SandboxTenant sandbox, String ended, String endedCommand, PromptedCodes.Ending forAppCodes,
      PromptedCodes.Ending orSplit) {
    if (output.canAsk(secrets)) {
      CodeSource prompted = new PromptedCodes(secrets.prompter(), progress, ended, endedCommand, clock)
          .forAppCodes(forAppCodes).orSplit(orSplit);
      return sandbox == null ? prompted : SandboxOutbox.showingAppCodes(prompted, progress, clock);
    }
    return sandbox == null ? null : new SandboxOutbox(sandbox, progress, output.noInput, clock);
  }
}
