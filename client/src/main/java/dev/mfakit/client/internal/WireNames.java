package dev.mfakit.client.internal;

import java.util.Locale;
import java.util.function.Function;

/** The one lookup behind every public enum's {@code fromWire}: servers add values, so unknown ones are tolerated. */
public final class WireNames {
  private WireNames() {}

  /** The constant whose wire name equals {@code value} case-insensitively, or {@code unknown} for anything else. */
  public static <E extends Enum<E>> E parse(String value, E[] constants, Function<E, String> wireName, E unknown) {
    if (value == null) {
      return unknown;
    }
    String v = value.toLowerCase(Locale.ROOT);
    for (E c : constants) {
      if (c != unknown && wireName.apply(c).equals(v)) {
        return c;
      }
    }
    return unknown;
  }
}
