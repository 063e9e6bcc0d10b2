package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** The control API under /sandbox/, over HTTP. */
class ControlApiTest {
  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @Test
  void messagesNewestLastWithEveryField() {
    assertEquals("[]", w.get("/sandbox/messages").body());
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.associateSms(mfa, "+15550000001");
    tenant.advanceClock(Duration.ofSeconds(1));
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"), "email", "a@example.com");
    Wire.Res r = w.get("/sandbox/messages");
    assertEquals(200, r.status());
    assertEquals("application/json; charset=utf-8", r.contentType());
    List<Map<String, Object>> list = r.array();
    assertEquals(2, list.size());
    assertEquals(List.of("channel", "recipient", "code", "text", "sent_at"), List.copyOf(list.get(0).keySet()));
    assertEquals("sms", list.get(0).get("channel"));
    assertEquals("+15550000001", list.get(0).get("recipient"));
    assertEquals("2026-03-01T12:00:00Z", list.get(0).get("sent_at"));
    assertEquals("email", list.get(1).get("channel"));
    assertEquals("2026-03-01T12:00:01Z", list.get(1).get("sent_at"));
    assertTrue(((String) list.get(1).get("text")).contains((String) list.get(1).get("code")));
    assertEquals(tenant.messages().get(1).code(), list.get(1).get("code"));
  }

  @Test
  void theNewestCodeToOneRecipientAsPlainText() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.get("/sandbox/code?recipient=" + URLEncoder.encode("+15550000001", StandardCharsets.UTF_8))
        .assertError(404, "not_found", "No message to this recipient");
    w.associateSms(mfa, "+15550000001");
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"), "email", "a@example.com");
    w.associateSms(mfa, "+15550000001");

    Wire.Res sms = w.get("/sandbox/code?recipient=" + URLEncoder.encode("+15550000001", StandardCharsets.UTF_8));
    Wire.Res email = w.get("/sandbox/code?recipient=a%40example.com");

    assertEquals(200, sms.status());
    assertEquals("text/plain; charset=utf-8", sms.contentType());
    assertEquals(tenant.lastMessageTo("+15550000001").code() + "\n", sms.body(), "the newest one");
    assertEquals(tenant.messages().get(1).code() + "\n", email.body());
    w.get("/sandbox/code").assertError(400, "invalid_request", "Missing required parameter: recipient");
    assertEquals(405, w.postJson("/sandbox/code", Wire.map("recipient", "a@example.com")).status());
  }

  @Test
  void approveAndRejectPush() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.postJson("/sandbox/push/approve", Wire.map("username", SandboxTenant.DEMO_USERNAME))
        .assertError(404, "not_found", "No pending push for this user");
    w.postJson("/sandbox/push/approve", Wire.map("username", "ghost@example.com"))
        .assertError(404, "not_found", "No such user");
    w.postJson("/sandbox/push/approve", Wire.map()).assertError(400, "invalid_request",
        "Missing required parameter: username");
    String oob = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"))
        .str("oob_code");
    Wire.Res approved = w.postJson("/sandbox/push/approve", Wire.map("username", SandboxTenant.DEMO_USERNAME));
    assertEquals(204, approved.status());
    assertEquals(200, w.verifyOob(mfa, oob, null).status());
    String fresh = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    String challenge = w.challenge(fresh).str("oob_code");
    assertEquals(204, w.postJson("/sandbox/push/reject", Wire.map("username", SandboxTenant.DEMO_USERNAME)).status());
    assertEquals("access_denied", w.verifyOob(fresh, challenge, null).str("error"));
  }

  @Test
  void addUsers() {
    Wire.Res r = w.postJson("/sandbox/users", Wire.map("username", "new@example.com", "password", "pw", "mfa", true));
    assertEquals(201, r.status(), r.body());
    assertTrue(r.str("user_id").matches("auth0\\|[0-9a-f]{24}"));
    assertEquals("mfa_required", w.signIn("new@example.com", "pw").str("error"));
    w.postJson("/sandbox/users", Wire.map("username", "NEW@example.com", "password", "x"))
        .assertError(409, "conflict", "The user already exists");
    assertEquals(201, w.postJson("/sandbox/users", Wire.map("username", "nomfa@example.com", "password", "pw",
        "mfa", false)).status());
    assertEquals(200, w.signIn("nomfa@example.com", "pw").status());
    assertEquals(201, w.postJson("/sandbox/users", Wire.map("username", "default@example.com", "password", "pw"))
        .status());
    assertEquals(403, w.signIn("default@example.com", "pw").status(), "mfa defaults to true");
    w.postJson("/sandbox/users", Wire.map("username", "x@example.com", "password", "pw", "mfa", "yes"))
        .assertError(400, "invalid_request", "Invalid parameter: mfa must be a boolean");
    w.postJson("/sandbox/users", Wire.map("username", "x@example.com"))
        .assertError(400, "invalid_request", "Missing required parameter: password");
  }

  @Test
  void advanceTheClock() {
    Wire.Res r = w.postJson("/sandbox/clock/advance", Wire.map("seconds", 90));
    assertEquals(200, r.status());
    assertEquals(Map.of("now", "2026-03-01T12:01:30Z"), r.json());
    assertEquals("2026-03-01T12:01:30Z", w.get("/sandbox/clock").str("now"));
    assertEquals(Wire.FIXED.instant().plusSeconds(90), tenant.now());
    w.postJson("/sandbox/clock/advance", Wire.map("seconds", -1))
        .assertError(400, "invalid_request", "seconds must be between 0 and 1e10");
    w.postJson("/sandbox/clock/advance", Wire.map("seconds", "5"))
        .assertError(400, "invalid_request", "Invalid parameter: seconds must be a number");
    w.postJson("/sandbox/clock/advance", Wire.map())
        .assertError(400, "invalid_request", "Missing required parameter: seconds");
  }

  @Test
  void userAuthenticators() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.associateSms(mfa, "+15550000001");
    Wire.Res r = w.get("/sandbox/users/" + URLEncoder.encode(SandboxTenant.DEMO_USERNAME, StandardCharsets.UTF_8)
        + "/authenticators");
    assertEquals(200, r.status(), r.body());
    List<Map<String, Object>> list = r.array();
    assertEquals(3, list.size());
    assertEquals(List.of("id", "authenticator_type", "oob_channel", "active"), List.copyOf(list.get(0).keySet()));
    assertEquals(false, list.get(0).get("active"));
    assertEquals(List.of("id", "authenticator_type", "active"), List.copyOf(list.get(2).keySet()));
    assertEquals(tenant.authenticators(SandboxTenant.DEMO_USERNAME).get(0).id(), list.get(0).get("id"));
    w.get("/sandbox/users/ghost%40example.com/authenticators").assertError(404, "not_found", "No such user");
  }

  @Test
  void controlApiHasNoRateLimitHeaders() {
    assertEquals(null, w.get("/sandbox/messages").header("X-RateLimit-Limit"));
  }
}
