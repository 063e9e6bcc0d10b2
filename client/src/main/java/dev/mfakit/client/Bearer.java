package dev.mfakit.client;

/**
 * A credential sent as {@code Authorization: Bearer} on {@code /mfa/associate} and {@code /mfa/authenticators}:
 * either the {@link MfaToken} of an {@code mfa_required} answer, or an {@link AccessToken} for the audience
 * {@code https://{tenant}/mfa/}.
 */
public sealed interface Bearer permits MfaToken, AccessToken {
  /**
   * The raw token. Never log it.
   *
   * @return the token value
   */
  String value();

  /**
   * When the token stops working, if known.
   *
   * @return the expiry, or null if unknown (a token made with {@code of(String)})
   */
  java.time.Instant expiresAt();
}
