package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small helpers applications would otherwise each write by hand. */
class ConveniencesTest {
  private static final Instant NOW = Instant.parse("2026-11-28T10:00:00Z");

  @Test
  void mfaAudienceIsTheTenantsMfaApiWithTrailingSlash() {
    MfaClient client = MfaClient.builder().domain("acme.us.auth0.com").clientId("id").build();
    assertEquals("https://acme.us.auth0.com/mfa/", client.mfaAudience());

    MfaClient local = MfaClient.builder().baseUrl(URI.create("http://127.0.0.1:8080/")).clientId("id").build();
    assertEquals("http://127.0.0.1:8080/mfa/", local.mfaAudience());
  }

  @Test
  void recoveryCodeIsTheFirstIssuedOrNull() {
    Association first = new Association(AuthenticatorType.OOB, OobChannel.SMS, "oob", BindingMethod.PROMPT, null,
        null, List.of("MZCRK3YX5V3AKNNYY6JEBQCL"), null);
    Association later = new Association(AuthenticatorType.OOB, OobChannel.SMS, "oob", BindingMethod.PROMPT, null,
        null, List.of(), null);
    assertEquals("MZCRK3YX5V3AKNNYY6JEBQCL", first.recoveryCode());
    assertNull(later.recoveryCode());
  }

  @Test
  void delayPrefersRetryAfterThenTheReset() {
    assertEquals(Duration.ofSeconds(7),
        new RateLimit(10, 0, NOW.plusSeconds(60), Duration.ofSeconds(7)).delayFrom(NOW));
    assertEquals(Duration.ofSeconds(60), new RateLimit(10, 0, NOW.plusSeconds(60), null).delayFrom(NOW));
    assertEquals(Duration.ZERO, new RateLimit(10, 0, NOW.minusSeconds(5), null).delayFrom(NOW));
    assertNull(new RateLimit(10, 3, null, null).delayFrom(NOW));
  }
}
