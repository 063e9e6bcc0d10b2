package dev.mfakit.client;

import dev.mfakit.client.internal.WireNames;

/** How an out-of-band code is bound to the sign-in ({@code binding_method}). */
public enum BindingMethod {
  /** {@code prompt}: the user types the code they received (the {@code binding_code}). */
  PROMPT("prompt"),
  /** A value this client does not know; servers add values. */
  UNKNOWN("unknown");

  private final String wireName;

  BindingMethod(String wireName) {
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
  public static BindingMethod fromWire(String value) {
    return WireNames.parse(value, values(), BindingMethod::wireName, UNKNOWN);
  }
}
