package dev.mfakit.sandbox.internal;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Access, id and refresh tokens. They are HS256-signed with the tenant's key and verified by signature, so
 * the tenant keeps no state for them (nothing to evict) and an expired one is recognised as such.
 */
final class SignedTokens {
  private static final String HEADER =
      Codes.B64URL.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"sandbox\"}".getBytes(StandardCharsets.UTF_8));
  private static final String REFRESH_PREFIX = "v1.";

  private final Codes codes;
  private final String issuer;

  SignedTokens(Codes codes, String issuer) {
    this.codes = codes;
    this.issuer = issuer;
  }

  /** The verified claims of an access token. */
  record Access(String userId, String clientId, String audience, String scope, long expiresAtSeconds) {
    boolean hasScope(String wanted) {
      for (String s : scope.split(" ")) {
        if (s.equals(wanted)) {
          return true;
        }
      }
      return false;
    }

    @Override
    public String toString() {
      return "Access[" + userId + "]";
    }
  }

  /** The verified content of a refresh token. */
  record Refresh(String userId, String clientId, String audience, String scope) {
    @Override
    public String toString() {
      return "Refresh[" + userId + "]";
    }
  }

  String accessToken(User user, Client client, String audience, String scope, long nowMs, long lifetimeSeconds) {
    long iat = nowMs / 1000;
    byte[] payload = new Json.Out().beginObject()
        .field("iss", issuer)
        .field("sub", user.id)
        .field("aud", audience)
        .field("iat", iat)
        .field("exp", iat + lifetimeSeconds)
        .field("scope", scope)
        .field("azp", client.id())
        .field("jti", Long.toHexString(ThreadLocalRandom.current().nextLong()))
        .endObject().bytes();
    return sign(payload);
  }

  String idToken(User user, Client client, long nowMs, boolean mfaDone) {
    long iat = nowMs / 1000;
    Json.Out out = new Json.Out().beginObject()
        .field("iss", issuer)
        .field("sub", user.id)
        .field("aud", client.id())
        .field("iat", iat)
        .field("exp", iat + 36_000)
        .field("name", user.username);
    if (user.username.indexOf('@') > 0) {
      out.field("email", user.username);
    }
    if (mfaDone) {
      out.name("amr").beginArray().value("mfa").endArray();
    }
    return sign(out.endObject().bytes());
  }

  private String sign(byte[] payload) {
    String signingInput = HEADER + '.' + Codes.B64URL.encodeToString(payload);
    return signingInput + '.' + Codes.B64URL.encodeToString(codes.mac(signingInput));
  }

  /** The claims of a genuine access token of this tenant (expired or not), or null. */
  Access verifyAccess(String token) {
    Map<String, Object> claims = verifiedClaims(token);
    if (claims == null || !(claims.get("sub") instanceof String sub) || !(claims.get("azp") instanceof String azp)
        || !(claims.get("aud") instanceof String aud) || !(claims.get("scope") instanceof String scope)
        || !(claims.get("exp") instanceof Number exp)) {
      return null;
    }
    return new Access(sub, azp, aud, scope, exp.longValue());
  }

  private Map<String, Object> verifiedClaims(String token) {
    if (!token.startsWith(HEADER + '.')) {
      return null;
    }
    int dot = token.lastIndexOf('.');
    if (dot <= HEADER.length()) {
      return null;
    }
    try {
      byte[] given = Codes.B64URL_DEC.decode(token.substring(dot + 1));
      if (!Codes.constantTimeEquals(codes.mac(token.substring(0, dot)), given)) {
        return null;
      }
      return Json.parseObjectOrNull(Codes.B64URL_DEC.decode(token.substring(HEADER.length() + 1, dot)));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** Refresh tokens are opaque ({@code v1.<payload>.<mac>}) and, as on a default Auth0 tenant, do not expire. */
  String refreshToken(User user, Client client, String audience, String scope) {
    byte[] payload = new Json.Out().beginObject()
        .field("sub", user.id)
        .field("azp", client.id())
        .field("aud", audience)
        .field("scope", scope)
        .field("n", Long.toHexString(ThreadLocalRandom.current().nextLong()))
        .endObject().bytes();
    String body = REFRESH_PREFIX + Codes.B64URL.encodeToString(payload);
    return body + '.' + Codes.B64URL.encodeToString(codes.mac(body));
  }

  Refresh verifyRefresh(String token) {
    int dot = token.lastIndexOf('.');
    if (!token.startsWith(REFRESH_PREFIX) || dot <= REFRESH_PREFIX.length()) {
      return null;
    }
    try {
      byte[] given = Codes.B64URL_DEC.decode(token.substring(dot + 1));
      if (!Codes.constantTimeEquals(codes.mac(token.substring(0, dot)), given)) {
        return null;
      }
      Map<String, Object> c = Json.parseObjectOrNull(Codes.B64URL_DEC.decode(token.substring(REFRESH_PREFIX.length(), dot)));
      if (c == null || !(c.get("sub") instanceof String sub) || !(c.get("azp") instanceof String azp)
          || !(c.get("aud") instanceof String aud) || !(c.get("scope") instanceof String scope)) {
        return null;
      }
      return new Refresh(sub, azp, aud, scope);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
