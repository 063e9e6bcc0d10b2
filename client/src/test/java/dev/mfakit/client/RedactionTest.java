package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.Test;

/** Canary values for every secret: none may show up in log lines, exception messages or toString(). */
class RedactionTest extends MockServerTest {
  static final String PASSWORD = "pw-CANARY-pass";
  static final String SECRET = "cs-CANARY-client-secret";
  static final String MFA = "mfa-CANARY-token";
  static final String OOB = "oob-CANARY-code";
  static final String BINDING = "918273";
  static final String OTP = "564738";
  static final String RECOVERY = "RCCANARYRCCANARYRCCANARY";
  static final String NEW_RECOVERY = "NEWRCANARYNEWRCANARYNEWR";
  static final String ACCESS = "at-CANARY-access";
  static final String ID = "idt-CANARY-id";
  static final String REFRESH = "rt-CANARY-refresh";
  static final String TOTP_SECRET = "TOTPCANARYTOTPCANARYTOTPCANARYAB";
  static final String BARCODE = "otpauth://totp/Canary:user?secret=BARCODECANARY";
  static final String PHONE = "+15557654321";
  static final List<String> CANARIES = List.of(PASSWORD, SECRET, MFA, OOB, BINDING, OTP, RECOVERY, NEW_RECOVERY,
      ACCESS, ID, REFRESH, TOTP_SECRET, "BARCODECANARY", PHONE, "5557654321");

  private static void assertClean(String where, String text) {
    for (String canary : CANARIES) {
      assertFalse(text.contains(canary), where + " leaks " + canary + ": " + text);
    }
  }

  private static String tokensJson() {
    return "{\"access_token\":\"" + ACCESS + "\",\"id_token\":\"" + ID + "\",\"refresh_token\":\"" + REFRESH
        + "\",\"expires_in\":600,\"token_type\":\"Bearer\",\"recovery_code\":\"" + NEW_RECOVERY + "\"}";
  }

  @Test
  void logsShowTheExchangeButNoSecretOrPhoneNumber() {
    MfaClient client = builder().clientSecret(SECRET).build();
    MfaToken mfaToken = MfaToken.of(MFA);
    enqueue(403, "{\"error\":\"mfa_required\",\"error_description\":\"Multifactor authentication required\","
        + "\"mfa_token\":\"" + MFA + "\"}");
    enqueue(200, "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_channel\":\"sms\",\"oob_code\":\""
        + OOB + "\",\"recovery_codes\":[\"" + RECOVERY + "\"],\"phone_number\":\"" + PHONE + "\"}");
    enqueue(200, "{\"authenticator_type\":\"otp\",\"secret\":\"" + TOTP_SECRET + "\",\"barcode_uri\":\"" + BARCODE
        + "\"}");
    enqueue(200, "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"" + OOB + "\"}");
    enqueue(200, tokensJson());
    enqueue(200, tokensJson());
    enqueue(200, tokensJson());
    enqueueFixture(200, "authenticators.json");
    server.enqueue(new MockResponse.Builder().code(204).build());

    client.signIn(PasswordSignIn.of("user@example.com", PASSWORD));
    client.associate(mfaToken, Enrollment.sms(PHONE));
    client.associate(mfaToken, Enrollment.otp());
    client.challenge(mfaToken, ChallengeRequest.oob());
    client.verifyOob(mfaToken, OOB, BINDING);
    client.verifyOtp(mfaToken, OTP);
    client.verifyRecoveryCode(mfaToken, RECOVERY);
    client.listAuthenticators(AccessToken.of(ACCESS));
    client.deleteAuthenticator(AccessToken.of(ACCESS), "sms|dev_x");

    String log = String.join("\n", logLines);
    assertClean("log", log);
    assertTrue(log.contains("--> POST " + server.url("/oauth/token")), log);
    assertTrue(log.contains("<-- 200 " + server.url("/mfa/associate")), log);
    assertTrue(log.contains("Authorization: Bearer ██"), log);
    assertTrue(log.contains("\"phone_number\":\"+1******4321\""), log);
    assertTrue(log.contains("password=██"), log);
    assertTrue(log.contains("client_secret=██"), log);
    assertTrue(log.contains("\"mfa_token\":\"██\""), log);
    assertTrue(log.contains("\"recovery_codes\":\"██\""), log);
    assertTrue(log.contains("\"barcode_uri\":\"██\""), log);
    assertTrue(log.contains("\"access_token\":\"██\""), log);
    assertTrue(log.contains("binding_code=██"), log);
    assertTrue(log.contains("otp=██"), log);
    // Not a secret, but personal: masked as every output of mfa shows an address.
    assertTrue(log.contains("username=u***@example.com"), log);
    assertFalse(log.contains("user@example.com"), log);
    assertTrue(log.contains("\"id\":\"sms|dev_klnv5yshzzoosSUm\""), log);
  }

  @Test
  void anEmailAddressToEnrollIsMaskedInTheLogAsOutputShowsIt() {
    enqueue(200, "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_channel\":\"email\","
        + "\"oob_code\":\"" + OOB + "\"}");

    builder().build().associate(MfaToken.of(MFA), Enrollment.email("jane.doe@example.com"));

    String log = String.join("\n", logLines);
    assertTrue(log.contains("\"email\":\"j***@example.com\""), log);
    assertFalse(log.contains("jane.doe"), log);
  }

