package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PushApprovalTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = new MfaToken("mfa-token", START.plus(Duration.ofMinutes(10)));
  static final String PENDING = "Authorization pending: please repeat the request in a few seconds.";

  @Test
  void pollsEveryFiveSecondsUntilApproved() {
    enqueueError(400, "authorization_pending", PENDING);
    enqueueError(400, "authorization_pending", PENDING);
    enqueueFixture(200, "token.json");

    Tokens tokens = client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofMinutes(2));

    assertEquals("test-access-token", tokens.accessToken().value());
    assertEquals(3, server.getRequestCount());
    assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5)), sleeper.sleeps);
    for (int i = 0; i < 3; i++) {
      var form = form(take());
      assertEquals("http://auth0.com/oauth/grant-type/mfa-oob", form.get("grant_type"));
      assertEquals("oob-code", form.get("oob_code"));
      assertEquals(null, form.get("binding_code"));
    }
  }

  @Test
  void slowDownAddsFiveSecondsEachTime() {
    enqueueError(400, "slow_down", "Slow down");
    enqueueError(400, "authorization_pending", PENDING);
    enqueueError(400, "slow_down", "Slow down");
    enqueueFixture(200, "token.json");

    client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofMinutes(2));

    assertEquals(List.of(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(15)), sleeper.sleeps);
  }

  @Test
  void neverMoreThanTwelveCallsAMinute() {
    for (int i = 0; i < 30; i++) {
      enqueueError(400, "authorization_pending", PENDING);
    }

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofSeconds(60)));

    assertEquals(ErrorReason.AUTHORIZATION_PENDING, e.reason());
    // Polls at 0, 5, ..., 55 s; a poll at 60 s would be the 13th within a minute.
    assertEquals(12, server.getRequestCount());
    assertTrue(sleeper.sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(5)) >= 0));
    assertEquals(START.plusSeconds(55), clock.instant());
  }

  @Test
  void rejectedInBothFormsStopsAtOnce() {
    enqueueError(400, "access_denied", "MFA Authorization rejected.");
    MfaApiException first = assertThrows(MfaApiException.class,
        () -> client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofMinutes(2)));
    enqueueError(403, "invalid_grant", "MFA Authorization rejected.");
    MfaApiException second = assertThrows(MfaApiException.class,
        () -> client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofMinutes(2)));

    assertEquals(ErrorReason.PUSH_REJECTED, first.reason());
    assertEquals(ErrorReason.PUSH_REJECTED, second.reason());
    assertEquals(2, server.getRequestCount());
    assertEquals(List.of(), sleeper.sleeps);
  }

  @Test
  void deadlineEndsWithPendingEvenAfterSlowDown() {
    enqueueError(400, "authorization_pending", PENDING);
    enqueueError(400, "slow_down", "Slow down");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofSeconds(12)));

    assertEquals(ErrorReason.AUTHORIZATION_PENDING, e.reason());
    assertEquals(2, server.getRequestCount());
    assertEquals(List.of(Duration.ofSeconds(5)), sleeper.sleeps);
  }

  @Test
  void otherErrorsStopPolling() {
    enqueueError(403, "expired_token", "mfa_token is expired");

    MfaApiException e = assertThrows(MfaApiException.class,
        () -> client().awaitPushApproval(MFA_TOKEN, "oob-code", Duration.ofMinutes(2)));

    assertEquals(ErrorReason.MFA_TOKEN_EXPIRED, e.reason());
  }

  @Test
  void interruptionStopsTheWaitAndKeepsTheFlag() {
    enqueueError(400, "authorization_pending", PENDING);
    MfaClient client = builder().sleeper(d -> {
      throw new InterruptedException();
    }).build();

    assertThrows(MfaNetworkException.class, () -> client.awaitPushApproval(MFA_TOKEN, "oob-code",
        Duration.ofMinutes(1)));
    assertTrue(Thread.interrupted()); // also clears it for the next test
  }
}
