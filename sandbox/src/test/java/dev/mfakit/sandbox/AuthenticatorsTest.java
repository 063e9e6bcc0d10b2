package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** GET /mfa/authenticators and DELETE /mfa/authenticators/{id}. */
class AuthenticatorsTest {
  private static final String PHONE = "+15551239167";
  private static final String USER = SandboxTenant.DEMO_USERNAME;
  private static final String PASSWORD = SandboxTenant.DEMO_PASSWORD;

  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);
  private final String mfa = w.mfaToken(USER, PASSWORD);

  private static String path(String id) {
    return "/mfa/authenticators/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
  }

  @Test
  void emptyBeforeEnrollment() {
    Wire.Res r = w.list(mfa);
    assertEquals(200, r.status());
    assertEquals("[]", r.body());
    assertEquals("application/json; charset=utf-8", r.contentType());
    TokenEndpointTest.assertRateHeaders(r);
  }

  @Test
  void listsEveryEntryWithTheRecordedFieldsAndMasks() {
    w.associateSms(mfa, PHONE);
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"));
    w.associate(mfa, "authenticator_types", List.of("otp"));
    w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"),
        "email", "user@example.com");
    List<Map<String, Object>> list = w.list(mfa).array();
    List<Map<String, Object>> recorded = Recorded.array("authenticators.json");
    // Same entry kinds as the recording, without the newer `type` field (off by default).
    assertEquals(List.of(
        Set.of("id", "authenticator_type", "active", "oob_channel", "name"),   // sms
        Set.of("id", "authenticator_type", "active", "oob_channel", "name"),   // voice twin
        Set.of("id", "authenticator_type", "active"),                          // recovery-code
        Set.of("id", "authenticator_type", "active", "oob_channel"),           // push
        Set.of("id", "authenticator_type", "active"),                          // push's totp
        Set.of("id", "authenticator_type", "active"),                          // totp
        Set.of("id", "authenticator_type", "active", "oob_channel", "name")),  // email
        list.stream().map(Map::keySet).toList());
    assertEquals(recorded.get(0).keySet(), list.get(0).keySet());
    assertEquals(recorded.get(1).keySet(), list.get(2).keySet());
    assertEquals(recorded.get(2).keySet(), list.get(3).keySet());
    assertEquals(recorded.get(3).keySet(), list.get(4).keySet());
    assertEquals("XXXXXXXX9167", list.get(0).get("name"));
    assertEquals("****@exam*******", list.get(6).get("name"), "masked like the recording");
    assertEquals(false, list.get(0).get("active"));
    assertEquals("oob", list.get(0).get("authenticator_type"));
    assertEquals("recovery-code", list.get(2).get("authenticator_type"));
    assertEquals("auth0", list.get(3).get("oob_channel"));
    assertEquals("otp", list.get(4).get("authenticator_type"));
    assertTrue(((String) list.get(4).get("id")).startsWith("totp|dev_"));
    assertTrue(list.stream().noneMatch(e -> e.containsKey("oob_channels")), "oob_channel is singular");
  }

  @Test
  void typeFieldWhenMfaRequirementsAreIncluded() {
    tenant.setMfaRequirementsIncluded(true);
    w.enrollSms(tenant, mfa, PHONE);
    List<Map<String, Object>> list = w.list(mfa).array();
    assertEquals(List.of("phone", "phone", "recovery-code"), list.stream().map(e -> e.get("type")).toList());
    assertEquals(Recorded.array("authenticators.json").get(5).keySet(), list.get(0).keySet());
  }

  @Test
  void accessTokenNeedsReadScope() {
    w.enrollSms(tenant, mfa, PHONE);
    String read = w.mfaAccessToken(tenant, USER, PASSWORD, PHONE, "read:authenticators");
    assertEquals(3, w.list(read).array().size());
    String enrollOnly = w.mfaAccessToken(tenant, USER, PASSWORD, PHONE, "enroll");
    w.list(enrollOnly).assertError(403, "insufficient_scope", "Insufficient scope, expected any of: read:authenticators");
    w.list("nonsense").assertError(401, "invalid_grant", "The mfa_token provided is invalid. Try getting a new token.");
    w.get("/mfa/authenticators").assertError(401, "invalid_token", "Missing bearer token");
  }

  @Test
  void deleteNeedsAnAccessTokenWithRemoveScope() {
    w.enrollSms(tenant, mfa, PHONE);
    String smsId = tenant.authenticators(USER).get(0).id();
    w.delete(path(smsId), Wire.bearer(mfa))
        .assertError(403, "insufficient_scope", "Insufficient scope, expected any of: remove:authenticators");
    String read = w.mfaAccessToken(tenant, USER, PASSWORD, PHONE, "read:authenticators");
    w.delete(path(smsId), Wire.bearer(read))
        .assertError(403, "insufficient_scope", "Insufficient scope, expected any of: remove:authenticators");
    assertEquals(3, tenant.authenticators(USER).size());
  }

  @Test
  void deletingSmsDeletesItsVoiceTwin() {
    w.enrollSms(tenant, mfa, PHONE);
    String remove = w.mfaAccessToken(tenant, USER, PASSWORD, PHONE, "remove:authenticators read:authenticators");
    String smsId = tenant.authenticators(USER).get(0).id();
    Wire.Res r = w.delete(path(smsId), Wire.bearer(remove));
    assertEquals(204, r.status());
    assertEquals("", r.body());
    assertNull(r.contentType());
    TokenEndpointTest.assertRateHeaders(r);
    assertEquals(List.of("recovery-code"), w.list(remove).array().stream()
        .map(e -> e.get("authenticator_type")).toList());
    w.delete(path(smsId), Wire.bearer(remove)).assertError(404, "not_found", "Authenticator not found.");
  }

  @Test
  void deletingPushDeletesItsTotpAndPendingCodesDie() {
    String oob = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"))
        .str("oob_code");
    tenant.approvePush(USER);
    w.verifyOob(mfa, oob, null);
    // sign in for an access token through a push challenge
    Wire.Res s = w.signIn(USER, PASSWORD, "audience", tenant.baseUrl() + "/mfa/", "scope", "remove:authenticators");
    String token = s.str("mfa_token");
    String challenge = w.challenge(token, "challenge_type", "oob").str("oob_code");
    tenant.approvePush(USER);
    String access = w.verifyOob(token, challenge, null).str("access_token");
    String pending = w.challenge(token, "challenge_type", "oob").str("oob_code");
    String pushId = tenant.authenticators(USER).get(0).id();
    assertEquals(204, w.delete(path(pushId), Wire.bearer(access)).status());
    assertEquals(List.of("recovery-code"), tenant.authenticators(USER).stream()
        .map(SandboxAuthenticator::authenticatorType).toList());
    w.verifyOob(token, pending, null).assertError(403, "invalid_grant", "Invalid oob_code.");
  }

  @Test
  void deleteTakesAnUnencodedPipeToo() {
    w.enrollSms(tenant, mfa, PHONE);
    String remove = w.mfaAccessToken(tenant, USER, PASSWORD, PHONE, "remove:authenticators");
    String rc = tenant.authenticators(USER).get(2).id();
    assertEquals(204, w.delete("/mfa/authenticators/" + rc.replace("|", "%7c"), Wire.bearer(remove)).status());
    assertEquals(2, tenant.authenticators(USER).size());
  }
}
