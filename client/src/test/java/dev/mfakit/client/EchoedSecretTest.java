package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * A server that echoes the client secret must not get it into a message or a log line, however the client
 * authenticates: with client_secret_basic the secret travels only in the Authorization header.
 */
class EchoedSecretTest extends MockServerTest {
  // Short and plain, so no generic pattern (long token, digit run) would mask it by chance.
  static final String SECRET = "pa55-w0rd";

  @Test
  void basicSecretEchoedInTheErrorIsMasked() {
    enqueueError(401, "invalid_client", "Client secret " + SECRET + " is not valid for this client");
    MfaClient client = builder().clientAuthentication(ClientAuthentication.clientSecretBasic(SECRET)).build();

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.signIn(PasswordSignIn.of("user@example.com", "hunter2-password")));

    assertEquals(ErrorReason.INVALID_CLIENT, e.reason());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertFalse(String.join("\n", logLines).contains(SECRET), String.join("\n", logLines));
  }

  @Test
  void secretEchoedInTheLastSlowDownOfAPushWaitIsMasked() {
    enqueueError(400, "slow_down", "Client " + SECRET + " polls too fast");
    MfaClient client = builder().clientSecret(SECRET).build();

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client.awaitPushApproval(MfaToken.of("mfa-token"), "oob-code", java.time.Duration.ofSeconds(5)));

    assertEquals(ErrorReason.AUTHORIZATION_PENDING, e.reason());
    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
  }
}
