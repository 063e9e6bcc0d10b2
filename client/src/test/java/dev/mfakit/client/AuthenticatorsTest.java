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
            "XXXXXXXXX9167", null),
        new Authenticator("recovery-code|dev_i1kgKoFSZLbPt6G1", AuthenticatorType.RECOVERY_CODE, false, null, null,
            null),
        new Authenticator("push|dev_BBTKYpxKHOXVBnql", AuthenticatorType.OOB, false, OobChannel.AUTH0, null, null),
        new Authenticator("totp|dev_WzMZ2sZbUw1wbC2F", AuthenticatorType.OTP, false, null, null, null),
        new Authenticator("totp|dev_wLdxko6pjg6ziKL9", AuthenticatorType.OTP, false, null, null, null),
        new Authenticator("email|dev_hdkmORJuqOmjRRQU", AuthenticatorType.OOB, true, OobChannel.EMAIL,
            "****@exam*******", "email")), list);
  }

  @Test
  void listToleratesUnknownFieldsTypesAndThePluralChannel() {
    enqueue(200, "[{\"authenticator_type\":\"oob\",\"id\":\"sms|dev_WNScJzYAmuV1enCR\",\"active\":true,"
        + "\"oob_channel\":\"sms\",\"name\":\"XXXXXXXXX2046\",\"type\":\"phone\",\"created_at\":\"2024-01-01\","
        + "\"last_auth\":null,\"nested\":{\"a\":[1,true,null]}},"
        + "{\"id\":\"webauthn|dev_1\",\"authenticator_type\":\"webauthn-platform\",\"active\":true},"
        + "{\"id\":\"voice|dev_2\",\"authenticator_type\":\"oob\",\"oob_channels\":[\"voice\"]}]");

    List<Authenticator> list = client().listAuthenticators(AccessToken.of("at"));

    assertEquals("phone", list.get(0).type());
    assertEquals(AuthenticatorType.UNKNOWN, list.get(1).authenticatorType());
    assertNull(list.get(1).oobChannel());
    assertEquals(OobChannel.VOICE, list.get(2).oobChannel());
    assertEquals(false, list.get(2).active());
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
