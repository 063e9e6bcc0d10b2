package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Each client authentication method through a whole journey: password sign-in, enrollment, verification, then a
 * challenge ({@code /mfa/challenge} authenticates the client too) and its verification.
 */
class SandboxClientAuthenticationTest extends SandboxTest {
  private static KeyPair key;
  private static KeyPair otherKey;

  @BeforeAll
  static void generateKeys() throws NoSuchAlgorithmException {
    KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
    rsa.initialize(2048);
    key = rsa.generateKeyPair();
    otherKey = rsa.generateKeyPair();
  }

  @Test
  void clientSecretPost() {
    tenant.addClient("post-app", "post-secret");
    journey(builder().clientId("post-app").clientSecret("post-secret").build());
  }

  @Test
  void clientSecretBasicWithCharactersThatNeedEncoding() {
    String secret = "p@ss:w/rd+&=%é";
    tenant.addClient("basic.app-1", secret);
    journey(builder().clientId("basic.app-1")
        .clientAuthentication(ClientAuthentication.clientSecretBasic(secret)).build());
  }

  @Test
  void privateKeyJwt() {
    tenant.addPrivateKeyJwtClient("jwt-app", key.getPublic());
    journey(builder().clientId("jwt-app")
        .clientAuthentication(ClientAuthentication.privateKeyJwt(key.getPrivate(), "key-1")).build());
  }

  @Test
  void privateKeyJwtFollowsTheTenantClock() {
    tenant.addPrivateKeyJwtClient("jwt-app", key.getPublic());
    tenant.advanceClock(Duration.ofHours(2));
    MfaClient onTenantTime = builder().clientId("jwt-app")
        .clientAuthentication(ClientAuthentication.privateKeyJwt(key.getPrivate())).build();
    MfaClient onTheStartClock = builder().clientId("jwt-app").clock(START)
        .clientAuthentication(ClientAuthentication.privateKeyJwt(key.getPrivate())).build();

    journey(onTenantTime);
    // Signed two hours "ago" as the tenant sees it: the assertion has expired.
    MfaApiException e = assertThrows(MfaApiException.class,
        () -> onTheStartClock.signIn(PasswordSignIn.of(newUser(), PASSWORD)));
    assertEquals(ErrorReason.INVALID_CLIENT, e.reason());
  }

  @Test
  void publicClient() {
    tenant.addPublicClient("spa");
    journey(builder().clientId("spa").clientAuthentication(ClientAuthentication.none()).build());
  }

  @Test
  void failedClientAuthenticationIsInvalidClient() {
    tenant.addPrivateKeyJwtClient("jwt-app", key.getPublic());
    tenant.addPublicClient("spa");
    String user = newUser();
    PasswordSignIn signIn = PasswordSignIn.of(user, PASSWORD);

    MfaClient wrongSecret = builder().clientSecret("not-the-secret").build();
    MfaClient wrongKey = builder().clientId("jwt-app")
        .clientAuthentication(ClientAuthentication.privateKeyJwt(otherKey.getPrivate())).build();
    MfaClient unknown = builder().clientId("nobody").build();
    MfaClient publicWithSecret = builder().clientId("spa").clientSecret("a-secret").build();
    MfaClient confidentialWithout = builder().clientAuthentication(ClientAuthentication.none()).build();

    for (MfaClient c : new MfaClient[] {wrongSecret, wrongKey, unknown, publicWithSecret}) {
      MfaApiException e = assertThrows(MfaApiException.class, () -> c.signIn(signIn));
      assertEquals(ErrorReason.INVALID_CLIENT, e.reason(), c.toString());
      assertEquals(401, e.status());
    }
    assertEquals(ErrorReason.INVALID_CLIENT,
        assertThrows(MfaApiException.class, () -> confidentialWithout.signIn(signIn)).reason());
    // /mfa/challenge checks the client as well, with a genuine mfa_token from the right client.
    MfaToken token = signIn(user).mfaToken();
    enrollSms(user, newPhone());
    MfaApiException challenge = assertThrows(MfaApiException.class,
        () -> wrongSecret.challenge(token, ChallengeRequest.oob()));
    assertEquals(ErrorReason.INVALID_CLIENT, challenge.reason());
  }

  @Test
  void anMfaTokenBelongsToTheClientThatGotIt() {
    tenant.addClient("other-app", "other-secret");
    MfaClient other = builder().clientId("other-app").clientSecret("other-secret").build();
    String user = newUser();
    enrollSms(user, newPhone());
    MfaToken token = signIn(user).mfaToken();

    MfaApiException e = assertThrows(MfaApiException.class, () -> other.challenge(token, ChallengeRequest.oob()));

    assertEquals(ErrorReason.MFA_TOKEN_INVALID, e.reason());
  }

  /** Sign-in, SMS enrollment and verification, then a challenge and its verification, all with {@code c}. */
  private void journey(MfaClient c) {
    String user = newUser();
    String phone = newPhone();
    MfaToken token = signIn(c, PasswordSignIn.of(user, PASSWORD)).mfaToken();
    Association a = c.associate(token, Enrollment.sms(phone));
    assertNotNull(c.verifyOob(token, a.oobCode(), codeSentTo(phone)).accessToken());

    MfaToken again = signIn(c, PasswordSignIn.of(user, PASSWORD).withRealm(dev.mfakit.sandbox.SandboxTenant.REALM))
        .mfaToken();
    Challenge challenge = c.challenge(again, ChallengeRequest.oob());
    assertNotNull(c.verifyOob(again, challenge.oobCode(), codeSentTo(phone)).accessToken());
    assertEquals(2, tenant.messages().size());
  }
}
