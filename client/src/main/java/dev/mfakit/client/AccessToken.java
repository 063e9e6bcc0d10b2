package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;
import java.time.Instant;

/**
 * An OAuth access token. For the MFA API it needs the audience {@code https://{tenant}/mfa/} and the scopes
 * {@code enroll}, {@code read:authenticators} or {@code remove:authenticators}. Prints redacted.
 *
 * @param value the raw token
 * @param expiresAt when it expires (the client sets it from {@code expires_in}), or null if unknown, as for a token
 *     made with {@link #of(String)}
 */
public record AccessToken(String value, Instant expiresAt) implements Bearer {

  /**
   * Validates the token shape (non-blank, no whitespace or control characters).
   *
   * @param value see {@link #value()}
   * @param expiresAt see {@link #expiresAt()}
   */
  public AccessToken {
    Validation.token(value, "access_token");
  }

  /**
   * A token obtained elsewhere, whose expiry is unknown.
   *
   * @param value the raw token
   * @return the token with a null expiry
   */
  public static AccessToken of(String value) {
    return new AccessToken(value, null);
  }

  @Override
  public String toString() {
    return "AccessToken[value=" + Redaction.MASK + ", expiresAt=" + expiresAt + "]";
  }
}
