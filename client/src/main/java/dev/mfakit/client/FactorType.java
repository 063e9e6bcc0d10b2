package dev.mfakit.client;

import dev.mfakit.client.internal.WireNames;

/** A factor type named in {@code mfa_requirements} (and in the newer {@code type} field of authenticators). */
public enum FactorType {
  /** {@code otp}: a TOTP app ({@code totp} is read as this too). */
  OTP("otp"),
  /** {@code push-notification}: Guardian push. */
  PUSH_NOTIFICATION("push-notification"),
  /** {@code phone}: SMS or voice. */
  PHONE("phone"),
  /** {@code email}. */
  EMAIL("email"),
  /** {@code recovery-code}. */
  RECOVERY_CODE("recovery-code"),
  /** A value this client does not know; servers add values. */
  UNKNOWN("unknown");

  private final String wireName;

  FactorType(String wireName) {
    this.wireName = wireName;
  }

  /**
   * The name on the wire.
   *
   * @return e.g. {@code "push-notification"}; {@code "unknown"} for {@link #UNKNOWN}
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
  public static FactorType fromWire(String value) {
    return value != null && value.equalsIgnoreCase("totp") ? OTP
        : WireNames.parse(value, values(), FactorType::wireName, UNKNOWN);
  }
}
