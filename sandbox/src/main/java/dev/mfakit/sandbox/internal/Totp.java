package dev.mfakit.sandbox.internal;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** TOTP per RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, one step of skew either way. */
final class Totp {
  static final int STEP_SECONDS = 30;

  private Totp() {}

  /**
   * The user's totp authenticator (active or still to be confirmed) that accepts {@code otp} now, or null.
   * A step already used for that authenticator is refused, so a code works once. Caller holds the user's lock.
   */
  static Authenticator match(User user, String otp, long nowMs) {
    if (otp.length() != 6) {
      return null;
    }
    int given = 0;
    for (int i = 0; i < 6; i++) {
      char c = otp.charAt(i);
      if (c < '0' || c > '9') {
        return null;
      }
      given = given * 10 + (c - '0');
    }
    long step = Math.floorDiv(nowMs / 1000, STEP_SECONDS);
    for (Authenticator a : user.authenticators) {
      if (a.kind != Kind.TOTP) {
        continue;
      }
      for (long s = step - 1; s <= step + 1; s++) {
        if (s > a.lastOtpStep && code(a.totpSecret, s) == given) {
          // ASSUMPTION (docs/protocol.md): as RFC 6238 §5.2 recommends, a code (time step) is accepted once per authenticator.
          a.lastOtpStep = s;
          return a;
        }
      }
    }
    return null;
  }

  /** The 6-digit HOTP value (RFC 4226 §5.3) of {@code key} at counter {@code step}. */
  static int code(byte[] key, long step) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16)
          | ((h[offset + 2] & 0xff) << 8) | (h[offset + 3] & 0xff);
      return binary % 1_000_000;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }
}
