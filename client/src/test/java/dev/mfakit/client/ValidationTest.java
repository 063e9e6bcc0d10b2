package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every check runs before any request: the mock server must see nothing. */
class ValidationTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");

  private void assertRejected(String field, Executable call) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
    assertTrue(e.getMessage().startsWith(field + " "), e.getMessage());
    assertEquals(0, server.getRequestCount());
  }

  @ParameterizedTest
  @ValueSource(strings = {"15551234567", "+05551234567", "+1555123", "+1234567890123456", "+1 555 123 4567",
      "+1-555-1234567", "+1555123456７", "+١٢٣٤٥٦٧٨٩٠", "", " +15551234567"})
  void phoneNumbersMustBeE164(String phone) {
    assertRejected("phone_number", () -> Enrollment.sms(phone));
    assertRejected("phone_number", () -> Enrollment.voice(phone));
  }

  @ParameterizedTest
  @ValueSource(strings = {"+15551234", "+15551234567", "+491701234567", "+123456789012345"})
  void validPhoneNumbers(String phone) {
    assertDoesNotThrow(() -> Enrollment.sms(phone));
  }

  @ParameterizedTest
  @ValueSource(strings = {"user", "user@", "@example.com", "user@example", "us er@example.com", "a@b@example.com",
      "user@.example.com", "user@example.com.", "user@exa..mple.com", "user\t@example.com"})
  void emailsMustBePlausible(String email) {
    assertRejected("email", () -> Enrollment.email(email));
  }

  @Test
  void emailLengthIsCapped() {
    assertRejected("email", () -> Enrollment.email("a".repeat(250) + "@example.com"));
    assertDoesNotThrow(() -> Enrollment.email("first.last+mfa@sub.example.co.uk"));
  }

  @Test
  void nullsNameTheirField() {
    assertRejected("phone_number", () -> Enrollment.sms(null));
    assertRejected("enrollment", () -> client().associate(MFA_TOKEN, null));
    assertRejected("token", () -> client().associate(null, Enrollment.otp()));
    assertRejected("mfa_token", () -> client().verifyOtp(null, "123456"));
    assertRejected("request", () -> client().challenge(MFA_TOKEN, null));
  }

  @ParameterizedTest
  @ValueSource(strings = {"12345", "1234567", "12345a", " 123456", "１２３４５６", ""})
  void otpAndBindingCodesAreSixAsciiDigits(String code) {
    assertRejected("otp", () -> client().verifyOtp(MFA_TOKEN, code));
    assertRejected("binding_code", () -> client().verifyOob(MFA_TOKEN, "oob", code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"MZCRK3YX5V3AKNNYY6JEBQC", "MZCRK3YX5V3AKNNYY6JEBQCLX", "MZCRK-3YX5V3AKNNYY6JEBQCL",
      "MZCRK3YX5V3AKNNYY6JEBQC ", ""})
  void recoveryCodesAre24LettersOrDigits(String code) {
    assertRejected("recovery_code", () -> client().verifyRecoveryCode(MFA_TOKEN, code));
  }

  @ParameterizedTest
  @ValueSource(strings = {"sms/dev_x", "sms|dev_x?y", "sms|dev#x", "sms|dev%7Cx", "sms\\dev", "sms|dev x", "..",
      "sms|..|x", "", " ", "sms|dev\n"})
  void authenticatorIdsCannotEscapeThePath(String id) {
    assertRejected("authenticator_id", () -> client().deleteAuthenticator(AccessToken.of("at"), id));
    assertRejected("authenticator_id", () -> ChallengeRequest.forAuthenticatorId(id));
  }

  @Test
  void authenticatorIdLengthIsCapped() {
    assertRejected("authenticator_id", () -> client().deleteAuthenticator(AccessToken.of("at"), "a".repeat(129)));
  }

  @Test
  void tokensAndCodesHaveNoWhitespace() {
    assertRejected("mfa_token", () -> MfaToken.of("two words"));
    assertRejected("mfa_token", () -> MfaToken.of(" "));
    assertRejected("access_token", () -> AccessToken.of("tab\tbed"));
    assertRejected("oob_code", () -> client().verifyOob(MFA_TOKEN, "", "123456"));
    assertRejected("oob_code", () -> client().awaitPushApproval(MFA_TOKEN, "a b", Duration.ofSeconds(1)));
    assertRejected("timeout", () -> client().awaitPushApproval(MFA_TOKEN, "oob", Duration.ofSeconds(-1)));
  }

  @Test
  void aChallengeTypeIsOneThatCanBeSent() {
    assertDoesNotThrow(() -> new ChallengeRequest(ChallengeType.OTP, null));
    assertDoesNotThrow(() -> new ChallengeRequest(null, "sms|dev_x"));
    assertRejected("challenge_type", () -> new ChallengeRequest(ChallengeType.UNKNOWN, null));
    assertRejected("authenticator_id", () -> new ChallengeRequest(ChallengeType.OOB, "sms/dev_x"));
  }

  @Test
  void signInNeedsAUsernameAndPassword() {
    assertRejected("username", () -> PasswordSignIn.of(" ", "pw"));
    assertRejected("password", () -> PasswordSignIn.of("u", ""));
    assertRejected("realm", () -> PasswordSignIn.of("u", "p").withRealm(""));
  }

  // ---- builder -----------------------------------------------------------------------------------------------

  @Test
  void domainBecomesAnHttpsBaseUrl() {
    assertEquals(URI.create("https://acme.us.auth0.com"),
        MfaClient.builder().domain("acme.us.auth0.com").clientId("c").build().baseUrl());
    assertEquals(URI.create("https://acme.us.auth0.com"),
        MfaClient.builder().domain("https://ACME.us.auth0.com/").clientId("c").build().baseUrl());
    assertEquals(URI.create("http://127.0.0.1:8080"),
        MfaClient.builder().domain("http://127.0.0.1:8080").clientId("c").build().baseUrl());
    assertEquals("c", MfaClient.builder().domain("acme.us.auth0.com").clientId("c").build().clientId());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://acme.us.auth0.com", "ftp://acme.us.auth0.com", "https://user:pw@acme.auth0.com",
      "https://acme.auth0.com/tenant", "https://acme.auth0.com/?x=1", "https://acme.auth0.com/#f",
      "http://127.0.0.1.nip.io", "http://localhost.evil.com", "http://10.0.0.1", "mailto:x@y.z"})
  void baseUrlsMustBeHttpsUnlessLoopback(String url) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> MfaClient.builder().baseUrl(URI.create(url)));
    assertTrue(e.getMessage().startsWith("baseUrl "), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://localhost:3000", "http://127.0.0.1", "http://127.1.2.3:9", "http://[::1]:8080",
      "https://acme.eu.auth0.com", "https://login.example.com:8443/"})
  void acceptedBaseUrls(String url) {
    assertDoesNotThrow(() -> MfaClient.builder().baseUrl(URI.create(url)));
  }

  @Test
  void buildNamesWhatIsMissing() {
    IllegalStateException noDomain = assertThrows(IllegalStateException.class,
        () -> MfaClient.builder().clientId("c").build());
    assertTrue(noDomain.getMessage().contains("domain"));
    IllegalStateException noClient = assertThrows(IllegalStateException.class,
        () -> MfaClient.builder().domain("acme.auth0.com").build());
    assertEquals("client_id is required", noClient.getMessage());
    assertRejected("client_id", () -> MfaClient.builder().clientId(" "));
    assertRejected("client_id", () -> MfaClient.builder().clientId("two words"));
    assertThrows(IllegalArgumentException.class, () -> MfaClient.builder().connectTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class, () -> MfaClient.builder().clientSecret(""));
    assertThrows(IllegalArgumentException.class, () -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO,
        Duration.ZERO));
  }
}
