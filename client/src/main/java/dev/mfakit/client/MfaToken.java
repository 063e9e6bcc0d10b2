package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;
import java.time.Instant;

/**
 * The {@code mfa_token} of an {@code mfa_required} answer: it authorises enrolling, challenging and verifying for
 * one sign-in, for 10 minutes. Prints redacted.
 *
 * @param value the opaque token
 * @param expiresAt when it expires (the client sets it from the time of receipt), or null if unknown, as for a
 *     token made with {@link #of(String)}
 */
public record MfaToken(String value, Instant expiresAt) implements Bearer {

  /**
   * Validates the token shape (non-blank, no whitespace or control characters).
   *
   * @param value see {@link #value()}
   * @param expiresAt see {@link #expiresAt()}
   */
  public MfaToken {
    Validation.token(value, "mfa_token");
  }

  /**
   * A token obtained elsewhere (a file, an environment variable), whose expiry is unknown.
   *
   * @param value the opaque token
   * @return the token with a null expiry
   */
  public static MfaToken of(String value) {
    return new MfaToken(value, null);
  }

  @Override
  public String toString() {
    return "MfaToken[value=" + Redaction.MASK + ", expiresAt=" + expiresAt + "]";
  }
}
