package dev.mfakit.client;

import dev.mfakit.client.internal.ClientAssertion;
import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;
import java.security.PrivateKey;

/**
 * How the application authenticates itself to the tenant. None of the variants prints its secret or key.
 *
 * <ul>
 *   <li>{@link #none()}: a public client; only {@code client_id} is sent.
 *   <li>{@link #clientSecretPost(String)}: {@code client_secret} in the body of every call that takes one.
 *   <li>{@link #clientSecretBasic(String)}: {@code Authorization: Basic} on {@code /oauth/token}; the secret in the
 *       body of {@code /mfa/challenge} and {@code /mfa/associate}, whose Authorization slot is taken.
 *   <li>{@link #privateKeyJwt(PrivateKey)}: a fresh RS256 {@code client_assertion} per request (the key never leaves
 *       the process).
 * </ul>
 */
public sealed interface ClientAuthentication {

  /**
   * A public client (native or single-page app): {@code client_id} only.
   *
   * @return the authentication
   */
  static ClientAuthentication none() {
    return new None();
  }

  /**
   * {@code client_secret_post}: the secret as a body field.
   *
   * @param secret the client secret
   * @return the authentication
   */
  static ClientAuthentication clientSecretPost(String secret) {
    return new ClientSecretPost(secret);
  }

  /**
   * {@code client_secret_basic}: HTTP Basic on {@code /oauth/token}, secret in the body on {@code /mfa/*}.
   *
   * @param secret the client secret
   * @return the authentication
   */
  static ClientAuthentication clientSecretBasic(String secret) {
    return new ClientSecretBasic(secret);
  }

  /**
   * {@code private_key_jwt} with an RS256 assertion signed by {@code key}.
   *
   * @param key an RSA private key of at least 2048 bits
   * @return the authentication
   * @throws InvalidInputException naming {@code key} if it is not a usable RSA key
   */
  static ClientAuthentication privateKeyJwt(PrivateKey key) {
    return new PrivateKeyJwt(key, null);
  }

  /**
   * {@code private_key_jwt} with an RS256 assertion signed by {@code key}, naming {@code keyId} in the JWT header.
   *
   * @param key an RSA private key of at least 2048 bits
   * @param keyId the {@code kid} the tenant knows the public key by, or null
   * @return the authentication
   * @throws InvalidInputException naming {@code key} if it is not a usable RSA key
   */
  static ClientAuthentication privateKeyJwt(PrivateKey key, String keyId) {
    return new PrivateKeyJwt(key, keyId);
  }

  /**
   * {@code private_key_jwt} from an unencrypted PKCS#8 PEM RSA key ({@code -----BEGIN PRIVATE KEY-----}).
   *
   * @param pkcs8Pem the PEM text
   * @return the authentication
   * @throws InvalidInputException naming {@code pkcs8Pem} if the text is not an unencrypted PKCS#8 RSA key (the
   *     message never contains key material)
   */
  static ClientAuthentication privateKeyJwtFromPem(String pkcs8Pem) {
    return new PrivateKeyJwt(ClientAssertion.parsePkcs8Pem(pkcs8Pem), null);
  }

  /** A public client. */
  record None() implements ClientAuthentication {}

  /**
   * {@code client_secret_post}. Prints redacted.
   *
   * @param secret the client secret
   */
  record ClientSecretPost(String secret) implements ClientAuthentication {
    /**
     * Requires a non-blank secret.
     *
     * @param secret see {@link #secret()}
     */
    public ClientSecretPost {
      Validation.nonBlank(secret, "client_secret");
    }

    @Override
    public String toString() {
      return "ClientSecretPost[secret=" + Redaction.MASK + "]";
    }
  }

  /**
   * {@code client_secret_basic}. Prints redacted.
   *
   * @param secret the client secret
   */
  record ClientSecretBasic(String secret) implements ClientAuthentication {
    /**
     * Requires a non-blank secret.
     *
     * @param secret see {@link #secret()}
     */
    public ClientSecretBasic {
      Validation.nonBlank(secret, "client_secret");
    }

    @Override
    public String toString() {
      return "ClientSecretBasic[secret=" + Redaction.MASK + "]";
    }
  }

  /**
   * {@code private_key_jwt} (RS256). Prints without the key.
   *
   * @param key the RSA private key
   * @param keyId the JWT header {@code kid}, or null when none was given (the header then has none)
   */
  record PrivateKeyJwt(PrivateKey key, String keyId) implements ClientAuthentication {
    /**
     * Checks that the key is an RSA key of at least 2048 bits.
     *
     * @param key see {@link #key()}
     * @param keyId see {@link #keyId()}
     */
    public PrivateKeyJwt {
      ClientAssertion.checkKey(key);
      Validation.optionalNonBlank(keyId, "keyId");
    }

    @Override
    public String toString() {
      return "PrivateKeyJwt[key=" + Redaction.MASK + ", keyId=" + keyId + "]";
    }
  }
}
