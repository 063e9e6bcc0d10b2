package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class AuthenticatorsTest extends MockServerTest {

  @Test
  void listSendsABareGetAndParsesTheRecordedList() {
    enqueueFixture(200, "authenticators.json");

    List<Authenticator> list = client().listAuthenticators(MfaToken.of("mfa-token"));

    RecordedRequest r = take();
    assertEquals("GET", r.getMethod());
    assertEquals("/mfa/authenticators", r.getUrl().encodedPath());
    assertCommonHeaders(r);
    assertEquals("Bearer mfa-token", r.getHeaders().get("Authorization"));
    assertEquals(0, r.getBodySize());

    assertEquals(List.of(
        new Authenticator("sms|dev_klnv5yshzzoosSUm", AuthenticatorType.OOB, false, OobChannel.SMS,
            "XXXXXXXXX9167"),
        new Authenticator("recovery-code|dev_i1kgKoFSZLbPt6G1", AuthenticatorType.RECOVERY_CODE, false, null, null),
        new Authenticator("push|dev_BBTKYpxKHOXVBnql", AuthenticatorType.OOB, false, OobChannel.AUTH0, null),
        new Authenticator("totp|dev_WzMZ2sZbUw1wbC2F", AuthenticatorType.OTP, false, null, null),
        new Authenticator("totp|dev_wLdxko6pjg6ziKL9", AuthenticatorType.OTP, false, null, null),
        new Authenticator("email|dev_hdkmORJuqOmjRRQU", AuthenticatorType.OOB, true, OobChannel.EMAIL,
            "****@exam*******")), list);
  }

  @Test
  void listToleratesUnknownFieldsTypesAndThePluralChannel() {
    enqueue(200, "[{\"authenticator_type\":\"oob\",\"id\":\"sms|dev_WNScJzYAmuV1enCR\",\"active\":true,"
        + "\"oob_channel\":\"sms\",\"name\":\"XXXXXXXXX2046\",\"type\":\"phone\",\"created_at\":\"2024-01-01\","
        + "\"last_auth\":null,\"nested\":{\"a\":[1,true,null]}},"
        + "{\"id\":\"webauthn|dev_1\",\"authenticator_type\":\"webauthn-platform\",\"active\":true},"
        + "{\"id\":\"voice|dev_2\",\"authenticator_type\":\"oob\",\"oob_channels\":[\"voice\"]}]");

    List<Authenticator> list = client().listAuthenticators(AccessToken.of("at"));

    assertEquals(new Authenticator("sms|dev_WNScJzYAmuV1enCR", AuthenticatorType.OOB, true, OobChannel.SMS,
        "XXXXXXXXX2046"), list.get(0));
    assertEquals(AuthenticatorType.UNKNOWN, list.get(1).authenticatorType());
    assertNull(list.get(1).oobChannel());
    assertEquals(OobChannel.VOICE, list.get(2).oobChannel());
    assertEquals(false, list.get(2).active());
  }

  @Test
  void theNewerTypeFillsInWhatTheOlderFieldsLeaveUnknown() {
    enqueue(200, "[{\"id\":\"totp|dev_1\",\"authenticator_type\":\"totp-v2\",\"type\":\"otp\"},"
        + "{\"id\":\"email|dev_2\",\"authenticator_type\":\"oob\",\"type\":\"email\"},"
        + "{\"id\":\"push|dev_3\",\"authenticator_type\":\"oob\",\"type\":\"push-notification\"},"
        + "{\"id\":\"sms|dev_4\",\"authenticator_type\":\"oob\",\"type\":\"phone\"},"
        + "{\"id\":\"sms|dev_5\",\"authenticator_type\":\"oob\",\"oob_channel\":\"sms\",\"type\":\"email\"},"
        + "{\"id\":\"x|dev_6\",\"authenticator_type\":\"x\",\"type\":\"y\"}]");

    List<Authenticator> list = client().listAuthenticators(MfaToken.of("t"));

    assertEquals(List.of(
        new Authenticator("totp|dev_1", AuthenticatorType.OTP, false, null, null),
        new Authenticator("email|dev_2", AuthenticatorType.OOB, false, OobChannel.EMAIL, null),
        new Authenticator("push|dev_3", AuthenticatorType.OOB, false, OobChannel.AUTH0, null),
        // "phone" is SMS or voice: the channel stays unknown.
        new Authenticator("sms|dev_4", AuthenticatorType.OOB, false, null, null),
        // A channel the tenant named is kept over what "type" implies.
        new Authenticator("sms|dev_5", AuthenticatorType.OOB, false, OobChannel.SMS, null),
        new Authenticator("x|dev_6", AuthenticatorType.UNKNOWN, false, null, null)), list);
  }

  @Test
  void emptyList() {
    enqueue(200, "[]");

    assertEquals(List.of(), client().listAuthenticators(MfaToken.of("t")));
  }

  @Test
  void deleteUrlEncodesTheIdAndAccepts204() {
    server.enqueue(new MockResponse.Builder().code(204).build());

    assertDoesNotThrow(() -> client().deleteAuthenticator(AccessToken.of("at"), "push|dev_BBTKYpxKHOXVBnql"));

    RecordedRequest r = take();
    assertEquals("DELETE", r.getMethod());
    assertEquals("/mfa/authenticators/push%7Cdev_BBTKYpxKHOXVBnql", r.getUrl().encodedPath());
    assertEquals("Bearer at", r.getHeaders().get("Authorization"));
    assertCommonHeaders(r);
    assertEquals(0, r.getBodySize());
  }

  @Test
  void deleteOfAnUnknownIdIsNotFoundOnTheFirstAttempt() {
    enqueueError(404, "not_found", "Authenticator not found");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().deleteAuthenticator(AccessToken.of("at"), "sms|dev_gone"));

    assertEquals(ErrorReason.NOT_FOUND, e.reason());
    assertTrue(e.getMessage().startsWith("Not found (HTTP 404 not_found)"), e.getMessage());
  }
}
