package dev.mfakit.cli.command;

import picocli.CommandLine.Option;

/**
 * {@code --otp CODE}, declared once for every verb that passes MFA with an authenticator app. An argument-group
 * class: verbs put it in an exclusive {@code @ArgGroup}, and {@link AnswerOptions} and the verify answer extend it.
 */
class OtpOption {
  @Option(names = "--otp", paramLabel = "CODE", required = true, order = 2,
      description = "The 6-digit code from an authenticator app.")
  String otp;

  /** The checked OTP, or null when not given. */
  String otp() {
    return otp == null ? null : Codes.sixDigits("--otp", otp);
  }
}
