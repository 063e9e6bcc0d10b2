package dev.mfakit.cli.output;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Tokens;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code tokens} of a result, and what {@code --token-file} holds. Prints without the tokens.
 *
 * @param accessToken the access token, or null
 * @param idToken the ID token, or null
 * @param refreshToken the refresh token, or null
 * @param tokenType e.g. {@code Bearer}, or null
 * @param expiresIn the access token's lifetime in seconds, or null
 * @param expiresAt when the access token expires, or null
 * @param scope the scopes granted, or null
 */
public record TokensJson(String accessToken, String idToken, String refreshToken, String tokenType, Long expiresIn,
                         Instant expiresAt, String scope) implements JsonResult {

  /** Every key, in print order. */
  public static final List<String> KEYS = List.copyOf(new TokensJson(null, null, null, null, null, null, null)
      .toJson().keySet());

  /**
   * The tokens the tenant issued.
   *
   * @param tokens the tokens
   * @return their JSON
   */
  static TokensJson of(Tokens tokens) {
    return new TokensJson(tokens.accessToken() == null ? null : tokens.accessToken().value(), tokens.idToken(),
        tokens.refreshToken(), tokens.tokenType(), tokens.expiresIn() == null ? null : tokens.expiresIn().toSeconds(),
        tokens.accessToken() == null ? null : tokens.accessToken().expiresAt(), tokens.scope());
  }

  @Override
  public Map<String, Object> toJson() {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("access_token", accessToken);
    t.put("id_token", idToken);
    t.put("refresh_token", refreshToken);
    t.put("token_type", tokenType);
    t.put("expires_in", expiresIn);
    t.put("expires_at", Json.time(expiresAt));
    t.put("scope", scope);
    return t;
  }

  @Override
  public String toString() {
    return "TokensJson[tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", expiresAt=" + expiresAt + ", scope="
        + scope + "]";
  }
}
