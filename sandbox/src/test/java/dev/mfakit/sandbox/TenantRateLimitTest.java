package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole tenant's limit ({@code mfa sandbox --rate-limit N}) and the tenant's own counts ({@code /sandbox/stats}). */
class TenantRateLimitTest {
  private static final String TEXT =
      "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.";

  private static SandboxTenant limited(int perSecond, int burst) {
    return SandboxTenant.builder().clock(Wire.FIXED).rateLimit(0, 0).tenantRateLimit(perSecond, burst).start();
  }

  @Test
  void everyClientAndCallerSharesOneBucketWhoseHeadersAreTheTenants() {
    try (SandboxTenant tenant = limited(2, 3)) {
      tenant.addClient("other", "other-secret");
      Wire w = new Wire(tenant);
      long now = Wire.FIXED.instant().getEpochSecond();

      Wire.Res first = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      assertEquals("3", first.header("X-RateLimit-Limit"));
      assertEquals("2", first.header("X-RateLimit-Remaining"));
      assertEquals(now + 1, Long.parseLong(first.header("X-RateLimit-Reset")), "full again in 0.5 s, rounded up");
      Wire.Res other = w.postForm("/oauth/token", Wire.map("grant_type", "password", "username", "a",
          "password", "b", "client_id", "other", "client_secret", "other-secret"));
      assertEquals(403, other.status());
      assertEquals("1", other.header("X-RateLimit-Remaining"), "another client spends the same bucket");
      Wire.Res anonymous = w.get("/mfa/authenticators");
      assertEquals(401, anonymous.status());
      assertEquals("0", anonymous.header("X-RateLimit-Remaining"), "so does a request that names no client");
      assertEquals(now + 2, Long.parseLong(anonymous.header("X-RateLimit-Reset")), "1.5 s to full");

      Wire.Res refused = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD)
          .assertError(429, "too_many_requests", TEXT);
      assertEquals("1", refused.header("Retry-After"));
      assertEquals("3", refused.header("X-RateLimit-Limit"));
      assertEquals("0", refused.header("X-RateLimit-Remaining"));
      assertEquals(200, w.get("/sandbox/messages").status(), "the control API is not limited");

      tenant.advanceClock(Duration.ofMillis(500));
      assertEquals(403, w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status());
      assertEquals(429, w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD).status());
    }
  }

  @Test
  void thePerClientLimitStillAppliesUnderneathAndReportsItselfWhenItRefuses() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).rateLimit(1, 1).tenantRateLimit(10, 10)
        .start()) {
      Wire w = new Wire(tenant);
      Wire.Res ok = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      assertEquals("10", ok.header("X-RateLimit-Limit"), "the tenant's bucket is the one reported");
      assertEquals("9", ok.header("X-RateLimit-Remaining"));
      Wire.Res refused = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      assertEquals(429, refused.status());
      assertEquals("1", refused.header("X-RateLimit-Limit"), "the client's own bucket refused");
    }
  }

  @Test
  void switchedOffItSendsTheCallersHeadersAgain() {
    try (SandboxTenant tenant = limited(1, 1)) {
      Wire w = new Wire(tenant);
      assertEquals(403, w.signIn("a", "b").status());
      assertEquals(429, w.signIn("a", "b").status());
      tenant.setTenantRateLimit(0, 0);
      Wire.Res r = w.signIn("a", "b");
      assertEquals(403, r.status());
      assertNull(r.header("X-RateLimit-Limit"), "no limit at all, no headers");
      assertThrows(IllegalArgumentException.class, () -> tenant.setTenantRateLimit(5, 0));
      assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().tenantRateLimit(5, 0));
    }
  }

  @Test
  void statsCountWhatTheTenantServedAndNothingOfTheControlApi() {
    try (SandboxTenant tenant = limited(100, 4)) {
      Wire w = new Wire(tenant);
      Map<String, Object> empty = w.get("/sandbox/stats").json();
      assertEquals(0.0, empty.get("requests"));
      assertEquals(Map.of(), empty.get("associations_by_user"));
      assertNull(empty.get("first_request_at"));
      assertEquals(Map.of("requests_per_second", 100.0, "burst", 4.0), empty.get("rate_limit"));

      tenant.addUser("alice@example.com", "pw");
      String mfaToken = w.mfaToken("alice@example.com", "pw");                  // 1: 403 mfa_required
      assertEquals(200, w.associateSms(mfaToken, "+15551234567").status());     // 2: a message
      assertEquals(200, w.associateSms(mfaToken, "+15551234567").status());     // 3: a second one
      assertEquals(403, w.signIn("alice@example.com", "wrong").status());       // 4
      assertEquals(429, w.signIn("alice@example.com", "wrong").status());       // 5: the bucket of 4 is empty
      w.get("/sandbox/messages");
      w.get("/sandbox/users/alice%40example.com/authenticators");

      Wire.Res res = w.get("/sandbox/stats");
      assertEquals("application/json; charset=utf-8", res.contentType());
      Map<String, Object> stats = res.json();
      assertEquals(5.0, stats.get("requests"));
      assertEquals(1.0, stats.get("rate_limited"));
      assertEquals(Map.of("alice@example.com", 2.0), stats.get("associations_by_user"));
      assertEquals(2.0, stats.get("messages_sent"));
      assertEquals(Map.of("200", 2.0, "403", 2.0, "429", 1.0), stats.get("by_status"));
      assertEquals("2026-03-01T12:00:00Z", stats.get("first_request_at"));
      assertEquals("2026-03-01T12:00:00Z", stats.get("last_request_at"));
      assertEquals(List.of("requests", "rate_limited", "associations_by_user", "messages_sent", "by_status",
          "first_request_at", "last_request_at", "rate_limit"), List.copyOf(stats.keySet()), "the key order");

      SandboxStats same = tenant.stats();
      assertEquals(5, same.requests());
      assertEquals(1, same.rateLimited());
      assertEquals(Map.of("alice@example.com", 2), same.associationsByUser());
      assertEquals(2, same.messagesSent());
      assertEquals(Map.of(200, 2L, 403, 2L, 429, 1L), same.byStatus());
      assertEquals(Wire.FIXED.instant(), same.firstRequestAt());
    }
  }

  @Test
  void associationsAreCountedPerUserWhateverTheFactorAndOnlyWhenTheyWorked() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start()) {
      Wire w = new Wire(tenant);
      tenant.addUser("bob@example.com", "pw");
      String bob = w.mfaToken("bob@example.com", "pw");
      assertEquals(200, w.associate(bob, "authenticator_types", List.of("otp")).status());
      assertEquals(400, w.associateSms(bob, "not-a-phone").status());
      String demo = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      w.enrollSms(tenant, demo, "+15550000001");
      assertEquals(403, w.associateSms(demo, "+15550000002").status(), "already enrolled");

      assertEquals(Map.of("bob@example.com", 1, SandboxTenant.DEMO_USERNAME, 1), tenant.stats().associationsByUser());
      assertEquals(1, tenant.stats().messagesSent());
    }
  }
}
