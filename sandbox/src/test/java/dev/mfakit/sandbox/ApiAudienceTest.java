package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/**
 * Audiences, over HTTP: a real tenant issues tokens only for an API it has ({@code 403 access_denied "Service not
 * found: <audience>"}, docs/protocol.md, "Sign-in"); the sandbox has its /mfa/ API, {@code {issuer}userinfo}, and the
 * APIs a test registers.
 */
class ApiAudienceTest {
  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @Test
  void anAudienceTheTenantHasNoApiForIsRefusedBeforeThePasswordIsChecked() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    String other = "https://acme.us.auth0.com/mfa/";

    Wire.Res r = w.signIn("plain@example.com", "pw", "audience", other);
    Wire.Res wrongPassword = w.signIn("plain@example.com", "not-it", "audience", other);
    Wire.Res mfaUser = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD, "audience", other);

    r.assertError(403, "access_denied", "Service not found: " + other);
    assertFalse(r.json().containsKey("access_token"));
    wrongPassword.assertError(403, "access_denied", "Service not found: " + other);
    mfaUser.assertError(403, "access_denied", "Service not found: " + other);
    assertFalse(mfaUser.json().containsKey("mfa_token"));
  }

  @Test
  void identifiersCompareExactlyAndTheBuiltInOnesAreKnown() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    tenant.addApi("https://api.example.com/");

    assertEquals(200, w.signIn("plain@example.com", "pw", "audience", "https://api.example.com/").status());
    w.signIn("plain@example.com", "pw", "audience", "https://api.example.com")
        .assertError(403, "access_denied", "Service not found: https://api.example.com");
    assertEquals(200, w.signIn("plain@example.com", "pw", "audience", tenant.issuer() + "userinfo").status());
    assertEquals("mfa_required", w.signIn("plain@example.com", "pw", "audience", tenant.baseUrl() + "/mfa/")
        .str("error"));
    assertEquals("mfa_required", w.signIn("plain@example.com", "pw", "audience", tenant.baseUrl() + "/mfa")
        .str("error"), "the legacy form without the slash");
  }

  @Test
  void apisAreRegisteredInTheBuilderOrOverTheControlApi() {
    try (SandboxTenant built = SandboxTenant.builder().api("urn:my-api").start()) {
      built.addUserWithoutMfa("plain@example.com", "pw");
      assertEquals(200, new Wire(built).signIn("plain@example.com", "pw", "audience", "urn:my-api").status());
    }
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    w.signIn("plain@example.com", "pw", "audience", "https://billing.example.com/")
        .assertError(403, "access_denied", "Service not found: https://billing.example.com/");

    Wire.Res added = w.postJson("/sandbox/apis", Wire.map("audience", "https://billing.example.com/"));

    assertEquals(201, added.status(), added.body());
    assertEquals("https://billing.example.com/", added.str("audience"));
    assertEquals(201, w.postJson("/sandbox/apis", Wire.map("audience", "https://billing.example.com/")).status(),
        "again: still there");
    assertEquals(200, w.signIn("plain@example.com", "pw", "audience", "https://billing.example.com/").status());
    w.postJson("/sandbox/apis", Wire.map()).assertError(400, "invalid_request",
        "Missing required parameter: audience");
    assertEquals(400, w.postJson("/sandbox/apis", Wire.map("audience", "has space")).status());
    assertThrows(IllegalArgumentException.class, () -> tenant.addApi(" "));
    assertThrows(IllegalArgumentException.class, () -> SandboxTenant.builder().api("a\tb"));
  }

  @Test
  void anMfaGrantForAnUnknownAudienceIsRefusedAndLeavesTheCodeUnspent() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    String oob = w.associateSms(mfa, "+15551230009").str("oob_code");
    String code = tenant.lastMessageTo("+15551230009").code();

    w.postForm("/oauth/token", Wire.with(Wire.clientAuth(), "grant_type", Wire.MFA_OOB, "mfa_token", mfa,
        "oob_code", oob, "binding_code", code, "audience", "https://nowhere.example.com/"))
        .assertError(403, "access_denied", "Service not found: https://nowhere.example.com/");

    assertEquals(List.of(false), tenant.authenticators(SandboxTenant.DEMO_USERNAME).stream()
        .filter(a -> a.id().startsWith("sms|")).map(SandboxAuthenticator::active).toList());
    assertEquals(200, w.verifyOob(mfa, oob, code).status(), "the code still works");
  }
}
