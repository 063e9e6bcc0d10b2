package dev.mfakit.client;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tests' own TOTP (RFC 6238 over RFC 4226; SHA-1, 6 digits, 30 s), so journeys compute what an authenticator app
 * would show from the {@code secret} of an association, without touching sandbox internals.
 */
final class Rfc6238 {
  private static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

  private Rfc6238() {}

  /** The 6-digit code an app shows for {@code base32Secret} at {@code time}. */
  static String code(String base32Secret, Instant time) {
    return hotp(base32(base32Secret), Math.floorDiv(time.getEpochSecond(), 30), 6);
  }

  /** RFC 4226 §5.3: HMAC-SHA1 of the big-endian counter, dynamic truncation, {@code digits} decimal digits. */
  static String hotp(byte[] key, long counter, int digits) {
    byte[] h;
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    int offset = h[h.length - 1] & 0x0f;
    int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
        | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
    long modulus = (long) Math.pow(10, digits);
    return String.format(Locale.ROOT, "%0" + digits + "d", binary % modulus);
  }

  /** RFC 4648 base32, upper or lower case, padding optional. */
  static byte[] base32(String text) {
    String s = text.replace("=", "").toUpperCase(Locale.ROOT);
    byte[] out = new byte[s.length() * 5 / 8];
    long buffer = 0;
    int bits = 0;
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      int v = BASE32.indexOf(s.charAt(i));
      if (v < 0) {
        throw new IllegalArgumentException("not base32");
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
}
