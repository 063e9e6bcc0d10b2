package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Durations the API accepts as valid must not overflow into a DateTimeException or ArithmeticException. */
class HugeDurationsTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = new MfaToken("mfa-token", null);

  @Test
  void pushWaitWithAnUnboundedTimeoutPollsUntilApproved() {
    enqueueError(400, "authorization_pending", "Authorization pending");
    enqueueFixture(200, "token.json");

    Tokens tokens = client().awaitPushApproval(MFA_TOKEN, "oob-code", ChronoUnit.FOREVER.getDuration());

    assertEquals("test-access-token", tokens.accessToken().value());
    assertEquals(2, server.getRequestCount());
  }

  @Test
  void pushWaitWithATimeoutBeyondTheLastInstantStillEndsOnRejection() {
    enqueueError(400, "authorization_pending", "Authorization pending");
    enqueueError(400, "access_denied", "MFA Authorization rejected.");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofDays(1_000_000_000_000L)));

    assertEquals(ErrorReason.PUSH_REJECTED, e.reason());
  }

  @Test
  void uncappedBackoffStillRetries() {
    RetryPolicy uncapped = new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMillis(250),
        ChronoUnit.FOREVER.getDuration());
    enqueueError(503, "server_error", "Service Unavailable");
    enqueueError(503, "server_error", "Service Unavailable");
    enqueue(200, "[]");

    assertEquals(0, builder().retryPolicy(uncapped).build().listAuthenticators(MFA_TOKEN).size());

    assertEquals(3, server.getRequestCount());
    assertEquals(2, sleeper.sleeps.size());
  }
}
