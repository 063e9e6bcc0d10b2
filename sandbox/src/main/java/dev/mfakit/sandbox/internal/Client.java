package dev.mfakit.sandbox.internal;

import java.security.PublicKey;
import java.util.Set;

/**
 * A registered application, how it authenticates, and which grants it may use.
 *
 * @param id the client_id
 * @param method how it proves itself
 * @param secret the client secret for {@link Method#SECRET}, else null
 * @param publicKey the RSA key that verifies its assertions for {@link Method#PRIVATE_KEY_JWT}, else null
 * @param grantTypes the grant_type values it may use on /oauth/token (the application's "Grant Types")
 */
record Client(String id, Method method, String secret, PublicKey publicKey, Set<String> grantTypes) {
  enum Method { SECRET, NONE, PRIVATE_KEY_JWT }

  Client {
    grantTypes = Set.copyOf(grantTypes);
  }

  boolean allows(String grantType) {
    return grantTypes.contains(grantType);
  }

  @Override
  public String toString() {
    return "Client[" + id + ", " + method + "]";
  }
}
