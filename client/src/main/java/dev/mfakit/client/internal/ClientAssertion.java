package dev.mfakit.client.internal;

import dev.mfakit.client.InvalidInputException;
import dev.mfakit.client.InvalidInputException.Kind;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import okio.Buffer;
import com.squareup.moshi.JsonWriter;

/**
 * {@code private_key_jwt}: RS256 client assertions signed with the JDK's own crypto. A fresh assertion (new
 * {@code jti}) for every request.
 */
public final class ClientAssertion {
  /** The {@code client_assertion_type} value. */
  static final String TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  /** Assertion lifetime; the protocol allows at most 5 minutes. */
  static final long LIFETIME_SECONDS = 60;

  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  private ClientAssertion() {}

  /** Rejects anything but an RSA private key of at least 2048 bits. */
  public static void checkKey(PrivateKey key) {
    Validation.required(key, "key");
    if (!(key instanceof RSAKey rsa) || !"RSA".equalsIgnoreCase(key.getAlgorithm())) {
      throw new InvalidInputException("key", Kind.MALFORMED, "must be an RSA private key (RS256)");
    }
    if (rsa.getModulus().bitLength() < 2048) {
      throw new InvalidInputException("key", Kind.MALFORMED, "must be at least 2048 bits");
    }
  }

  /** Parses an unencrypted PKCS#8 PEM RSA key. Error messages never contain key material. */
  public static PrivateKey parsePkcs8Pem(String pem) {
    Validation.nonBlank(pem, "pkcs8Pem");
    if (pem.contains("BEGIN RSA PRIVATE KEY")) {
      throw new InvalidInputException("pkcs8Pem", Kind.MALFORMED, "is a PKCS#1 key; convert it with "
          + "'openssl pkcs8 -topk8 -nocrypt -in key.pem' to '-----BEGIN PRIVATE KEY-----'");
    }
    if (pem.contains("BEGIN ENCRYPTED PRIVATE KEY")) {
      throw new InvalidInputException("pkcs8Pem", Kind.MALFORMED,
          "is encrypted; decrypt it first ('openssl pkcs8 -nocrypt')");
    }
    String begin = "-----BEGIN PRIVATE KEY-----";
    String end = "-----END PRIVATE KEY-----";
    int from = pem.indexOf(begin);
    int to = pem.indexOf(end);
    if (from < 0 || to < from) {
      throw new InvalidInputException("pkcs8Pem", Kind.MALFORMED, "must contain '-----BEGIN PRIVATE KEY-----' ... "
          + "'-----END PRIVATE KEY-----'");
    }
    String base64 = pem.substring(from + begin.length(), to).replaceAll("\\s", "");
    PrivateKey key;
    try {
      byte[] der = Base64.getDecoder().decode(base64);
      key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      // The cause is dropped on purpose: provider messages may quote key bytes.
      throw new InvalidInputException("pkcs8Pem", Kind.MALFORMED, "is not a valid PKCS#8 RSA private key");
    }
    checkKey(key);
    return key;
  }

  /**
   * A signed assertion: header {@code {"alg":"RS256","typ":"JWT"[,"kid"]}}, claims {@code iss = sub = clientId},
   * {@code aud = baseUrl + "/"}, {@code iat}, {@code exp = iat + 60 s}, {@code jti} a random UUID.
   */
  static String sign(PrivateKey key, String keyId, String clientId, URI baseUrl, Instant now) {
    try {
      Buffer header = new Buffer();
      try (JsonWriter w = JsonWriter.of(header)) {
        w.beginObject().name("alg").value("RS256").name("typ").value("JWT");
        if (keyId != null) {
          w.name("kid").value(keyId);
        }
        w.endObject();
      }
      long iat = now.getEpochSecond();
      Buffer claims = new Buffer();
      try (JsonWriter w = JsonWriter.of(claims)) {
        w.beginObject()
            .name("iss").value(clientId)
            .name("sub").value(clientId)
            .name("aud").value(baseUrl.toString() + "/")
            .name("iat").value(iat)
            .name("exp").value(iat + LIFETIME_SECONDS)
            .name("jti").value(UUID.randomUUID().toString())
            .endObject();
      }
      String signingInput = B64URL.encodeToString(header.readByteArray()) + "."
          + B64URL.encodeToString(claims.readByteArray());
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + B64URL.encodeToString(signature.sign());
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign the client assertion: " + e.getClass().getSimpleName());
    }
  }
}
