package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/** What travels on the wire survives it: awkward characters, and a tenant that went away. */
class SandboxTransportTest extends SandboxTest {

  @Test
  void awkwardCharactersInCredentialsAndAddresses() {
    String username = "o'brien+mfa test@example.com";
    String password = "p@ss+wörd &=%;ü 🙂 \"quoted\" \\ back";
    tenant.addUser(username, password);
    String address = "o'brien+codes@example.com";

    MfaRequired required = signIn(client, PasswordSignIn.of(username.toUpperCase(Locale.ROOT), password));
    Association a = client.associate(required.mfaToken(), Enrollment.email(address));
    assertNotNull(client.verifyOob(required.mfaToken(), a.oobCode(), codeSentTo(address)));

    MfaApiException wrong = assertThrows(MfaApiException.class,
        () -> client.signIn(PasswordSignIn.of(username, password.replace('+', ' '))));
    assertEquals(ErrorReason.WRONG_CREDENTIALS, wrong.reason());
  }

  @Test
  void aStoppedTenant() {
    String user = newUser();
    MfaToken token = signIn(user).mfaToken(); // leaves a pooled keep-alive connection behind
    tenant.close();

    // The pooled connection is reused (OkHttp probes only connections idle for 10 s or more): the POST is written,
    // then the connection turns out closed. The client cannot know the tenant never processed it, and says so.
    MfaException stale = assertThrows(MfaException.class, () -> client.signIn(PasswordSignIn.of(user, PASSWORD)));
    assertInstanceOf(MfaOutcomeUnknownException.class, stale);
    // From then on the connection is refused: nothing was sent, safe to retry.
    MfaException refused = assertThrows(MfaException.class, () -> client.signIn(PasswordSignIn.of(user, PASSWORD)));
    assertInstanceOf(MfaNetworkException.class, refused);
    assertFalse(refused instanceof MfaOutcomeUnknownException, refused.toString());
    assertTrue(refused.getMessage().contains("nothing was sent"), refused.getMessage());
    assertEquals(0, sleeper.sleeps.size()); // POSTs are never retried on I/O errors
    // A GET is retried with backoff before giving up.
    MfaException get = assertThrows(MfaException.class, () -> client.listAuthenticators(token));
    assertInstanceOf(MfaNetworkException.class, get);
    assertEquals(2, sleeper.sleeps.size());
    assertTrue(get.getMessage().contains("after 3 attempts"), get.getMessage());
  }
}
