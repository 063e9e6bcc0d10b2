package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What an OIDC library checks: discovery, the key set, the tokens' signatures and claims, and /userinfo. Every
 * signature is verified here with the JDK's {@link Signature} and a key rebuilt from the JWKS's {@code n} and {@code
 * e}: nothing of the sandbox's own code takes part in the check.
 */
class OidcTest {
  private static final String API = "https://api.example.com/";
  private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).api(API).start();
  private final Wire w = new Wire(tenant);

  @AfterEach
  void close() {
    tenant.close();
  }

  private Map<String, Object> discovery() {
    Wire.Res r = w.get("/.well-known/openid-configuration");
    assertEquals(200, r.status(), r.body());
    assertEquals("application/json; charset=utf-8", r.contentType());
    return r.json();
  }

  /** The JWKS's one key, rebuilt from n and e. */
  private PublicKey jwksKey(Map<String, Object> jwk) throws Exception {
    BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n")));
    BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("e")));
    return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> onlyKey() {
    Wire.Res r = w.get("/.well-known/jwks.json");
    assertEquals(200, r.status(), r.body());
    List<Map<String, Object>> keys = (List<Map<String, Object>>) r.json().get("keys");
    assertEquals(1, keys.size());
    return keys.get(0);
  }

  /** Checks an RS256 JWT against the JWKS, as a resource server would, and returns its claims. */
  private Map<String, Object> verified(String jwt) throws Exception {
    Map<String, Object> jwk = onlyKey();
    Map<String, Object> header = Wire.jwtPart(jwt, 0);
    assertEquals("RS256", header.get("alg"));
    assertEquals("JWT", header.get("typ"));
    assertEquals(jwk.get("kid"), header.get("kid"), "the token names the JWKS key");
    int dot = jwt.lastIndexOf('.');
    Signature s = Signature.getInstance("SHA256withRSA");
    s.initVerify(jwksKey(jwk));
    s.update(jwt.substring(0, dot).getBytes(StandardCharsets.US_ASCII));
    assertTrue(s.verify(Base64.getUrlDecoder().decode(jwt.substring(dot + 1))), "the signature verifies");
    // And a changed payload does not.
    String[] parts = jwt.split("\\.");
    String forged = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
        new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
            .replace("\"sub\":\"", "\"sub\":\"x").getBytes(StandardCharsets.UTF_8));
    s.initVerify(jwksKey(jwk));
    s.update(forged.getBytes(StandardCharsets.US_ASCII));
    assertFalse(s.verify(Base64.getUrlDecoder().decode(parts[2])));
    return Wire.jwtPart(jwt, 1);
  }

  @Test
  void discoveryDescribesTheTenantUnderItsIssuer() {
    Map<String, Object> d = discovery();
    String base = tenant.baseUrl().toString();
    assertEquals(base + "/", d.get("issuer"), "the base URL with the trailing slash a real issuer has");
    assertEquals(tenant.issuer().toString(), d.get("issuer"));
    assertEquals(base + "/oauth/token", d.get("token_endpoint"));
    assertEquals(base + "/userinfo", d.get("userinfo_endpoint"));
    assertEquals(base + "/mfa/challenge", d.get("mfa_challenge_endpoint"));
    assertEquals(base + "/.well-known/jwks.json", d.get("jwks_uri"));
    assertEquals(List.copyOf(SandboxTenant.GRANT_TYPES), d.get("grant_types_supported"));
    assertEquals(List.of("RS256"), d.get("id_token_signing_alg_values_supported"));
    assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt"),
        d.get("token_endpoint_auth_methods_supported"));
    assertEquals(List.of("public"), d.get("subject_types_supported"));
    assertTrue(((List<?>) d.get("scopes_supported")).containsAll(List.of("openid", "profile", "email",
        "offline_access")));
    assertFalse(d.containsKey("authorization_endpoint"), "no /authorize here: nothing that does not apply");
    // Every endpoint it names answers.
    assertEquals(200, w.get(URI.create((String) d.get("jwks_uri")).getPath()).status());
    assertEquals(401, w.get(URI.create((String) d.get("userinfo_endpoint")).getPath()).status());
  }

  @Test
  void theJwksHoldsOneRs256KeyWithItsCertificate() throws Exception {
    Map<String, Object> jwk = onlyKey();
    assertEquals("RSA", jwk.get("kty"));
    assertEquals("sig", jwk.get("use"));
    assertEquals("RS256", jwk.get("alg"));
    assertEquals("AQAB", jwk.get("e"));
    assertNotNull(jwk.get("kid"));
    RSAPublicKey key = (RSAPublicKey) jwksKey(jwk);
    assertEquals(2048, key.getModulus().bitLength(), "2048 bits: JWT libraries refuse smaller RS256 keys");
    byte[] der = Base64.getDecoder().decode((String) ((List<?>) jwk.get("x5c")).get(0));
    X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
    assertEquals(key, cert.getPublicKey(), "x5c carries the same key");
    cert.verify(key); // self-signed by it
    assertEquals(Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-1").digest(der)),
        jwk.get("x5t"));
  }

  @Test
  void theIdTokenOfAnMfaGrantVerifiesAgainstTheJwks() throws Exception {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    Wire.Res t = w.enrollSms(tenant, mfa, "+15551230000");
    Map<String, Object> id = verified(t.str("id_token"));
    long now = Wire.FIXED.instant().getEpochSecond();
    assertEquals(tenant.issuer().toString(), id.get("iss"));
    assertEquals(SandboxTenant.CLIENT_ID, id.get("aud"));
    assertTrue(((String) id.get("sub")).startsWith("auth0|"));
    assertEquals((double) now, id.get("iat"));
    assertEquals((double) now + 36_000, id.get("exp"), "10 hours, Auth0's default");
    assertEquals(List.of("mfa"), id.get("amr"));
    assertEquals(SandboxTenant.DEMO_USERNAME, id.get("name"), "scope profile");
    assertEquals("demo", id.get("nickname"));
    assertFalse(id.containsKey("email"), "no email scope asked");
  }

  @Test
  void anApiAccessTokenNamesTheApiAndUserinfoWithOpenid() throws Exception {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    Wire.Res both = w.signIn("plain@example.com", "pw", "audience", "https://api.example.com/",
        "scope", "openid read:things");
    assertEquals(200, both.status(), both.body());
    Map<String, Object> at = verified(both.str("access_token"));
    assertEquals(List.of("https://api.example.com/", tenant.issuer() + "userinfo"), at.get("aud"));
    assertEquals(tenant.issuer().toString(), at.get("iss"));
    assertEquals("openid read:things", at.get("scope"));
    assertEquals(SandboxTenant.CLIENT_ID, at.get("azp"));
    assertEquals(at.get("iat") instanceof Double d ? d + 86_400 : null, at.get("exp"));

    Wire.Res apiOnly = w.signIn("plain@example.com", "pw", "audience", "https://api.example.com/",
        "scope", "read:things");
    assertEquals("https://api.example.com/", verified(apiOnly.str("access_token")).get("aud"),
        "one audience: a string");
    assertFalse(apiOnly.json().containsKey("id_token"));
    w.get("/userinfo", Wire.bearer(apiOnly.str("access_token"))).assertError(401, "invalid_token", "Invalid token");
    assertEquals(200, w.get("/userinfo", Wire.bearer(both.str("access_token"))).status());
  }

  @Test
  void theMfaApiAccessTokenIsASignedJwtForTheMfaAudience() throws Exception {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.enrollSms(tenant, mfa, "+15551230001");
    String access = w.mfaAccessToken(tenant, SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD,
        "+15551230001", "read:authenticators");
    Map<String, Object> claims = verified(access);
    assertEquals(tenant.baseUrl() + "/mfa/", claims.get("aud"));
    assertEquals(claims.get("iat") instanceof Double d ? d + 600 : null, claims.get("exp"), "10 minutes");
    assertEquals(200, w.list(access).status());
  }

  @Test
  void anAudienceOnTheMfaGrantNamesTheApiOfTheTokens() throws Exception {
    // auth0-auth-js sends one with mfa.verify({..., audience}); without it, the sign-in's audience (none: opaque).
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    String oob = w.associateSms(mfa, "+15551230002").str("oob_code");
    Wire.Res t = w.postForm("/oauth/token", Wire.with(Wire.clientAuth(), "grant_type", Wire.MFA_OOB, "mfa_token", mfa,
        "oob_code", oob, "binding_code", tenant.lastMessageTo("+15551230002").code(),
        "audience", "https://api.example.com/"));
    assertEquals(200, t.status(), t.body());
    assertEquals(List.of("https://api.example.com/", tenant.issuer() + "userinfo"), verified(t.str("access_token"))
        .get("aud"));
  }

  @Test
  void withoutAnAudienceTheAccessTokenIsOpaqueAndOpensUserinfo() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    Wire.Res r = w.signIn("plain@example.com", "pw", "scope", "openid profile email");
    String access = r.str("access_token");
    String[] parts = access.split("\\.", -1);
    assertEquals(5, parts.length, "a compact JWE, as a real tenant's opaque tokens");
    assertEquals(Map.of("alg", "dir", "enc", "A256GCM", "iss", tenant.issuer().toString()), Wire.jwtPart(access, 0));
    assertEquals("", parts[1]);

    Wire.Res info = w.get("/userinfo", Wire.bearer(access));
    assertEquals(200, info.status(), info.body());
    assertEquals("application/json; charset=utf-8", info.contentType());
    Map<String, Object> profile = info.json();
    assertEquals(Wire.jwtPart(r.str("id_token"), 1).get("sub"), profile.get("sub"));
    assertEquals("plain@example.com", profile.get("email"));
    assertEquals(false, profile.get("email_verified"));
    assertEquals("plain", profile.get("nickname"));

    // Only access tokens open it, and only genuine ones.
    w.get("/userinfo", Wire.bearer(r.str("id_token"))).assertError(401, "invalid_token", "Invalid token");
    String tampered = access.substring(0, access.length() - 3) + (access.endsWith("AAA") ? "BBB" : "AAA");
    w.get("/userinfo", Wire.bearer(tampered)).assertError(401, "invalid_token", "Invalid token");
    Wire.Res missing = w.get("/userinfo").assertError(401, "invalid_token", "Missing bearer token");
    assertTrue(missing.header("WWW-Authenticate").startsWith("Bearer "));
    // Nor does it pass for an access token of the /mfa/ API.
    w.list(access).assertError(401, "invalid_token", "Invalid audience");
  }

  @Test
  void theIssuerIsConfigurableAndEverythingFollowsIt() throws Exception {
    URI issuer = URI.create("https://localhost:8443/");
    try (SandboxTenant custom = SandboxTenant.builder().issuer(issuer).start()) {
      Wire cw = new Wire(custom);
      assertEquals(issuer, custom.issuer());
      Map<String, Object> d = cw.get("/.well-known/openid-configuration").json();
      assertEquals("https://localhost:8443/", d.get("issuer"));
      assertEquals("https://localhost:8443/oauth/token", d.get("token_endpoint"));
      assertEquals("https://localhost:8443/.well-known/jwks.json", d.get("jwks_uri"));
      // The /mfa/ audience under the issuer is the MFA API's.
      Wire.Res r = cw.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD,
          "audience", "https://localhost:8443/mfa/");
      assertEquals("mfa_required", r.str("error"));
      custom.addUserWithoutMfa("plain@example.com", "pw");
      Wire.Res t = cw.signIn("plain@example.com", "pw");
      assertEquals("https://localhost:8443/", Wire.jwtPart(t.str("id_token"), 1).get("iss"));
      assertEquals(200, cw.get("/userinfo", Wire.bearer(t.str("access_token"))).status());
    }
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().issuer(URI.create("acme.auth0.com")));
    assertThrows(IllegalArgumentException.class,
        () -> SandboxTenant.builder().issuer(URI.create("https://acme.auth0.com/?x=1")));
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().issuer(URI.create("ftp://acme/")));
  }

  @Test
  void aTokenOfAnotherTenantOfTheJvmIsRefusedThoughTheKeyIsShared() throws Exception {
    try (SandboxTenant other = SandboxTenant.builder().api(API).start()) {
      Wire ow = new Wire(other);
      assertEquals(onlyKey().get("kid"), ((List<?>) ow.get("/.well-known/jwks.json").json().get("keys")).stream()
          .map(k -> ((Map<?, ?>) k).get("kid")).findFirst().orElseThrow(), "one key per JVM");
      other.addUserWithoutMfa("plain@example.com", "pw");
      String foreign = ow.signIn("plain@example.com", "pw", "audience", other.baseUrl() + "/mfa/").str("mfa_token");
      assertNotNull(foreign);
      tenant.addUserWithoutMfa("plain@example.com", "pw");
      Wire.Res mine = w.signIn("plain@example.com", "pw", "audience", "https://api.example.com/",
          "scope", "openid");
      Wire.Res theirs = ow.signIn("plain@example.com", "pw", "audience", "https://api.example.com/",
          "scope", "openid");
      assertNotEquals(Wire.jwtPart(mine.str("access_token"), 1).get("iss"),
          Wire.jwtPart(theirs.str("access_token"), 1).get("iss"));
      w.get("/userinfo", Wire.bearer(theirs.str("access_token"))).assertError(401, "invalid_token", "Invalid token");
    }
  }
}