  @Test
  void basicAuthAndClientAssertionsAreMaskedInLogs() throws Exception {
    enqueueFixture(200, "token.json");
    builder().clientAuthentication(ClientAuthentication.clientSecretBasic(SECRET)).build()
        .verifyOtp(MfaToken.of(MFA), OTP);
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    enqueueFixture(200, "token.json");
    builder().clientAuthentication(ClientAuthentication.privateKeyJwt(gen.generateKeyPair().getPrivate())).build()
        .verifyOtp(MfaToken.of(MFA), OTP);
    take();
    String assertion = form(take()).get("client_assertion");

    String log = String.join("\n", logLines);
    assertClean("log", log);
    assertTrue(log.contains("Authorization: Basic ██"), log);
    assertTrue(log.contains("client_assertion=██"), log);
    assertFalse(log.contains(assertion.substring(0, 30)));
  }

  @Test
  void secretsEchoedUnderUnknownFieldsOrHeadersAreMaskedInTheLog() {
    server.enqueue(new MockResponse.Builder().code(400).addHeader("X-Debug", "got password=" + PASSWORD)
        .body("{\"error\":\"invalid_request\",\"received\":\"username=u&password=" + PASSWORD + "\","
            + "\"debug\":{\"tokens\":[\"" + ACCESS + "\",\"" + REFRESH + "\"],\"code\":\"" + BINDING + "\"}}").build());

    assertThrows(MfaApiException.class, () -> builder().clientSecret(SECRET).build()
        .signIn(PasswordSignIn.of("user@example.com", PASSWORD)));

    String log = String.join("\n", logLines);
    assertClean("log", log);
    assertTrue(log.contains("\"error\":\"invalid_request\""), log);
    assertTrue(log.contains("X-Debug: got password=██"), log);
    assertTrue(log.contains("\"received\":\"██\",\"debug\":{\"tokens\":[\"██\",\"██\"],\"code\":\"██\"}"), log);
  }

  @Test
  void nonJsonBodiesAreNotLogged() {
    server.enqueue(new MockResponse.Builder().code(502).body("<html>" + MFA + "</html>").build());

    assertThrows(MfaApiException.class, () -> builder().retryPolicy(RetryPolicy.none()).build()
        .verifyOtp(MfaToken.of("t"), OTP));

    String log = String.join("\n", logLines);
    assertClean("log", log);
    assertTrue(log.contains("not JSON, omitted"), log);
  }

  @Test
  void noLoggingByDefault() {
    enqueueFixture(200, "token.json");
    List<String> nothing = new ArrayList<>();
    MfaClient.builder().baseUrl(server.url("/").uri()).clientId(CLIENT_ID).build().verifyOtp(MfaToken.of(MFA), OTP);
    assertEquals(List.of(), nothing);
    assertEquals(List.of(), logLines);
  }

  @Test
  void recordsPrintRedacted() {
    List<Object> records = List.of(
        MfaToken.of(MFA),
        new AccessToken(ACCESS, START),
        PasswordSignIn.of("user", PASSWORD),
        new Tokens(AccessToken.of(ACCESS), ID, REFRESH, "Bearer", Duration.ofSeconds(60), "openid", NEW_RECOVERY),
        new MfaRequired(MfaToken.of(MFA), MfaRequirements.none()),
        new Association(AuthenticatorType.OOB, OobChannel.SMS, OOB, BindingMethod.PROMPT, TOTP_SECRET, BARCODE,
            List.of(RECOVERY), START),
        new Challenge(ChallengeType.OOB, OOB, BindingMethod.PROMPT),
        Enrollment.sms(PHONE),
        Enrollment.voice(PHONE),
        ClientAuthentication.clientSecretPost(SECRET),
        ClientAuthentication.clientSecretBasic(SECRET));
    for (Object record : records) {
      assertClean(record.getClass().getSimpleName(), record.toString());
      assertClean(record.getClass().getSimpleName(), String.valueOf(List.of(record)));
    }
    assertTrue(Enrollment.sms(PHONE).toString().contains("+1******4321"));
    assertTrue(new Association(AuthenticatorType.OOB, null, OOB, null, null, null, List.of(RECOVERY), null)
        .toString().contains("recoveryCodes=[██]"));
    assertTrue(MfaToken.of(MFA).toString().contains("██"));
  }

  @Test
  void exceptionMessagesSanitiseWhatTheServerEchoes() {
    enqueueError(403, "invalid_grant", "Invalid code " + BINDING + " for " + PHONE + " (user@example.com), token "
        + "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiIxMjM0In0.sig and " + MFA + " " + "x".repeat(300));

    MfaApiException e = assertThrows(MfaApiException.class, () -> client().verifyOtp(MfaToken.of(MFA), OTP));

    assertClean("message", e.getMessage());
    assertClean("toString", e.toString());
    assertFalse(e.getMessage().contains("user@example.com"), e.getMessage());
    assertFalse(e.getMessage().contains("eyJhbGciOiJSUzI1NiJ9"), e.getMessage());
    assertTrue(e.getMessage().length() < 400, e.getMessage());
    // The raw description stays available to code that asks for it.
    assertTrue(e.errorDescription().contains(BINDING));
  }

  @Test
  void sanitisingKeepsAuth0sOwnWordsIntact() {
    String text = "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.";
    enqueueError(429, "too_many_requests", text);

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> builder().retryPolicy(RetryPolicy.none()).build().verifyOtp(MfaToken.of(MFA), OTP));

    assertTrue(e.getMessage().contains(text), e.getMessage());
  }

  @Test
  void validationMessagesNeverEchoTheValue() {
    IllegalArgumentException phone = assertThrows(IllegalArgumentException.class,
        () -> Enrollment.sms("+0" + "5557654321"));
    IllegalArgumentException otp = assertThrows(IllegalArgumentException.class,
        () -> client().verifyOtp(MfaToken.of(MFA), OTP + "9"));

    assertClean("phone message", phone.getMessage());
    assertClean("otp message", otp.getMessage());
    assertFalse(otp.getMessage().contains(OTP + "9"));
  }
}
