package dev.mfakit.client;

import dev.mfakit.client.internal.WireNames;

/** The channel of an out-of-band authenticator ({@code oob_channel}). */
public enum OobChannel {
  /** {@code sms}. */
  SMS("sms"),
  /** {@code voice}: a phone call reads the code. */
  VOICE("voice"),
  /** {@code email}. */
  EMAIL("email"),
  /** {@code auth0}: Guardian push notifications. */
  AUTH0("auth0"),
  /** A value this client does not know; servers add values. */
  UNKNOWN("unknown");

  private final String wireName;

  OobChannel(String wireName) {
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
  public static OobChannel fromWire(String value) {
    return WireNames.parse(value, values(), OobChannel::wireName, UNKNOWN);
  }
}
