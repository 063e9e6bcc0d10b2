package dev.mfakit.client;

import java.util.regex.Pattern;

/**
 * The shapes of the codes a user types, exactly as this client checks them before sending: for callers that check
 * input early (a command line, a form) without a second definition that could drift.
 */
public final class CodeFormat {
  private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
  private static final Pattern RECOVERY_CODE = Pattern.compile("[0-9A-Za-z]{24}");

  private CodeFormat() {}

  /**
   * Whether {@code value} is a one-time code: the {@code binding_code} of an SMS, call or e-mail, or a TOTP code.
   *
   * @param value the code, or null
   * @return true for exactly six ASCII digits
   */
  public static boolean isSixDigitCode(String value) {
    return value != null && SIX_DIGITS.matcher(value).matches();
  }

  /**
   * Whether {@code value} is a recovery code (sent upper-case; either case is accepted).
   *
   * @param value the code, or null
   * @return true for exactly 24 ASCII letters or digits
   */
  public static boolean isRecoveryCode(String value) {
    return value != null && RECOVERY_CODE.matcher(value).matches();
  }
}
