package dev.mfakit.client;

import dev.mfakit.client.internal.WireNames;

/** The {@code authenticator_type} of an enrolled or enrolling authenticator. */
public enum AuthenticatorType {
  /** {@code otp}: a TOTP app. */
  OTP("otp"),
  /** {@code oob}: out of band (SMS, voice, e-mail, push). */
  OOB("oob"),
  /** {@code recovery-code}. */
  RECOVERY_CODE("recovery-code"),
  /** A value this client does not know; servers add values. */
  UNKNOWN("unknown");

  private final String wireName;

  AuthenticatorType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name on the wire.
   *
   * @return the wire value; {@code "unknown"} for {@link #UNKNOWN}
   */
  public String wireName() {
    return wireName;
  }

  /**
   * Parses a wire value, case-insensitively.
   *
   * @param value the wire value, or null
   * @return the constant, or {@link #UNKNOWN} for null or an unrecognised value
   */
  public static AuthenticatorType fromWire(String value) {
    return WireNames.parse(value, values(), AuthenticatorType::wireName, UNKNOWN);
  }
}
