package dev.mfakit.client;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The codes an authenticator app shows (RFC 6238 TOTP over RFC 4226 HOTP, with the JDK's HMAC), for scripts that
 * must keep a test or service account able to sign in, and for finishing an authenticator-app enrollment without a
 * phone:
 *
 * <pre>{@code
 * Association app = mfa.associate(mfaToken, Enrollment.otp());
 * String code = Totp.fromBase32(app.secret()).codeAt(Instant.now());
 * mfa.verifyOtp(mfaToken, code);
 * }</pre>
 *
 * <p>Auth0 uses SHA-1, 6 digits and 30-second steps ({@link #fromBase32}); {@link #fromOtpauthUri} reads other
 * parameters from a {@code barcode_uri}. A tenant accepts each step's code once per authenticator: a second
 * verification within the same step needs the next code ({@link #nextStepAt}).
 *
 * <p>Immutable and thread-safe. The secret is a secret: {@link #toString()} never shows it.
 */
public final class Totp {
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private final byte[] key;
  private final String algorithm;
  private final int digits;
  private final Duration period;

  private Totp(byte[] key, String algorithm, int digits, Duration period) {
    if (key.length == 0) {
      throw new IllegalArgumentException("secret must not be empty");
    }
    if (digits < 6 || digits > 8) {
      throw new IllegalArgumentException("digits must be 6, 7 or 8");
    }
    if (period.isNegative() || period.isZero() || period.getNano() != 0) {
      throw new IllegalArgumentException("period must be a positive whole number of seconds");
    }
    this.key = key;
    this.algorithm = algorithm;
    this.digits = digits;
    this.period = period;
    mac(); // fails now, not at the first code, if the algorithm is not there
  }

  /**
   * Auth0's TOTP (SHA-1, 6 digits, 30 s) for a base32 secret, such as an association's {@code secret} or what {@code
   * oathtool --totp -b} takes.
   *
   * @param base32Secret RFC 4648 base32; case, spaces and {@code =} padding are ignored
   * @return the generator
   * @throws IllegalArgumentException if the secret is empty or not base32 (the message never quotes it)
   */
  public static Totp fromBase32(String base32Secret) {
    return new Totp(base32(base32Secret), "HmacSHA1", 6, Duration.ofSeconds(30));
  }

  /**
   * The TOTP of an {@code otpauth://totp/...} URI (a {@code barcode_uri}): its {@code secret}, and {@code algorithm}
   * ({@code SHA1}, {@code SHA256}, {@code SHA512}), {@code digits} and {@code period} when present.
   *
   * @param uri the URI
   * @return the generator
   * @throws IllegalArgumentException if it is not an otpauth TOTP URI with a valid secret and parameters (the
   *     message never quotes the URI, which holds the secret)
   */
  public static Totp fromOtpauthUri(String uri) {
    if (uri == null) {
      throw new IllegalArgumentException("the otpauth URI is missing");
    }
    URI parsed;
    try {
      parsed = URI.create(uri.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("not a URI; expected otpauth://totp/...");
    }
    if (!"otpauth".equalsIgnoreCase(parsed.getScheme()) || !"totp".equalsIgnoreCase(parsed.getHost())) {
      throw new IllegalArgumentException("not an otpauth://totp/ URI");
    }
    String secret = null;
    String algorithm = "HmacSHA1";
    int digits = 6;
    long seconds = 30;
    String query = parsed.getRawQuery() == null ? "" : parsed.getRawQuery();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        continue;
      }
      String name = pair.substring(0, eq).toLowerCase(Locale.ROOT);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      switch (name) {
        case "secret" -> secret = value;
        case "algorithm" -> algorithm = switch (value.toUpperCase(Locale.ROOT)) {
          case "SHA1" -> "HmacSHA1";
          case "SHA256" -> "HmacSHA256";
          case "SHA512" -> "HmacSHA512";
          default -> throw new IllegalArgumentException("algorithm must be SHA1, SHA256 or SHA512");
        };
        case "digits" -> digits = positiveInt(value, "digits");
        case "period" -> seconds = positiveInt(value, "period");
        default -> { } // issuer, image, ...: nothing to do with the code
      }
    }
    if (secret == null) {
      throw new IllegalArgumentException("the otpauth URI has no secret");
    }
    return new Totp(base32(secret), algorithm, digits, Duration.ofSeconds(seconds));
  }

  private static int positiveInt(String value, String name) {
    try {
      int n = Integer.parseInt(value.strip());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(name + " must be a positive whole number");
  }

  /**
   * The code at {@code time}: HOTP of the step {@code floor(epochSeconds / period)}, zero-padded.
   *
   * @param time the time (not before 1970)
   * @return e.g. {@code "028441"}
   */
  public String codeAt(Instant time) {
    return hotp(step(time));
  }

  /**
   * When the step after the one holding {@code time} begins: the first moment a new code exists.
   *
   * @param time the time
   * @return the start of the next step
   */
  public Instant nextStepAt(Instant time) {
    return Instant.ofEpochSecond((step(time) + 1) * period.getSeconds());
  }

  /**
   * The number of digits of each code.
   *
   * @return 6, 7 or 8
   */
  public int digits() {
    return digits;
  }

  /**
   * The length of one step.
   *
   * @return e.g. 30 seconds
   */
  public Duration period() {
    return period;
  }

  private long step(Instant time) {
    if (time.getEpochSecond() < 0) {
      throw new IllegalArgumentException("time must not be before 1970");
    }
    return time.getEpochSecond() / period.getSeconds();
  }

  /** RFC 4226 §5.3: HMAC of the big-endian counter, dynamic truncation, {@code digits} decimal digits. */
  private String hotp(long counter) {
    byte[] h = mac().doFinal(ByteBuffer.allocate(8).putLong(counter).array());
    int offset = h[h.length - 1] & 0x0f;
    int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
        | (h[offset + 3] & 0xff);
    int modulus = digits == 6 ? 1_000_000 : digits == 7 ? 10_000_000 : 100_000_000;
    String code = Integer.toString(binary % modulus);
    return "0".repeat(digits - code.length()) + code;
  }

  private Mac mac() {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM has no " + algorithm, e);
    }
  }

  /** RFC 4648 base32; case, spaces and padding ignored. */
  private static byte[] base32(String text) {
    if (text == null) {
      throw new IllegalArgumentException("the secret is missing");
    }
    String s = text.replace(" ", "").replace("=", "").toUpperCase(Locale.ROOT);
    if (s.isEmpty()) {
      throw new IllegalArgumentException("the secret is empty");
    }
    byte[] out = new byte[s.length() * 5 / 8];
    long buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE32.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("the secret is not base32 (letters A-Z and digits 2-7)");
      }
      buffer = (buffer << 5) | v;
      bits += 5;
      if (bits >= 8) {
        out[n++] = (byte) (buffer >>> (bits - 8));
        bits -= 8;
      }
    }
    return out;
  }

  /** Equal when they would show the same codes (compared in constant time). */
  @Override
  public boolean equals(Object o) {
    return o instanceof Totp t && MessageDigest.isEqual(key, t.key) && algorithm.equals(t.algorithm)
        && digits == t.digits && period.equals(t.period);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(new Object[] {algorithm, digits, period});
  }

  /** The parameters, never the secret. */
  @Override
  public String toString() {
    return "Totp[" + algorithm.substring("Hmac".length()) + ", " + digits + " digits, " + period.getSeconds()
        + " s, secret=██]";
  }
}
