package dev.mfakit.sandbox.internal;

import java.security.PublicKey;

/**
 * A registered application and how it authenticates.
 *
 * @param id the client_id
 * @param method how it proves itself
 * @param secret the client secret for {@link Method#SECRET}, else null
 * @param publicKey the RSA key that verifies its assertions for {@link Method#PRIVATE_KEY_JWT}, else null
 */
record Client(String id, Method method, String secret, PublicKey publicKey) {
  enum Method { SECRET, NONE, PRIVATE_KEY_JWT }

  @Override
  public String toString() {
    return "Client[" + id + ", " + method + "]";
  }
}
