package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;
import java.time.Duration;

/**
 * A successful token answer: of a password sign-in without MFA, or of a verified second factor. Prints redacted.
 *
 * @param accessToken the access token; its {@code expiresAt} is the time of receipt plus {@code expires_in}
 * @param idToken the ID token (when {@code openid} was requested), or null
 * @param refreshToken the refresh token (when {@code offline_access} was requested), or null
 * @param tokenType the token type, normally {@code "Bearer"}
 * @param expiresIn the access token's lifetime as sent ({@code expires_in})
 * @param scope the granted scopes, or null if the answer did not say
 * @param recoveryCode the NEW recovery code after verifying with a recovery code (the used one is now invalid; show
 *     it to the user), or null
 */
public record Tokens(AccessToken accessToken, String idToken, String refreshToken, String tokenType,
                     Duration expiresIn, String scope, String recoveryCode) implements SignInResult {

  /**
   * Requires the access token, token type and lifetime.
   *
   * @param accessToken see {@link #accessToken()}
   * @param idToken see {@link #idToken()}
   * @param refreshToken see {@link #refreshToken()}
   * @param tokenType see {@link #tokenType()}
   * @param expiresIn see {@link #expiresIn()}
   * @param scope see {@link #scope()}
   * @param recoveryCode see {@link #recoveryCode()}
   */
  public Tokens {
    Validation.required(accessToken, "access_token");
    Validation.required(tokenType, "token_type");
    Validation.required(expiresIn, "expires_in");
  }

  @Override
  public String toString() {
    return "Tokens[accessToken=" + accessToken + ", idToken=" + Redaction.secret(idToken)
        + ", refreshToken=" + Redaction.secret(refreshToken) + ", tokenType=" + tokenType
        + ", expiresIn=" + expiresIn + ", scope=" + scope + ", recoveryCode=" + Redaction.secret(recoveryCode) + "]";
  }
}
