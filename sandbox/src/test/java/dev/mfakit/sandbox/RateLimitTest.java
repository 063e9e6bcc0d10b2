package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The global request rate: per client_id (or IP), 429 with X-RateLimit-* and Retry-After. */
class RateLimitTest {
  private static final String TEXT =
      "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.";

  @Test
  void burstThenRefusedThenRefilled() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).rateLimit(2, 3).start()) {
      Wire w = new Wire(tenant);
      long now = Wire.FIXED.instant().getEpochSecond();
      Wire.Res first = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      assertEquals("3", first.header("X-RateLimit-Limit"));
      assertEquals("2", first.header("X-RateLimit-Remaining"));
      assertEquals(now + 1, Long.parseLong(first.header("X-RateLimit-Reset")), "full again in 0.5 s, rounded up");
      w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      Wire.Res third = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      assertEquals("0", third.header("X-RateLimit-Remaining"));
      assertEquals(now + 2, Long.parseLong(third.header("X-RateLimit-Reset")), "1.5 s to full");
      Wire.Res refused = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD)
          .assertError(429, "too_many_requests", TEXT);
      assertEquals("application/json", refused.contentType());
      assertEquals("1", refused.header("Retry-After"));
      assertEquals("0", refused.header("X-RateLimit-Remaining"));

      tenant.addClient("other", "other-secret");
      Wire.Res other = w.postForm("/oauth/token", Wire.map("grant_type", "password", "username", "a",
          "password", "b", "client_id", "other", "client_secret", "other-secret"));
      assertEquals(403, other.status(), "another client has its own bucket");

      tenant.advanceClock(Duration.ofMillis(500));
      assertEquals(403, w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status());
      assertEquals(429, w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status());
      assertEquals(200, w.get("/sandbox/messages").status(), "the control API is not limited");
    }
  }

  @Test
  void requestsWithoutClientIdShareTheCallersIpBucket() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).rateLimit(1, 2).start()) {
      Wire w = new Wire(tenant);
      assertEquals(401, w.get("/mfa/authenticators").status());
      assertEquals(401, w.get("/mfa/authenticators").status());
      Wire.Res r = w.get("/mfa/authenticators").assertError(429, "too_many_requests", TEXT);
      assertEquals("application/json; charset=utf-8", r.contentType());
      assertEquals("1", r.header("Retry-After"));
      assertEquals(403, w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status(),
          "the client's bucket is separate");
    }
  }

  @Test
  void canBeSwitchedOffAndOnAtRuntime() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start()) {
      Wire w = new Wire(tenant);
      assertEquals("2000", w.signIn("a", "b").header("X-RateLimit-Limit"), "default burst 2000");
      tenant.setRateLimit(0, 0);
      Wire.Res r = w.signIn("a", "b");
      assertEquals(403, r.status());
      assertNull(r.header("X-RateLimit-Limit"), "no limit, no headers");
      for (int i = 0; i < 50; i++) {
        assertEquals(403, w.signIn("a", "b").status());
      }
      tenant.setRateLimit(1, 1);
      assertEquals(403, w.signIn("a", "b").status());
      assertEquals(429, w.signIn("a", "b").status());
      String mfa = "irrelevant";
      assertEquals(429, w.associate(mfa, "authenticator_types", List.of("otp")).status(),
          "associate with client_id counts against the client");
    }
  }
}
