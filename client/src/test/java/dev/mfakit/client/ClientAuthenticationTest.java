package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPrivateKey;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ClientAuthenticationTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");
  static KeyPair keys;

  @BeforeAll
  static void generateKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    keys = gen.generateKeyPair();
  }

  static String pem(byte[] der) {
    return "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
        .encodeToString(der) + "\n-----END PRIVATE KEY-----\n";
  }

  @SuppressWarnings("unchecked")
  static Map<String, Object> decodePart(String part) {
    return (Map<String, Object>) parseJson(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
  }

  /** Verifies the RS256 signature with the public key and returns the claims. */
  static Map<String, Object> verifiedClaims(String jwt) throws Exception {
    String[] parts = jwt.split("\\.");
    assertEquals(3, parts.length);
    Signature verifier = Signature.getInstance("SHA256withRSA");
    verifier.initVerify(keys.getPublic());
    verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertTrue(verifier.verify(Base64.getUrlDecoder().decode(parts[2])), "signature must verify");
    assertFalse(jwt.contains("="), "base64url without padding");
    return decodePart(parts[1]);
  }

  @Test
  void privateKeyJwtSignsAFreshRs256AssertionPerRequest() throws Exception {
    enqueueFixture(200, "token.json");
    enqueue(200, "{\"challenge_type\":\"otp\"}");
    enqueueFixture(200, "associate-sms.json");
    MfaClient client = builder()
        .clientAuthentication(ClientAuthentication.privateKeyJwtFromPem(pem(keys.getPrivate().getEncoded()))).build();

    client.verifyOtp(MFA_TOKEN, "123456");
    client.challenge(MFA_TOKEN, ChallengeRequest.otp());
    client.associate(MFA_TOKEN, Enrollment.sms("+15551234567"));

    Map<String, String> token = form(take());
    Map<String, Object> challenge = json(take());
    Map<String, Object> associate = json(take());
    assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", token.get("client_assertion_type"));
    assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", challenge.get("client_assertion_type"));
    assertEquals("urn:ietf:params:oauth:client-assertion-type:jwt-bearer", associate.get("client_assertion_type"));
    assertNull(token.get("client_secret"));
    assertEquals(CLIENT_ID, token.get("client_id"));

    String jwt = token.get("client_assertion");
    assertEquals(Map.of("alg", "RS256", "typ", "JWT"), decodePart(jwt.split("\\.")[0]));
    Map<String, Object> claims = verifiedClaims(jwt);
    assertEquals(CLIENT_ID, claims.get("iss"));
    assertEquals(CLIENT_ID, claims.get("sub"));
    assertEquals(server.url("/").toString(), claims.get("aud")); // base URL + "/"
    assertTrue(((String) claims.get("aud")).endsWith("/"));
    double iat = (Double) claims.get("iat");
    assertEquals(START.getEpochSecond(), (long) iat);
    assertEquals(iat + 60, (Double) claims.get("exp"));
    UUID.fromString((String) claims.get("jti"));

    Map<String, Object> challengeClaims = verifiedClaims((String) challenge.get("client_assertion"));
    Map<String, Object> associateClaims = verifiedClaims((String) associate.get("client_assertion"));
    assertNotEquals(claims.get("jti"), challengeClaims.get("jti"));
    assertNotEquals(challengeClaims.get("jti"), associateClaims.get("jti"));
  }

  @Test
  void aRetriedRequestGetsANewAssertion() throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).addHeader("Retry-After", "1").body("{}").build());
    enqueueFixture(200, "token.json");
    builder().clientAuthentication(ClientAuthentication.privateKeyJwt(keys.getPrivate(), "key-1")).build()
        .verifyOtp(MFA_TOKEN, "123456");

    String first = form(take()).get("client_assertion");
    String second = form(take()).get("client_assertion");
    assertEquals(Map.of("alg", "RS256", "typ", "JWT", "kid", "key-1"), decodePart(first.split("\\.")[0]));
    assertNotEquals(verifiedClaims(first).get("jti"), verifiedClaims(second).get("jti"));
  }

  @Test
  void clientSecretBasicUsesTheHeaderOnTheTokenEndpointAndTheBodyOnMfaCalls() {
    enqueueFixture(200, "token.json");
    enqueue(200, "{\"challenge_type\":\"otp\"}");
    enqueueFixture(200, "associate-sms.json");
    String secret = "s3cr:et/+ é";
    MfaClient client = builder().clientId("my:client/1")
        .clientAuthentication(ClientAuthentication.clientSecretBasic(secret)).build();

    client.verifyOtp(MFA_TOKEN, "123456");
    client.challenge(MFA_TOKEN, ChallengeRequest.otp());
    client.associate(MFA_TOKEN, Enrollment.sms("+15551234567"));

    RecordedRequest tokenRequest = take();
    String expected = "Basic " + Base64.getEncoder().encodeToString(
        "my%3Aclient%2F1:s3cr%3Aet%2F%2B+%C3%A9".getBytes(StandardCharsets.US_ASCII));
    assertEquals(expected, tokenRequest.getHeaders().get("Authorization"));
    Map<String, String> tokenForm = form(tokenRequest);
    assertNull(tokenForm.get("client_secret"));
    assertEquals("my:client/1", tokenForm.get("client_id"));
    RecordedRequest challengeRequest = take();
    assertNull(challengeRequest.getHeaders().get("Authorization"));
    assertEquals(secret, json(challengeRequest).get("client_secret"));
    RecordedRequest associateRequest = take();
    assertEquals("Bearer mfa-token", associateRequest.getHeaders().get("Authorization"));
    assertEquals(secret, json(associateRequest).get("client_secret"));
  }

  @Test
  void aPublicClientSendsOnlyItsId() {
    enqueueFixture(200, "token.json");
    enqueue(200, "{\"challenge_type\":\"otp\"}");
    MfaClient client = builder().clientAuthentication(ClientAuthentication.none()).build();

    client.verifyOtp(MFA_TOKEN, "123456");
    client.challenge(MFA_TOKEN, ChallengeRequest.otp());

    RecordedRequest tokenRequest = take();
    assertNull(tokenRequest.getHeaders().get("Authorization"));
    assertEquals(Map.of("grant_type", "http://auth0.com/oauth/grant-type/mfa-otp", "mfa_token", "mfa-token",
        "otp", "123456", "client_id", CLIENT_ID), form(tokenRequest));
    assertEquals(Map.of("mfa_token", "mfa-token", "challenge_type", "otp", "client_id", CLIENT_ID), json(take()));
  }

  @Test
  void pemProblemsAreExplainedWithoutKeyMaterial() throws Exception {
    String pkcs1 = "-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----";
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ClientAuthentication.privateKeyJwtFromPem(pkcs1)).getMessage().contains("openssl pkcs8"));
    assertThrows(IllegalArgumentException.class, () -> ClientAuthentication.privateKeyJwtFromPem(
        "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----"));
    IllegalArgumentException garbage = assertThrows(IllegalArgumentException.class,
        () -> ClientAuthentication.privateKeyJwtFromPem(pem("not a key at all".getBytes(StandardCharsets.UTF_8))));
    assertFalse(garbage.getMessage().contains("bm90"));
    assertThrows(IllegalArgumentException.class, () -> ClientAuthentication.privateKeyJwtFromPem("hello"));

    KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
    assertThrows(IllegalArgumentException.class,
        () -> ClientAuthentication.privateKeyJwt(ec.generateKeyPair().getPrivate()));
    KeyPairGenerator small = KeyPairGenerator.getInstance("RSA");
    small.initialize(1024);
    assertThrows(IllegalArgumentException.class,
        () -> ClientAuthentication.privateKeyJwt(small.generateKeyPair().getPrivate()));

    ClientAuthentication parsed = ClientAuthentication.privateKeyJwtFromPem(pem(keys.getPrivate().getEncoded()));
    assertEquals(((RSAPrivateKey) keys.getPrivate()).getModulus(),
        ((RSAPrivateKey) ((ClientAuthentication.PrivateKeyJwt) parsed).key()).getModulus());
    assertFalse(parsed.toString().contains(((RSAPrivateKey) keys.getPrivate()).getModulus().toString()));
  }
}
