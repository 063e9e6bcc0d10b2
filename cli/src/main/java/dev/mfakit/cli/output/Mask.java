package dev.mfakit.cli.output;

/** How phone numbers and e-mail addresses appear in messages: enough to recognise, not enough to reuse. */
public final class Mask {
  private Mask() {}

  /** {@code +15551234567} -> {@code +1******4567}: the '+' and first digit, stars, the last 4 digits. */
  public static String phone(String e164) {
    if (e164 == null || e164.length() < 7) {
      return "******";
    }
    return e164.substring(0, 2) + "*".repeat(e164.length() - 6) + e164.substring(e164.length() - 4);
  }

  /** {@code jane.doe@example.com} -> {@code j***@example.com}. */
  public static String email(String address) {
    int at = address == null ? -1 : address.lastIndexOf('@');
    if (at < 1) {
      return "***";
    }
    return address.charAt(0) + "***" + address.substring(at);
  }

  /** A recipient of either kind. */
  public static String recipient(String phoneOrEmail) {
    return phoneOrEmail != null && phoneOrEmail.contains("@") ? email(phoneOrEmail) : phone(phoneOrEmail);
  }
}
