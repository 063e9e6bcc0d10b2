package dev.mfakit.sandbox.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import okhttp3.tls.HeldCertificate;

/**
 * The RS256 key that signs ID tokens and API access tokens, and its JWKS. One per JVM, made on first use (an RSA
 * key pair takes tens of milliseconds; a tenant per test must stay cheap): every tenant of the JVM signs with it,
 * which no test can tell apart from a key per tenant, since each tenant publishes it under its own issuer.
 *
 * <p>RSA-2048 signing costs about 1 ms of CPU per token on a current core; one {@link Signature} per thread keeps
 * that the only cost (no provider lookup, no re-initialisation).
 */
final class SigningKey {
  private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();

  /** The per-JVM key, made when the holder class is first touched. */
  private static final class Holder {
    static final SigningKey KEY = new SigningKey();
  }

  final KeyPair keyPair;
  /** RFC 7638 thumbprint of the public JWK: stable for the key, distinct from any other key's. */
  final String kid;
  /** {@code {"keys":[...]}}, as served at /.well-known/jwks.json. */
  final byte[] jwks;
  /** base64url of {@code {"alg":"RS256","typ":"JWT","kid":...}}: the same for every token. */
  final String jwtHeader;
  private final ThreadLocal<Signature> signers;
  private final ThreadLocal<Signature> verifiers;

  private SigningKey() {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      keyPair = generator.generateKeyPair();
      RSAPublicKey pub = (RSAPublicKey) keyPair.getPublic();
      String n = B64URL.encodeToString(unsigned(pub.getModulus()));
      String e = B64URL.encodeToString(unsigned(pub.getPublicExponent()));
      String canonical = "{\"e\":\"" + e + "\",\"kty\":\"RSA\",\"n\":\"" + n + "\"}";
      kid = B64URL.encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(canonical.getBytes(StandardCharsets.UTF_8)));
      // Real tenants publish the key's X.509 chain too (x5c, x5t); some JWKS readers take the key from there.
      // ASSUMPTION (docs/protocol.md, "Signed tokens"): a self-signed certificate for the key, as Auth0's are.
      long now = System.currentTimeMillis();
      HeldCertificate certificate = new HeldCertificate.Builder()
          .keyPair(keyPair)
          .commonName(Tenant.NAME)
          .validityInterval(now - TimeUnit.DAYS.toMillis(1), now + TimeUnit.DAYS.toMillis(3650))
          .build();
      byte[] der = certificate.certificate().getEncoded();
      jwks = new Json.Out().beginObject().name("keys").beginArray().beginObject()
          .field("kty", "RSA")
          .field("use", "sig")
          .field("alg", "RS256")
          .field("kid", kid)
          .field("n", n)
          .field("e", e)
          .name("x5c").beginArray().value(Base64.getEncoder().encodeToString(der)).endArray()
          .field("x5t", B64URL.encodeToString(MessageDigest.getInstance("SHA-1").digest(der)))
          .endObject().endArray().endObject().bytes();
      jwtHeader = B64URL.encodeToString(new Json.Out().beginObject()
          .field("alg", "RS256").field("typ", "JWT").field("kid", kid)
          .endObject().bytes());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot make the RS256 signing key", e);
    }
    signers = ThreadLocal.withInitial(() -> {
      try {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(keyPair.getPrivate());
        return s;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA256withRSA unavailable", e);
      }
    });
    verifiers = ThreadLocal.withInitial(() -> {
      try {
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initVerify(keyPair.getPublic());
        return s;
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("SHA256withRSA unavailable", e);
      }
    });
  }

  /** The JVM's key, made on the first call. */
  static SigningKey get() {
    return Holder.KEY;
  }

  /** A JWS in compact form: header (with kid), the claims given, RS256 signature. */
  String sign(byte[] claims) {
    String signingInput = jwtHeader + '.' + B64URL.encodeToString(claims);
    try {
      // After sign() a Signature is ready for the next message under the same key: no initSign per token.
      Signature s = signers.get();
      s.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + '.' + B64URL.encodeToString(s.sign());
    } catch (GeneralSecurityException e) {
      signers.remove();
      throw new IllegalStateException("signing failed", e);
    }
  }

  /** The claims segment (still base64url) of a JWS this key signed, or null if it is not one. */
  String verifiedPayload(String jws) {
    if (!jws.startsWith(jwtHeader) || jws.length() <= jwtHeader.length() || jws.charAt(jwtHeader.length()) != '.') {
      return null;
    }
    int dot = jws.lastIndexOf('.');
    if (dot <= jwtHeader.length()) {
      return null;
    }
    byte[] signature;
    try {
      signature = Base64.getUrlDecoder().decode(jws.substring(dot + 1));
    } catch (IllegalArgumentException e) {
      return null;
    }
    try {
      // update and verify back to back: verify() resets the Signature for the next token, whatever it returns.
      Signature v = verifiers.get();
      v.update(jws.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
      return v.verify(signature) ? jws.substring(jwtHeader.length() + 1, dot) : null;
    } catch (GeneralSecurityException e) {
      verifiers.remove(); // its state is unknown after a failure
      return null;
    }
  }

  /** A big-endian unsigned integer without the sign byte BigInteger adds (RFC 7518 §6.3.1). */
  private static byte[] unsigned(BigInteger value) {
    byte[] b = value.toByteArray();
    return b.length > 1 && b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
  }
}
