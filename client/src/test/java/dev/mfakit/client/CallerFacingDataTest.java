package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * What a caller (the command line) reads as data instead of taking messages apart: the field and rule of a refused
 * input, the safe parts of a refusal, one masking and one definition of each code's shape.
 */
class CallerFacingDataTest extends MockServerTest {

  private static InvalidInputException refused(Executable call) {
    InvalidInputException e = assertThrows(InvalidInputException.class, call);
    assertEquals(e.field() + " " + e.rule(), e.getMessage(), "the message is the field and the rule");
    return e;
  }

  @Test
  void aRefusedInputNamesItsFieldKindAndRule() {
    InvalidInputException phone = refused(() -> Enrollment.sms("+44 7911 123987"));
    assertEquals("phone_number", phone.field());
    assertEquals(InvalidInputException.Kind.MALFORMED, phone.kind());
    assertFalse(phone.getMessage().contains("7911"), "never the value");

    InvalidInputException remote = refused(() -> MfaClient.builder().domain("http://acme.us.auth0.com"));
    assertEquals("baseUrl", remote.field());
    assertEquals(InvalidInputException.Kind.NOT_HTTPS, remote.kind());
    assertEquals(InvalidInputException.Kind.NOT_HTTPS,
        refused(() -> MfaClient.builder().domain("ftp://acme.us.auth0.com")).kind());

    InvalidInputException spaces = refused(() -> MfaClient.builder().domain("acme us auth0"));
    assertEquals("domain", spaces.field());
    assertEquals(InvalidInputException.Kind.MALFORMED, spaces.kind());

    InvalidInputException blank = refused(() -> MfaClient.builder().domain(" "));
    assertEquals("domain", blank.field());
    assertEquals(InvalidInputException.Kind.MISSING, blank.kind());
    assertEquals("must not be blank", blank.rule());

    assertEquals(InvalidInputException.Kind.MISSING, refused(() -> PasswordSignIn.of("jane", "")).kind());
    assertEquals("email", refused(() -> Enrollment.email("jane.example.com")).field());
    assertEquals("otp", refused(() -> client().verifyOtp(MfaToken.of("t"), "12345")).field());
    assertEquals(0, server.getRequestCount());
  }

  @Test
  void aRefusedSettingIsAnInvalidInputNamingIt() {
    assertEquals("maxAttempts", refused(() -> new RetryPolicy(0, Duration.ZERO, Duration.ZERO, Duration.ZERO))
        .field());
    assertEquals("maxBackoff", refused(() -> new RetryPolicy(3, Duration.ZERO, Duration.ofSeconds(2),
        Duration.ofSeconds(1))).field());
    assertEquals("requestsPerSecond", refused(() -> RequestPacer.startingAt(0)).field());
    assertEquals("certificateAuthority", refused(() -> MfaClient.builder().trustCertificateAuthority("x")).field());
    assertEquals("pkcs8Pem", refused(() -> ClientAuthentication.privateKeyJwtFromPem("x")).field());
  }

  @Test
  void aRefusalCarriesItsErrorCodeAndDescriptionSafeToPrint() {
    enqueueError(400, "invalid_request", "Nothing enrolled for jane@example.com yet. Try again");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().listAuthenticators(MfaToken.of("mfa-token")));

    assertEquals("invalid_request", e.safeError());
    assertEquals("Nothing enrolled for <email> yet. Try again", e.safeDescription());
    assertTrue(e.getMessage().contains("(HTTP 400 invalid_request): Nothing enrolled for <email> yet. Try again"),
        e.getMessage());
  }

  @Test
  void aRefusalWithoutABodyHasNoSafeParts() {
    enqueue(404, "");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().deleteAuthenticator(AccessToken.of("at"), "sms|dev_x"));

    assertNull(e.safeError());
    assertNull(e.safeDescription());
  }

  @Test
  void anErrorCodeThatIsNoCodeIsNotQuoted() {
    enqueueError(400, "<script>", "bad");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().listAuthenticators(MfaToken.of("mfa-token")));

    assertEquals("<unexpected error code>", e.safeError());
  }

  @Test
  void anApplicationsTestDoubleMakesTheExceptionTheClientWouldThrow() {
    MfaApiException e = new MfaApiException(403, ErrorReason.WRONG_OTP, "invalid_grant",
        "Invalid otp_code for jane@example.com", "https://example.com/why", null);

    assertEquals(403, e.status());
    assertEquals(ErrorReason.WRONG_OTP, e.reason());
    assertEquals("https://example.com/why", e.errorUri());
    assertNull(e.rateLimit());
    assertEquals("Invalid otp_code for <email>", e.safeDescription(), "sanitised like the client's own");
    assertTrue(e.getMessage().startsWith("The one-time password is wrong (HTTP 403 invalid_grant): Invalid"
        + " otp_code for <email>"), e.getMessage());
    assertEquals(ErrorReason.UNKNOWN, new MfaApiException(500, null, null, null, null, null).reason());
  }

  @Test
  void masksPhonesAndAddressesOneWay() {
    assertEquals("+1******4567", Mask.phone("+15551234567"));
    assertEquals("+4*******7890", Mask.phone("+447911567890"));
    assertEquals("██", Mask.phone("5551234"));
    assertNull(Mask.phone(null));
    assertEquals("j***@example.com", Mask.email("jane.doe@example.com"));
    assertEquals("***", Mask.email("@example.com"));
    assertEquals("d***@example.com", Mask.recipient("demo@example.com"));
    assertEquals("+1******0100", Mask.recipient("+15555550100"));
    assertEquals("Sms[phoneNumber=+1******4567]", Enrollment.sms("+15551234567").toString());
  }

  @Test
  void codeShapesAreTheOnesTheClientSends() {
    assertTrue(CodeFormat.isSixDigitCode("012345"));
    for (String bad : new String[] {"12345", "1234567", "12 456", "١٢٣٤٥٦", "１２３４５６", "", null}) {
      assertFalse(CodeFormat.isSixDigitCode(bad), bad);
    }
    assertTrue(CodeFormat.isRecoveryCode("ABCDEFGHJKLMNPQRSTUVWXYZ"));
    assertTrue(CodeFormat.isRecoveryCode("abcdefghjklmnpqrstuvwxy2"));
    assertFalse(CodeFormat.isRecoveryCode("ABCDEFGHJKLMNPQRSTUVWXY"));
    assertFalse(CodeFormat.isRecoveryCode("ABCD-EFGH-JKLM-NPQR-STUV"));
    assertThrows(InvalidInputException.class, () -> client().verifyRecoveryCode(MfaToken.of("t"), "ABC"));
  }
}
