package dev.mfakit.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generates and authenticates every token and code the tenant hands out.
 *
 * <p>Speed matters here (several values per journey), so: one DRBG per thread (no shared lock, unlike the
 * default NativePRNG), one HMAC-SHA256 instance per thread, and {@link ThreadLocalRandom} for the parts of
 * the Iron-shaped codes that are pure filler and carry no secret.
 */
final class Codes {
  static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
  static final Base64.Decoder B64URL_DEC = Base64.getUrlDecoder();
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final char[] ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
  // GUESS (docs/protocol.md, "Formats"): the alphabet seen in 8 real recovery codes; digit 0, I and O never appear.
  private static final char[] RECOVERY_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZ".toCharArray();
  private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

  private static final ThreadLocal<SecureRandom> RANDOM = ThreadLocal.withInitial(Codes::newRandom);

  private final byte[] key;
  private final ThreadLocal<Mac> macs;

  Codes() {
    key = new byte[32];
    RANDOM.get().nextBytes(key);
    macs = ThreadLocal.withInitial(this::newMac);
  }

  private static SecureRandom newRandom() {
    try {
      return SecureRandom.getInstance("DRBG");
    } catch (NoSuchAlgorithmException e) {
      return new SecureRandom();
    }
  }

  private Mac newMac() {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(key, "HmacSHA256"));
      return m;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }

  /** HMAC-SHA256 of {@code data} under the tenant's key. */
  byte[] mac(byte[] data) {
    return macs.get().doFinal(data);
  }

  byte[] mac(String data) {
    return mac(data.getBytes(StandardCharsets.US_ASCII));
  }

  static boolean constantTimeEquals(byte[] a, byte[] b) {
    return MessageDigest.isEqual(a, b);
  }

  static boolean constantTimeEquals(String a, String b) {
    if (a == null || b == null) {
      return false;
    }
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  /** 6 digits, leading zeros kept. */
  static String sixDigits() {
    int n = RANDOM.get().nextInt(1_000_000);
    char[] c = new char[6];
    for (int i = 5; i >= 0; i--) {
      c[i] = (char) ('0' + n % 10);
      n /= 10;
    }
    return new String(c);
  }

  /** 24 characters from the recovery-code alphabet. */
  static String recoveryCode() {
    return randomString(RANDOM.get(), RECOVERY_ALPHABET, 24);
  }

  /** {@code prefix|dev_} + 16 alphanumerics. Ids are not secrets, so the fast generator is enough. */
  static String authenticatorSuffix() {
    return "dev_" + randomString(ThreadLocalRandom.current(), ALNUM, 16);
  }

  private static String randomString(Random random, char[] alphabet, int length) {
    char[] c = new char[length];
    for (int i = 0; i < length; i++) {
      c[i] = alphabet[random.nextInt(alphabet.length)];
    }
    return new String(c);
  }

  /** 20 random bytes: a TOTP secret, 32 base32 characters once encoded. */
  static byte[] totpSecret() {
    byte[] b = new byte[20];
    RANDOM.get().nextBytes(b);
    return b;
  }

  static String base32(byte[] data) {
    StringBuilder sb = new StringBuilder((data.length * 8 + 4) / 5);
    int buffer = 0;
    int bits = 0;
    for (byte b : data) {
      buffer = (buffer << 8) | (b & 0xff);
      bits += 8;
      while (bits >= 5) {
        sb.append(BASE32[(buffer >> (bits - 5)) & 31]);
        bits -= 5;
      }
    }
    if (bits > 0) {
      sb.append(BASE32[(buffer << (5 - bits)) & 31]);
    }
    return sb.toString();
  }

  static String hex(byte[] data) {
    char[] c = new char[data.length * 2];
    for (int i = 0; i < data.length; i++) {
      c[2 * i] = HEX[(data[i] >> 4) & 15];
      c[2 * i + 1] = HEX[data[i] & 15];
    }
    return new String(c);
  }

  /** The SHA-256 of {@code text} in hex: what the tenant keeps of a token it only needs to recognise. */
  static String sha256Hex(String text) {
    try {
      return hex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.get().nextBytes(b);
    return hex(b);
  }

  static String fillerB64(int bytes) {
    return B64URL.encodeToString(fillerBytes(bytes));
  }

  // ---- mfa_token, Iron-shaped and about 2 KB like the real ones (docs/protocol.md, "Formats"):
  // Fe26.2**<id hex64>*<iv b64url>*<filler b64url, 1368 bytes>*<expiry ms>*<salt hex64>*<mac b64url>
  // The id is the tenant's map key; the MAC covers everything before it, so a token changed anywhere is refused;
  // the sealed expiry lets the tenant answer "expired" (not "invalid") for a genuine token the sweeper evicted.

  static final String MFA_TOKEN_PREFIX = "Fe26.2**";
  private static final int MFA_TOKEN_FILLER = 1368;

  /** A new mfa_token and its id (the map key). */
  record MfaTokenRef(String id, String token, long expiresAt) {
    @Override
    public String toString() {
      return "MfaTokenRef[" + expiresAt + "]"; // never the token itself
    }
  }

  MfaTokenRef mfaToken(long expiresAt) {
    String id = randomHex(32);
    StringBuilder sb = new StringBuilder(2100)
        .append(MFA_TOKEN_PREFIX).append(id).append('*')
        .append(fillerB64(16)).append('*')
        .append(fillerB64(MFA_TOKEN_FILLER)).append('*')
        .append(expiresAt).append('*')
        .append(hex(fillerBytes(32))).append('*');
    String sealed = sb.toString();
    return new MfaTokenRef(id, sb.append(B64URL.encodeToString(mac(sealed))).toString(), expiresAt);
  }

  /** The id and expiry of a genuine mfa_token of this tenant (expired or not), or null if it is not one. */
  MfaTokenRef parseMfaToken(String token) {
    if (!token.startsWith(MFA_TOKEN_PREFIX) || token.length() > 4096) {
      return null;
    }
    int idEnd = token.indexOf('*', MFA_TOKEN_PREFIX.length());
    int macStart = token.lastIndexOf('*') + 1;
    if (idEnd - MFA_TOKEN_PREFIX.length() != 64 || macStart <= idEnd) {
      return null;
    }
    // The expiry is the field before the salt: the 5th '*'-field after the prefix.
    int saltStart = token.lastIndexOf('*', macStart - 2) + 1;
    int expiryStart = token.lastIndexOf('*', saltStart - 2) + 1;
    if (expiryStart <= idEnd || saltStart - 1 <= expiryStart) {
      return null;
    }
    byte[] given;
    long expiry;
    try {
      given = B64URL_DEC.decode(token.substring(macStart));
      expiry = Long.parseLong(token, expiryStart, saltStart - 1, 10);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (!constantTimeEquals(mac(token.substring(0, macStart)), given)) {
      return null;
    }
    return new MfaTokenRef(token.substring(MFA_TOKEN_PREFIX.length(), idEnd), token, expiry);
  }

  // ---- oob_code, Iron-shaped like the real ones (about 640 characters):
  // Fe26.2*SERVER_<keyTs>*<id hex64>*<iv b64url>*<ciphertext b64url>*<expiry ms>*<salt hex64>*<mac b64url>
  // Only the id (the map key), the expiry and the MAC over both carry meaning; the rest is filler.

  String oobCode(String id, long keyTs, long expiresAt) {
    String mac = B64URL.encodeToString(mac(id + '*' + expiresAt));
    return new StringBuilder(660)
        .append("Fe26.2*SERVER_").append(keyTs).append('*')
        .append(id).append('*')
        .append(fillerB64(16)).append('*')
        .append(fillerB64(288)).append('*')
        .append(expiresAt).append('*')
        .append(hex(fillerBytes(32))).append('*')
        .append(mac)
        .toString();
  }

  private static byte[] fillerBytes(int n) {
    byte[] b = new byte[n];
    ThreadLocalRandom.current().nextBytes(b);
    return b;
  }

  /** The id and expiry of a genuine oob_code of this tenant, or null if it is not one. */
  OobRef parseOobCode(String code) {
    if (!code.startsWith("Fe26.2*SERVER_")) {
      return null;
    }
    String[] f = code.split("\\*", -1);
    if (f.length != 8 || f[2].length() != 64) {
      return null;
    }
    long expiry;
    try {
      expiry = Long.parseLong(f[5]);
    } catch (NumberFormatException e) {
      return null;
    }
    byte[] expected = mac(f[2] + '*' + expiry);
    byte[] given;
    try {
      given = B64URL_DEC.decode(f[7]);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return constantTimeEquals(expected, given) ? new OobRef(f[2], expiry) : null;
  }

  record OobRef(String id, long expiresAt) {}
}
