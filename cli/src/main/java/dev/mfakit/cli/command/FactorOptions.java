package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.Factor;
import dev.mfakit.cli.flow.OobFactor;
import dev.mfakit.cli.flow.OtpFactor;
import dev.mfakit.cli.flow.PushFactor;
import dev.mfakit.client.InvalidInputException;
import picocli.CommandLine.Option;

/**
 * {@code mfa associate}'s choice of factor (an exclusive argument group). A new factor adds its option here and
 * builds its {@link Factor} in {@link #factor()}.
 */
final class FactorOptions {
  @Option(names = "--phone", paramLabel = "E164", required = true,
      description = "SMS: text codes to this number, E.164 form, e.g. +15551234567.")
  String phone;

  @Option(names = "--voice", paramLabel = "E164", required = true,
      description = "Voice: codes read out by a phone call to this number.")
  String voice;

  @Option(names = "--email", paramLabel = "ADDR", required = true,
      description = "E-mail: codes sent to this address.")
  String email;

  @Option(names = "--authenticator-app", required = true,
      description = "An authenticator app (TOTP): scan the QR code shown (or type the key), then enter the code the"
          + " app shows.")
  boolean authenticatorApp;

  @Option(names = "--push", required = true,
      description = "Push: scan the QR code with the Guardian app, then approve on the phone while mfa waits.")
  boolean push;

  /** The option given. */
  String option() {
    return authenticatorApp ? "--authenticator-app" : push ? "--push" : email != null ? "--email"
        : voice != null ? "--voice" : "--phone";
  }

  /** Whether the factor is added by scanning a QR code (an authenticator app, push) rather than by a sent code. */
  boolean scanned() {
    return authenticatorApp || push;
  }

  /** What a code sent and never entered wastes: "SMS", "call", "e-mail". */
  String wasted() {
    return email != null ? "e-mail" : voice != null ? "call" : "SMS";
  }

  /**
   * The factor to enroll, its number or address checked by the client.
   *
   * @throws Failure (exit 2) naming the option when the number or address is malformed
   */
  Factor factor() {
    if (authenticatorApp) {
      return OtpFactor.authenticatorApp();
    }
    if (push) {
      return PushFactor.guardian();
    }
    try {
      return email != null ? OobFactor.email(email) : voice != null ? OobFactor.voice(voice) : OobFactor.sms(phone);
    } catch (InvalidInputException e) {
      if (email != null) {
        throw Failure.usage("--email: " + e.field() + " " + e.rule());
      }
      throw Failure.usage(option() + " must be in E.164 form: '+', country code and number, digits only, e.g. ",
          "+15551234567");
    }
  }
}
