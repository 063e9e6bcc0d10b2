package dev.mfakit.client;

/**
 * How phone numbers and e-mail addresses are shown to people (messages, logs, {@code toString()}): enough to
 * recognise, not enough to reuse. One definition for this client and the programs that show what it sends.
 */
public final class Mask {
  private static final String HIDDEN = "██";

  private Mask() {}

  /**
   * Masks a phone number: {@code +15551234567} becomes {@code +1******4567} (the '+', the first digit, a star for
   * each digit hidden, the last four digits).
   *
   * @param e164 the number in E.164 form, or null
   * @return the masked number; {@code ██} for anything that is not a plausible number; null for null
   */
  public static String phone(String e164) {
    if (e164 == null) {
      return null;
    }
    if (e164.length() < 8 || !e164.startsWith("+")) {
      return HIDDEN;
    }
    return e164.substring(0, 2) + "*".repeat(e164.length() - 6) + e164.substring(e164.length() - 4);
  }

  /**
   * Masks an e-mail address: {@code jane.doe@example.com} becomes {@code j***@example.com}.
   *
   * @param address the address, or null
   * @return the masked address; {@code ***} for anything without a local part and an '@'; null for null
   */
  public static String email(String address) {
    if (address == null) {
      return null;
    }
    int at = address.lastIndexOf('@');
    if (at < 1) {
      return "***";
    }
    return address.charAt(0) + "***" + address.substring(at);
  }

  /**
   * Masks where a code goes: an e-mail address (it has an '@') or else a phone number.
   *
   * @param phoneOrEmail the number or address, or null
   * @return the masked value, as {@link #email(String)} or {@link #phone(String)}
   */
  public static String recipient(String phoneOrEmail) {
    return phoneOrEmail != null && phoneOrEmail.contains("@") ? email(phoneOrEmail) : phone(phoneOrEmail);
  }
}
