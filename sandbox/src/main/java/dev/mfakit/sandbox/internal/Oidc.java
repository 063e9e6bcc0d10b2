package dev.mfakit.sandbox.internal;

import java.util.List;

/**
 * What an OIDC library reads before and after the MFA calls: discovery ({@code /.well-known/openid-configuration}),
 * the signing keys ({@code /.well-known/jwks.json}) and {@code /userinfo} (docs/protocol.md, "Discovery").
 */
final class Oidc {
  private Oidc() {}

  /**
   * The discovery document: every member of a real tenant's that applies to what the sandbox serves (no
   * {@code /authorize}, logout, device flow or dynamic registration here), every endpoint under the issuer.
   */
  static byte[] discovery(String issuer) {
    String base = Tenant.withoutTrailingSlash(issuer);
    Json.Out out = new Json.Out().beginObject()
        .field("issuer", issuer)
        .field("token_endpoint", base + "/oauth/token")
        .field("userinfo_endpoint", base + "/userinfo")
        .field("mfa_challenge_endpoint", base + "/mfa/challenge")
        .field("jwks_uri", base + "/.well-known/jwks.json");
    strings(out, "grant_types_supported", List.copyOf(TokenEndpoint.GRANTS));
    strings(out, "scopes_supported", List.of("openid", "profile", "offline_access", "name", "nickname", "email",
        "email_verified"));
    strings(out, "response_types_supported", List.of("token", "id_token", "token id_token"));
    strings(out, "subject_types_supported", List.of("public"));
    strings(out, "id_token_signing_alg_values_supported", List.of("RS256"));
    strings(out, "token_endpoint_auth_methods_supported",
        List.of("client_secret_basic", "client_secret_post", "private_key_jwt"));
    strings(out, "token_endpoint_auth_signing_alg_values_supported", List.of("RS256", "PS256"));
    strings(out, "claims_supported", List.of("aud", "email", "email_verified", "exp", "iat", "iss", "name",
        "nickname", "sub", "updated_at"));
    return out.field("request_parameter_supported", false)
        .field("request_uri_parameter_supported", false)
        .endObject().bytes();
  }

  private static void strings(Json.Out out, String name, List<String> values) {
    out.name(name).beginArray();
    for (String v : values) {
      out.value(v);
    }
    out.endArray();
  }

  static Reply discovery(Tenant tenant) {
    return Reply.json(200, tenant.discovery());
  }

  static Reply jwks() {
    return Reply.json(200, SigningKey.get().jwks);
  }

  /**
   * {@code GET /userinfo}: the profile of the access token's user, by its scope. The token must be for the userinfo
   * audience (every access token with scope openid, and every opaque one).
   */
  static Reply userinfo(Tenant tenant, String authorization, long now) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      throw invalidToken("Missing bearer token");
    }
    SignedTokens.Access access = tenant.tokens.verifyAccess(authorization.substring(7).trim());
    User user = access == null ? null : tenant.usersById.get(access.userId());
    if (user == null || !access.audiences().contains(tenant.tokens.userinfoAudience())) {
      throw invalidToken("Invalid token");
    }
    if (access.expiresAtSeconds() * 1000 <= now) {
      throw invalidToken("Expired token");
    }
    Json.Out out = new Json.Out().beginObject().field("sub", user.id);
    if (access.hasScope("profile")) {
      out.field("nickname", user.nickname()).field("name", user.username)
          .field("updated_at", java.time.format.DateTimeFormatter.ISO_INSTANT.format(
              java.time.Instant.ofEpochMilli(user.createdAt)));
    }
    if (access.hasScope("email") && user.email() != null) {
      boolean verified;
      synchronized (user) {
        verified = user.emailVerified;
      }
      out.field("email", user.email()).field("email_verified", verified);
    }
    return Reply.json(200, out.endObject().bytes());
  }

  /** GUESS (docs/protocol.md, "Discovery"): RFC 6750's answer; the body of a real refusal was not observed. */
  private static Refusal invalidToken(String description) {
    return new Refusal(401, "invalid_token", description, null,
        "WWW-Authenticate", "Bearer error=\"invalid_token\", error_description=\"" + description + "\"");
  }
}
