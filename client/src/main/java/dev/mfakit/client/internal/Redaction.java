package dev.mfakit.client.internal;

import dev.mfakit.client.Mask;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Masking of secrets and personal data for {@code toString()}, log lines and exception messages. */
public final class Redaction {
  /** What a secret prints as. */
  public static final String MASK = "██";

  /** Body fields whose values are secrets, in requests and responses alike. */
  static final Set<String> SECRET_FIELDS = Set.of(
      "password", "client_secret", "client_assertion", "mfa_token", "oob_code", "binding_code", "otp",
      "recovery_code", "recovery_codes", "access_token", "id_token", "refresh_token", "secret", "barcode_uri");

  private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@]+");
  private static final Pattern PHONE_LIKE = Pattern.compile("\\+?[0-9][0-9 ().-]{6,}[0-9]");
  private static final Pattern DIGIT_RUN = Pattern.compile("[0-9]{6,}");
  private static final Pattern TOKEN_LIKE = Pattern.compile("\\S{20,}");
  // Long but harmless: hyphenated words such as "X-RateLimit-Remaining" in Auth0's own 429 text.
  private static final Pattern HYPHENATED_WORDS = Pattern.compile("[A-Za-z]{1,19}(?:-[A-Za-z]{1,19})+[.,;:!?)]*");
  private static final Pattern ERROR_CODE = Pattern.compile("[A-Za-z][A-Za-z0-9_.-]{0,63}");
  private static final int MAX_DESCRIPTION = 200;

  private Redaction() {}

  /** {@link #MASK} for a present value, {@code null} for an absent one (so toString shows which fields exist). */
  public static String secret(Object value) {
    return value == null ? null : MASK;
  }

  /** {@code +15551234567} becomes {@code +1******4567}; anything that is not a plausible number is fully masked. */
  public static String phone(String value) {
    return Mask.phone(value);
  }

  /**
   * A username or e-mail address as people see it elsewhere: {@code jane@example.com} becomes {@code
   * j***@example.com} ({@link Mask#email}); a username that is no address keeps its first character ({@code j***}).
   */
  public static String person(String value) {
    if (value == null) {
      return null;
    }
    return value.contains("@") ? Mask.email(value) : value.isEmpty() ? value : value.charAt(0) + "***";
  }

  /**
   * Makes a server-supplied text safe for an exception message: masks e-mail addresses, phone-like numbers, runs
   * of 6+ digits and token-like runs of 20+ non-space characters, strips control characters, caps the length.
   */
  static String sanitize(String text) {
    if (text == null) {
      return null;
    }
    String s = text.replaceAll("\\p{Cntrl}", " ").strip();
    s = replaceAll(EMAIL, s, "<email>");
    s = TOKEN_LIKE.matcher(s).replaceAll(m -> HYPHENATED_WORDS.matcher(m.group()).matches()
        ? Matcher.quoteReplacement(m.group()) : "<redacted>");
    s = replaceAll(PHONE_LIKE, s, "<number>");
    s = replaceAll(DIGIT_RUN, s, "<number>");
    if (s.length() > MAX_DESCRIPTION) {
      s = s.substring(0, MAX_DESCRIPTION - 1) + "…";
    }
    return s;
  }

  /**
   * Replaces the given values (longest first) with {@link #MASK} wherever they stand as a whole word. Values under 4
   * characters are left alone: masking a one-letter password inside "password" would garble every message.
   */
  static String without(String text, Collection<String> values) {
    if (text == null || values == null || values.isEmpty()) {
      return text;
    }
    List<String> sorted = new ArrayList<>();
    for (String v : values) {
      if (v != null && v.strip().length() >= 4) {
        sorted.add(v);
      }
    }
    sorted.sort(Comparator.comparingInt(String::length).reversed());
    String out = text;
    for (String v : sorted) {
      out = Pattern.compile("(?<![A-Za-z0-9])" + Pattern.quote(v) + "(?![A-Za-z0-9])").matcher(out)
          .replaceAll(Matcher.quoteReplacement(MASK));
    }
    return out;
  }

  /**
   * An OAuth {@code error} code as it may appear in a message: codes are short snake_case words, so anything else
   * (a server echoing input, say) is replaced whole.
   */
  static String errorCode(String error) {
    if (error == null) {
      return null;
    }
    return ERROR_CODE.matcher(error).matches() ? error : "<unexpected error code>";
  }

  private static String replaceAll(Pattern pattern, String s, String replacement) {
    return pattern.matcher(s).replaceAll(Matcher.quoteReplacement(replacement));
  }
}
