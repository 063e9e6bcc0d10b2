package dev.mfakit.sandbox.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Access, ID and refresh tokens, all verifiable without state (nothing to evict, and an expired one is recognised
 * as such):
 *
 * <ul>
 *   <li>ID tokens and access tokens for an API audience: RS256 JWTs signed with the JVM's {@link SigningKey}, as a
 *       real tenant's (docs/protocol.md, "Signed tokens").
 *   <li>Access tokens without an audience (good for {@code /userinfo} only): opaque, as a real tenant's. They are
 *       shaped like the real ones, a compact JWE with {@code alg: dir, enc: A256GCM}, and sealed with the tenant's
 *       AES key.
 *   <li>Refresh tokens: opaque, HMAC-protected ({@code v1.<payload>.<mac>}).
 * </ul>
 */
final class SignedTokens {
  private static final String REFRESH_PREFIX = "v1.";
  private static final int GCM_IV = 12;
  private static final int GCM_TAG_BITS = 128;

  private final Codes codes;
  private final String issuer;
  private final String userinfo;
  /** base64url of the opaque tokens' JWE header: fixed per tenant, and authenticated as the JWE's AAD. */
  private final String opaqueHeader;
  /** The AES key of opaque tokens, derived on first use (a tenant's start stays cheap). */
  private volatile SecretKeySpec opaqueKey;
  private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
    try {
      return Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES/GCM unavailable", e);
    }
  });

  SignedTokens(Codes codes, String issuer) {
    this.codes = codes;
    this.issuer = issuer;
    this.userinfo = issuer + "userinfo";
    // GUESS (docs/protocol.md, "Signed tokens"): the header of real opaque tokens is {"alg":"dir","enc":"A256GCM",
    // "iss":...}: their first characters are always eyJhbGciOiJkaXIi..., the rest is not public.
    // A URI has no character that JSON would escape.
    this.opaqueHeader = Codes.B64URL.encodeToString(("{\"alg\":\"dir\",\"enc\":\"A256GCM\",\"iss\":\"" + issuer + "\"}")
        .getBytes(StandardCharsets.UTF_8));
  }

  /** A per-tenant AES key, derived from the tenant's secret MAC key. */
  private SecretKeySpec opaqueKey() {
    SecretKeySpec key = opaqueKey;
    if (key == null) {
      key = new SecretKeySpec(codes.mac("opaque access tokens"), "AES");
      opaqueKey = key; // racing threads derive the same key
    }
    return key;
  }

  /** The {@code /userinfo} URL under the issuer: an audience of every access token with scope openid. */
  String userinfoAudience() {
    return userinfo;
  }

  /** The verified claims of an access token. */
  record Access(String userId, String clientId, List<String> audiences, String scope, long expiresAtSeconds) {
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

  static boolean hasOpenid(String scope) {
    for (String s : scope.split(" ")) {
      if (s.equals("openid")) {
        return true;
      }
    }
    return false;
  }

  /**
   * An access token: a JWT for an API audience ({@code aud} the audience, or {@code [audience, {issuer}userinfo]}
   * with scope openid), an opaque one without an audience.
   */
  String accessToken(User user, Client client, String audience, String scope, long nowMs, long lifetimeSeconds) {
    long iat = nowMs / 1000;
    if (audience == null) {
      return opaque(new Json.Out().beginObject()
          .field("sub", user.id)
          .field("azp", client.id())
          .field("scope", scope)
          .field("iat", iat)
          .field("exp", iat + lifetimeSeconds)
          .endObject().bytes());
    }
    Json.Out claims = new Json.Out().beginObject()
        .field("iss", issuer)
        .field("sub", user.id);
    if (hasOpenid(scope)) {
      claims.name("aud").beginArray().value(audience).value(userinfo).endArray();
    } else {
      claims.field("aud", audience);
    }
    return SigningKey.get().sign(claims
        .field("iat", iat)
        .field("exp", iat + lifetimeSeconds)
        .field("scope", scope)
        .field("azp", client.id())
        .endObject().bytes());
  }

  /**
   * An ID token: {@code iss}, {@code sub}, {@code aud} (the client id), {@code iat}, {@code exp} (10 hours, Auth0's
   * default), the profile claims the scope asks for, and {@code amr: ["mfa"]} once a second factor was used.
   */
  String idToken(User user, Client client, String scope, long nowMs, boolean mfaDone) {
    long iat = nowMs / 1000;
    Json.Out out = new Json.Out().beginObject();
    boolean profile = false;
    boolean email = false;
    for (String s : scope.split(" ")) {
      profile |= s.equals("profile");
      email |= s.equals("email");
    }
    if (profile) {
      out.field("nickname", user.nickname())
          .field("name", user.username)
          .field("updated_at", java.time.format.DateTimeFormatter.ISO_INSTANT.format(
              java.time.Instant.ofEpochMilli(user.createdAt)));
    }
    if (email && user.email() != null) {
      out.field("email", user.email()).field("email_verified", user.emailVerified);
    }
    out.field("iss", issuer)
        .field("sub", user.id)
        .field("aud", client.id())
        .field("iat", iat)
        .field("exp", iat + 36_000);
    if (mfaDone) {
      out.name("amr").beginArray().value("mfa").endArray();
    }
    return SigningKey.get().sign(out.endObject().bytes());
  }

  /** The claims of a genuine access token of this tenant (expired or not), or null. */
  Access verifyAccess(String token) {
    Map<String, Object> claims;
    boolean opaque = token.startsWith(opaqueHeader);
    if (opaque) {
      claims = unseal(token);
    } else {
      String payload = SigningKey.get().verifiedPayload(token);
      claims = payload == null ? null : Json.parseObjectOrNull(Codes.B64URL_DEC.decode(payload));
      // The key is the JVM's: a token of another tenant of this JVM verifies too, but names another issuer.
      if (claims != null && !issuer.equals(claims.get("iss"))) {
        return null;
      }
    }
    if (claims == null || !(claims.get("sub") instanceof String sub) || !(claims.get("azp") instanceof String azp)
        || !(claims.get("scope") instanceof String scope) || !(claims.get("exp") instanceof Number exp)) {
      return null;
    }
    List<String> audiences;
    if (opaque) {
      audiences = List.of(userinfo);
    } else if (claims.get("aud") instanceof String aud) {
      audiences = List.of(aud);
    } else if (claims.get("aud") instanceof List<?> list && list.stream().allMatch(a -> a instanceof String)) {
      audiences = list.stream().map(String.class::cast).toList();
    } else {
      return null;
    }
    return new Access(sub, azp, audiences, scope, exp.longValue());
  }

  // ---- opaque access tokens: compact JWE, dir + A256GCM -------------------------------------------------------

  private String opaque(byte[] claims) {
    byte[] iv = new byte[GCM_IV];
    ThreadLocalRandom.current().nextBytes(iv); // unique per token is what GCM needs; not a secret
    try {
      Cipher c = GCM.get();
      c.init(Cipher.ENCRYPT_MODE, opaqueKey(), new GCMParameterSpec(GCM_TAG_BITS, iv));
      c.updateAAD(opaqueHeader.getBytes(StandardCharsets.US_ASCII));
      byte[] sealed = c.doFinal(claims);
      int tag = GCM_TAG_BITS / 8;
      ByteBuffer b = ByteBuffer.wrap(sealed);
      byte[] ciphertext = new byte[sealed.length - tag];
      byte[] mac = new byte[tag];
      b.get(ciphertext).get(mac);
      return opaqueHeader + ".." + Codes.B64URL.encodeToString(iv) + '.' + Codes.B64URL.encodeToString(ciphertext)
          + '.' + Codes.B64URL.encodeToString(mac);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("sealing failed", e);
    }
  }

  private Map<String, Object> unseal(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 5 || !parts[0].equals(opaqueHeader) || !parts[1].isEmpty()) {
      return null;
    }
    try {
      byte[] iv = Codes.B64URL_DEC.decode(parts[2]);
      byte[] ciphertext = Codes.B64URL_DEC.decode(parts[3]);
      byte[] mac = Codes.B64URL_DEC.decode(parts[4]);
      if (iv.length != GCM_IV || mac.length != GCM_TAG_BITS / 8) {
        return null;
      }
      Cipher c = GCM.get();
      c.init(Cipher.DECRYPT_MODE, opaqueKey(), new GCMParameterSpec(GCM_TAG_BITS, iv));
      c.updateAAD(parts[0].getBytes(StandardCharsets.US_ASCII));
      c.update(ciphertext);
      return Json.parseObjectOrNull(c.doFinal(mac));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      return null;
    }
  }

  // ---- refresh tokens -----------------------------------------------------------------------------------------

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
