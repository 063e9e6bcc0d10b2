package dev.mfakit.cli.batch;

import dev.mfakit.client.Enrollment;
import java.util.Locale;

/** The factor of a row: the one factor column it fills in. */
public enum BatchFactor {
  /** {@code phone}: SMS codes to an E.164 number. */
  PHONE,
  /** {@code voice}: codes read out by a call to an E.164 number. */
  VOICE,
  /** {@code email}: codes by e-mail. */
  EMAIL,
  /** {@code authenticator_app}: TOTP; the value is {@code true}. */
  AUTHENTICATOR_APP;

  /** The input column, which is also the {@code factor} of the row's result. */
  public String column() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Whether enrolling it sends a message (SMS, call, e-mail): the sends a journal must make durable first. */
  public boolean sendsMessage() {
    return this != AUTHENTICATOR_APP;
  }

  /**
   * What the client enrolls for this factor.
   *
   * @param recipient the phone number or address (ignored for the app)
   */
  public Enrollment enrollment(String recipient) {
    return switch (this) {
      case PHONE -> Enrollment.sms(recipient);
      case VOICE -> Enrollment.voice(recipient);
      case EMAIL -> Enrollment.email(recipient);
      case AUTHENTICATOR_APP -> Enrollment.otp();
    };
  }

  /** The factor of a column name, or null when it is not a factor column. */
  static BatchFactor ofColumn(String column) {
    for (BatchFactor f : values()) {
      if (f.column().equals(column)) {
        return f;
      }
    }
    return null;
  }
}
