package dev.mfakit.client.internal;

import dev.mfakit.client.CodeFormat;
import dev.mfakit.client.InvalidInputException;
import dev.mfakit.client.InvalidInputException.Kind;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Input checks run before any request is built. Every failure is an {@link InvalidInputException} that names the
 * wire field and the rule, and never echoes the value (it may be a phone number or a secret).
 */
public final class Validation {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

  private Validation() {}

  /** Rejects null with a message naming {@code field}. */
  public static <T> T required(T value, String field) {
    if (value == null) {
      throw new InvalidInputException(field, Kind.MISSING, "is required");
    }
    return value;
  }

  /** Non-blank text. */
  public static String nonBlank(String value, String field) {
    required(value, field);
    if (value.isBlank()) {
      throw new InvalidInputException(field, Kind.MISSING, "must not be blank");
    }
    return value;
  }

  /** Null, or non-blank text. */
  public static String optionalNonBlank(String value, String field) {
    return value == null ? null : nonBlank(value, field);
  }

  /** Tokens and opaque codes (mfa_token, access token, oob_code, client id): non-blank, no whitespace or control characters. */
  public static String token(String value, String field) {
    nonBlank(value, field);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c > ' ' && c < 0x7f) {
        continue; // printable ASCII, all of a real token: skips three table look-ups per char of a ~400-char code
      }
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new InvalidInputException(field, Kind.MALFORMED,
            "must not contain whitespace or control characters");
      }
    }
    return value;
  }

  /** E.164 phone number, ASCII only. */
  public static String phone(String value, String field) {
    required(value, field);
    if (!E164.matcher(value).matches()) {
      throw new InvalidInputException(field, Kind.MALFORMED,
          "must be E.164: '+', country code, 8–15 digits, no spaces, e.g. +15551234567");
    }
    return value;
  }

  /** A plausible e-mail address: one {@code @}, non-empty local part, a dotted domain, no spaces, at most 254 chars. */
  public static String email(String value, String field) {
    required(value, field);
    String problem = emailProblem(value);
    if (problem != null) {
      throw new InvalidInputException(field, Kind.MALFORMED,
          "must be an e-mail address like user@example.com (" + problem + ")");
    }
    return value;
  }

  private static String emailProblem(String value) {
    if (value.length() > 254) {
      return "longer than 254 characters";
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        return "contains spaces or control characters";
      }
    }
    int at = value.indexOf('@');
    if (at < 0 || at != value.lastIndexOf('@')) {
      return "needs exactly one '@'";
    }
    if (at == 0) {
      return "empty local part";
    }
    String domain = value.substring(at + 1);
    if (domain.indexOf('.') < 0 || domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
      return "domain needs a dot, e.g. example.com";
    }
    return null;
  }

  /** A six-digit code: TOTP {@code otp} or the SMS/voice/email {@code binding_code}. */
  public static String sixDigits(String value, String field) {
    required(value, field);
    if (!CodeFormat.isSixDigitCode(value)) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must be exactly 6 digits (0-9)");
    }
    return value;
  }

  /** A 24-character recovery code, returned upper-cased as the server issues it. */
  public static String recoveryCode(String value, String field) {
    required(value, field);
    if (!CodeFormat.isRecoveryCode(value)) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must be 24 letters or digits (no spaces or dashes)");
    }
    return value.toUpperCase(Locale.ROOT);
  }

  /** An authenticator id such as {@code sms|dev_abc}: safe to place in a URL path segment. */
  public static String authenticatorId(String value, String field) {
    nonBlank(value, field);
    if (value.length() > 128) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must be at most 128 characters");
    }
    if (value.contains("..")) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must not contain '..'");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '/' || c == '?' || c == '#' || c == '%' || c == '\\'
          || Character.isWhitespace(c) || Character.isISOControl(c) || Character.isSpaceChar(c)) {
        throw new InvalidInputException(field, Kind.MALFORMED,
            "must not contain '/', '?', '#', '%', '\\', whitespace or control characters");
      }
    }
    return value;
  }

  /** A non-negative duration. */
  public static Duration nonNegative(Duration value, String field) {
    required(value, field);
    if (value.isNegative()) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must not be negative");
    }
    return value;
  }

  /** A strictly positive duration. */
  public static Duration positive(Duration value, String field) {
    required(value, field);
    if (value.isNegative() || value.isZero()) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must be positive");
    }
    return value;
  }

  /**
   * Checks and normalises a tenant base URL: https unless the host is loopback; no user-info, query or fragment;
   * empty path. Returns {@code scheme://host[:port]} without a trailing slash.
   */
  public static URI baseUrl(URI url, String field) {
    required(url, field);
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    String host = url.getHost();
    if (!url.isAbsolute() || url.isOpaque() || host == null || host.isEmpty()) {
      throw new InvalidInputException(field, Kind.MALFORMED,
          "must be an absolute URL like https://acme.us.auth0.com");
    }
    if (url.getRawUserInfo() != null) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must not contain user info");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new InvalidInputException(field, Kind.MALFORMED, "must not have a query or fragment");
    }
    String path = url.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new InvalidInputException(field, Kind.MALFORMED,
          "must not have a path (the MFA API lives at the root)");
    }
    if (scheme.equals("http")) {
      if (!isLoopback(host)) {
        throw new InvalidInputException(field, Kind.NOT_HTTPS,
            "must use https (plain http is allowed only for loopback hosts)");
      }
    } else if (!scheme.equals("https")) {
      throw new InvalidInputException(field, Kind.NOT_HTTPS, "must use https");
    }
    String normalisedHost = host.toLowerCase(Locale.ROOT);
    return URI.create(scheme + "://" + normalisedHost + (url.getPort() == -1 ? "" : ":" + url.getPort()));
  }

  /** True for localhost, 127.0.0.0/8 and ::1, decided from the literal alone (no DNS lookup). */
  static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    if (h.equals("localhost")) {
      return true;
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    boolean literal = h.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || h.contains(":");
    if (!literal) {
      return false;
    }
    try {
      // A literal address never triggers a lookup.
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
