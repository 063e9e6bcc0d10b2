package dev.mfakit.client;

import dev.mfakit.client.internal.WireNames;

/** The {@code challenge_type} of a challenge answer. */
public enum ChallengeType {
  /** {@code otp}: ask the user for the code their TOTP app shows. */
  OTP("otp"),
  /** {@code oob}: a code was sent (SMS, voice, e-mail) or a push notification. */
  OOB("oob"),
  /** A value this client does not know; servers add values. */
  UNKNOWN("unknown");

  private final String wireName;

  ChallengeType(String wireName) {
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
  public static ChallengeType fromWire(String value) {
    return WireNames.parse(value, values(), ChallengeType::wireName, UNKNOWN);
  }
}
