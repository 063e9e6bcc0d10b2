package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

class AssociateTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = new MfaToken("Fe26.2**mfa-token*x", START.plus(Duration.ofMinutes(10)));
  static final String OTP_RESPONSE = "{\"authenticator_type\":\"otp\",\"secret\":\"HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF\","
      + "\"barcode_uri\":\"otpauth://totp/My%20Test%20Tenant:user%40example.com?secret=HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF"
      + "&issuer=My%20Test%20Tenant&algorithm=SHA1&digits=6&period=30\"}";
  static final String PUSH_RESPONSE = "{\"authenticator_type\":\"oob\",\"barcode_uri\":\"otpauth://totp/My%20Test%20"
      + "Tenant:user%40example.com?enrollment_tx_id=t5FmaYNt8APzKlh3WCRNLi2dG3uZYnAC&base_url=https%3A%2F%2Fgo-auth0"
      + "-dev.eu.auth0.com.guardian.us.auth0.com\",\"oob_channel\":\"auth0\",\"oob_code\":\"Fe26.2*SERVER_1726721698"
      + "*94c2*iv*ct*1726830033006*2f04*tRDv38UmQkIVli-G7lDkN4sKIN3FRE07UlEO6qnQwZo\"}";

  @Test
  void smsSendsTheExactRequestAndParsesTheRecordedAnswer() {
    enqueueFixture(200, "associate-sms.json");

    Association a = client().associate(MFA_TOKEN, Enrollment.sms("+91123456789"));

    RecordedRequest r = take();
    assertEquals("POST", r.getMethod());
    assertEquals("/mfa/associate", r.getUrl().encodedPath());
    assertCommonHeaders(r);
    assertEquals("Bearer " + MFA_TOKEN.value(), r.getHeaders().get("Authorization"));
    assertEquals(Map.of("authenticator_types", List.of("oob"), "oob_channels", List.of("sms"),
        "phone_number", "+91123456789", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), json(r));

    assertEquals(AuthenticatorType.OOB, a.authenticatorType());
    assertEquals(OobChannel.SMS, a.oobChannel());
    assertEquals(BindingMethod.PROMPT, a.bindingMethod());
    assertTrue(a.needsBindingCode());
    assertTrue(a.oobCode().startsWith("Fe26.2*SERVER_1726721698*"));
    assertEquals(List.of("MZCRK3YX5V3AKNNYY6JEBQCL"), a.recoveryCodes());
    assertNull(a.secret());
    assertNull(a.barcodeUri());
    // The 6th '*'-field of the recorded Iron code: 1726830032592 ms.
    assertEquals(Instant.ofEpochMilli(1726830032592L), a.oobCodeExpiresAt());
  }

  @Test
  void voiceAndEmailBodies() {
    enqueue(200, "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"Fe26..nWE\","
        + "\"oob_channel\":\"voice\"}");
    enqueue(200, "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"Fe26..nWE\","
        + "\"oob_channel\":\"email\",\"recovery_codes\":[\"N3BGPZZWJ85JLCNPZBDW6QXC\"]}");
    MfaClient client = client();

    Association voice = client.associate(MFA_TOKEN, Enrollment.voice("+15551234567"));
    Association email = client.associate(AccessToken.of("access-token"), Enrollment.email("user@example.com"));

    assertEquals(Map.of("authenticator_types", List.of("oob"), "oob_channels", List.of("voice"),
        "phone_number", "+15551234567", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), json(take()));
    RecordedRequest emailRequest = take();
    assertEquals("Bearer access-token", emailRequest.getHeaders().get("Authorization"));
    assertEquals(Map.of("authenticator_types", List.of("oob"), "oob_channels", List.of("email"),
        "email", "user@example.com", "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), json(emailRequest));
    assertEquals(OobChannel.VOICE, voice.oobChannel());
    assertEquals(OobChannel.EMAIL, email.oobChannel());
    assertEquals(List.of("N3BGPZZWJ85JLCNPZBDW6QXC"), email.recoveryCodes());
    // Not an Iron code with an expiry: receipt + 5 minutes.
    assertEquals(START.plus(Duration.ofMinutes(5)), voice.oobCodeExpiresAt());
  }

  @Test
  void otpReturnsSecretAndBarcodeUri() {
    enqueue(200, OTP_RESPONSE);

    Association a = client().associate(MFA_TOKEN, Enrollment.otp());

    assertEquals(Map.of("authenticator_types", List.of("otp"), "client_id", CLIENT_ID, "client_secret",
        CLIENT_SECRET), json(take()));
    assertEquals(AuthenticatorType.OTP, a.authenticatorType());
    assertEquals("HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF", a.secret());
    assertTrue(a.barcodeUri().startsWith("otpauth://totp/"));
    assertNull(a.oobCode());
    assertNull(a.oobCodeExpiresAt());
    assertNull(a.oobChannel());
    assertFalse(a.needsBindingCode());
    assertEquals(List.of(), a.recoveryCodes());
  }

  @Test
  void pushUsesTheAuth0ChannelAndHasNoBindingMethod() {
    enqueue(200, PUSH_RESPONSE);

    Association a = client().associate(MFA_TOKEN, Enrollment.push());

    assertEquals(Map.of("authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"),
        "client_id", CLIENT_ID, "client_secret", CLIENT_SECRET), json(take()));
    assertEquals(OobChannel.AUTH0, a.oobChannel());
    assertNull(a.bindingMethod());
    assertFalse(a.needsBindingCode());
    assertTrue(a.barcodeUri().contains("enrollment_tx_id="));
    assertEquals(Instant.ofEpochMilli(1726830033006L), a.oobCodeExpiresAt());
  }

  @Test
  void anOobCodeExpiryFarFromReceiptIsNotTrusted() {
    clock.advance(Duration.ofDays(400)); // the recorded code's expiry is now long past
    enqueueFixture(200, "associate-sms.json");

    Association a = client().associate(MFA_TOKEN, Enrollment.sms("+91123456789"));

    assertEquals(clock.instant().plus(Duration.ofMinutes(5)), a.oobCodeExpiresAt());
  }

  @Test
  void unknownChannelAndBindingMethodAreTolerated() {
    enqueue(200, "{\"authenticator_type\":\"webauthn\",\"oob_channel\":\"carrier-pigeon\",\"binding_method\":"
        + "\"qr\",\"oob_code\":\"c\",\"future_field\":{\"x\":[1,2]}}");

    Association a = client().associate(MFA_TOKEN, Enrollment.push());

    assertEquals(AuthenticatorType.UNKNOWN, a.authenticatorType());
    assertEquals(OobChannel.UNKNOWN, a.oobChannel());
    assertEquals(BindingMethod.UNKNOWN, a.bindingMethod());
  }

  @Test
  void alreadyEnrolled() {
    enqueueError(403, "access_denied", "User is already enrolled.");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().associate(MFA_TOKEN, Enrollment.sms("+15551234567")));

    assertEquals(ErrorReason.ALREADY_ENROLLED, e.reason());
    assertEquals(1, server.getRequestCount());
  }
}
