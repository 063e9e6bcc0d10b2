package dev.mfakit.sandbox.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Client authentication (docs/protocol.md, "Client authentication"): client_secret_post, client_secret_basic (where
 * the endpoint has no Bearer in the Authorization slot), private_key_jwt, or none for public clients. Every failure
 * is the same 401 {@code access_denied} / {@code Unauthorized}, as a real tenant answers: the caller learns nothing
 * about which part was wrong, and no secret is ever echoed.
 */
final class ClientAuth {
  static final String ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
  // docs/protocol.md, "Client authentication" (D-PKJWT): at most 2048 bytes, iss/sub/jti at most 64 characters, exp at most 5 minutes
  // ahead, 10 s of skew for iat/nbf.
  private static final int MAX_ASSERTION = 2048;
  private static final int MAX_CLAIM = 64;
  private static final long MAX_EXP_AHEAD_MS = 5 * 60_000L;
  private static final long SKEW_MS = 10_000L;

  private ClientAuth() {}

  static Refusal failed() {
    // REAL on /oauth/token, whatever the grant (docs/protocol.md, "Errors"). GUESS (docs/protocol.md): the same on /mfa/challenge and
    // /mfa/associate, which authenticate the client the same way.
    return new Refusal(401, "access_denied", "Unauthorized");
  }

  /** The client_id a request names (body, Basic header or assertion), or null; never authenticates. */
  static String claimedClientId(Params params, String authorization, boolean allowBasic) {
    String id = params.string("client_id");
    if (id == null && allowBasic && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      String[] basic = basic(authorization);
      id = basic == null ? null : basic[0];
    }
    return id;
  }

  /**
   * Authenticates the calling client.
   *
   * @param allowBasic whether HTTP Basic may carry the credentials (not where Authorization holds a Bearer)
   * @return the client, or null when no client_id was given and {@code optional} is true
   */
  static Client authenticate(Tenant tenant, Params params, String authorization, boolean allowBasic,
      boolean optional, long now) {
    String bodyId = params.string("client_id");
    String bodySecret = params.string("client_secret");
    String assertion = params.string("client_assertion");
    String assertionType = params.string("client_assertion_type");
    String[] basic = null;
    if (allowBasic && authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      basic = basic(authorization);
      if (basic == null) {
        throw failed();
      }
    }
    int methods = (bodySecret != null ? 1 : 0) + (basic != null ? 1 : 0) + (assertion != null ? 1 : 0);
    // GUESS (docs/protocol.md): RFC 6749 §2.3 forbids more than one method per request; the real answer was not observed.
    if (methods > 1) {
      throw Refusal.invalidRequest("Only one client authentication method may be used");
    }
    String clientId = bodyId;
    if (basic != null) {
      if (bodyId != null && !bodyId.equals(basic[0])) {
        throw failed();
      }
      clientId = basic[0];
    }
    Map<String, Object> claims = null;
    if (assertion != null) {
      if (!ASSERTION_TYPE.equals(assertionType)) {
        throw failed();
      }
      claims = assertionClaims(assertion);
      if (clientId == null && claims.get("sub") instanceof String sub) {
        clientId = sub; // RFC 7521 §4.2: client_id is optional when the assertion names the client
      }
    } else if (assertionType != null) {
      throw Refusal.missing("client_assertion");
    }
    if (clientId == null) {
      if (optional && methods == 0) {
        return null;
      }
      throw Refusal.missing("client_id");
    }
    Client client = tenant.clients.get(clientId);
    if (client == null) {
      throw failed();
    }
    switch (client.method()) {
      case SECRET -> {
        String given = basic != null ? basic[1] : bodySecret;
        if (!Codes.constantTimeEquals(client.secret(), given)) {
          throw failed();
        }
      }
      case NONE -> {
        if (methods != 0) {
          throw failed();
        }
      }
      case PRIVATE_KEY_JWT -> {
        if (claims == null) {
          throw failed();
        }
        verifyAssertion(tenant, client, assertion, claims, now);
      }
    }
    return client;
  }

  private static String[] basic(String authorization) {
    try {
      String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      // RFC 6749 §2.3.1: both halves are form-urlencoded before they are joined.
      return new String[] {
          URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
          URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Map<String, Object> assertionClaims(String assertion) {
    if (assertion.length() > MAX_ASSERTION) {
      throw failed();
    }
    String[] parts = assertion.split("\\.", -1);
    if (parts.length != 3) {
      throw failed();
    }
    try {
      Map<String, Object> claims = Json.parseObjectOrNull(Codes.B64URL_DEC.decode(parts[1]));
      if (claims == null) {
        throw failed();
      }
      return claims;
    } catch (IllegalArgumentException e) {
      throw failed();
    }
  }

  private static void verifyAssertion(Tenant tenant, Client client, String assertion, Map<String, Object> claims,
      long now) {
    int lastDot = assertion.lastIndexOf('.');
    String[] parts = assertion.split("\\.", -1);
    try {
      Map<String, Object> header = Json.parseObjectOrNull(Codes.B64URL_DEC.decode(parts[0]));
      if (header == null || !(header.get("alg") instanceof String alg)) {
        throw failed();
      }
      Signature verifier;
      if (alg.equals("RS256")) {
        verifier = Signature.getInstance("SHA256withRSA");
      } else if (alg.equals("PS256")) {
        verifier = Signature.getInstance("RSASSA-PSS");
        verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
      } else {
        throw failed();
      }
      verifier.initVerify(client.publicKey());
      verifier.update(assertion.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Codes.B64URL_DEC.decode(parts[2]))) {
        throw failed();
      }
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw failed();
    }
    if (!client.id().equals(claims.get("iss")) || !client.id().equals(claims.get("sub"))
        || client.id().length() > MAX_CLAIM) {
      throw failed();
    }
    if (!audienceMatches(tenant, claims.get("aud"))) {
      throw failed();
    }
    if (!(claims.get("exp") instanceof Number exp)) {
      throw failed();
    }
    long expMs = epochMillis(exp);
    if (expMs <= now - SKEW_MS || expMs > now + MAX_EXP_AHEAD_MS + SKEW_MS) {
      throw failed();
    }
    for (String notAfterNow : List.of("iat", "nbf")) {
      Object t = claims.get(notAfterNow);
      if (t != null && (!(t instanceof Number n) || epochMillis(n) > now + SKEW_MS)) {
        throw failed();
      }
    }
    if (!(claims.get("jti") instanceof String jti) || jti.isEmpty() || jti.length() > MAX_CLAIM) {
      throw failed();
    }
    if (tenant.usedJtis.putIfAbsent(client.id() + '\n' + jti, expMs + SKEW_MS) != null) {
      throw failed();
    }
  }

  /** A NumericDate claim in epoch millis; seconds whose millis overflow a long (and would wrap) are refused. */
  private static long epochMillis(Number seconds) {
    try {
      return Math.multiplyExact(seconds.longValue(), 1000L);
    } catch (ArithmeticException e) {
      throw failed();
    }
  }

  private static boolean audienceMatches(Tenant tenant, Object aud) {
    if (aud instanceof String s) {
      return isIssuer(tenant, s);
    }
    if (aud instanceof List<?> list) {
      for (Object o : list) {
        if (o instanceof String s && isIssuer(tenant, s)) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean isIssuer(Tenant tenant, String aud) {
    if (aud.equals(tenant.issuer)) {
      return true;
    }
    for (String base : tenant.bases) {
      if (aud.equals(base + "/")) {
        return true;
      }
    }
    return false;
  }
}
