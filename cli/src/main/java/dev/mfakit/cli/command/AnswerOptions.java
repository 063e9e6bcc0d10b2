package dev.mfakit.cli.command;

import picocli.CommandLine.Option;

/** {@code --otp CODE} or {@code --recovery-code [-]}: a second factor known before the run (login, verify). */
class AnswerOptions extends OtpOption {
  @Option(names = "--recovery-code", paramLabel = "-", arity = "0..1", fallbackValue = "", required = true,
      order = 3, description = "Use a recovery code: alone, a no-echo prompt; '-', read it from stdin.")
  String recoveryCode;
}
