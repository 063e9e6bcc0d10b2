package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The finer points of associate and list (docs/protocol.md, "Associate" and "Authenticators"): the recovery code
 * of the first association only, the verified e-mail address, the optional e-mail, JSON null, and the per-client
 * grants through the control API.
 */
class FinerPointsTest {
  private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @AfterEach
  void close() {
    tenant.close();
  }

  @Test
  void theRecoveryCodeComesWithTheFirstAssociationOnlyUnlessSwitched() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    Wire.Res first = w.associateSms(mfa, "+15550000001");
    Wire.Res otp = w.associate(mfa, "authenticator_types", List.of("otp"));
    assertTrue(first.json().containsKey("recovery_codes"));
    assertFalse(otp.json().containsKey("recovery_codes"), "recorded: a second association shows none");
    // The first code is the one that works once an enrollment is confirmed.
    w.verifyOtp(mfa, Wire.totp(otp.str("secret"), tenant.now()));
    String code = ((List<?>) first.json().get("recovery_codes")).get(0).toString();
    assertEquals(200, w.verifyRecovery(mfa, code).status());

    tenant.addUser("old@example.com", "pw");
    tenant.setRecoveryCodeOnFirstAssociationOnly(false);
    String other = w.mfaToken("old@example.com", "pw");
    Object shown = w.associateSms(other, "+15550000002").json().get("recovery_codes");
    assertEquals(shown, w.associateSms(other, "+15550000003").json().get("recovery_codes"),
        "switched: every unconfirmed association shows the same code");
  }

  @Test
  void aVerifiedEmailIsAnActiveUndeletableAuthenticatorThatDoesNotCountAsEnrolled() {
    tenant.setEmailVerified(SandboxTenant.DEMO_USERNAME, true);
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    List<Map<String, Object>> listed = w.list(mfa).array();
    assertEquals(1, listed.size());
    Map<String, Object> email = listed.get(0);
    assertTrue(((String) email.get("id")).matches("email\\|dev_[A-Za-z0-9]{16}"));
    assertEquals("oob", email.get("authenticator_type"));
    assertEquals("email", email.get("oob_channel"));
    assertEquals(true, email.get("active"));
    assertEquals("****@exam*******", email.get("name"), "masked like the recorded one");

    // Not enrolled: the mfa_token still associates, and the first association carries the recovery code.
    Wire.Res sms = w.associateSms(mfa, "+15550000004");
    assertEquals(200, sms.status(), sms.body());
    assertTrue(sms.json().containsKey("recovery_codes"));
    // It can be challenged: the code goes to the address.
    Wire.Res challenge = w.challenge(mfa, "challenge_type", "oob", "authenticator_id", email.get("id"));
    assertEquals(200, challenge.status(), challenge.body());
    assertNotNull(tenant.lastMessageTo(SandboxTenant.DEMO_USERNAME));
    // It cannot be deleted.
    w.verifyOob(mfa, sms.str("oob_code"), tenant.lastMessageTo("+15550000004").code());
    Wire.Res forApi = w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD,
        "audience", tenant.baseUrl() + "/mfa/", "scope", "remove:authenticators");
    String apiMfa = forApi.str("mfa_token");
    String smsId = w.list(apiMfa).array().stream().filter(a -> "sms".equals(a.get("oob_channel")))
        .map(a -> (String) a.get("id")).findFirst().orElseThrow();
    Wire.Res smsChallenge = w.challenge(apiMfa, "challenge_type", "oob", "authenticator_id", smsId);
    String access = w.verifyOob(apiMfa, smsChallenge.str("oob_code"),
        tenant.lastMessageTo("+15550000004").code()).str("access_token");
    w.delete("/mfa/authenticators/" + Wire.enc((String) email.get("id")), Wire.bearer(access))
        .assertError(400, "invalid_request", "A verified e-mail address cannot be deleted.");
    // With the e-mail factor off it is not an authenticator.
    tenant.setFactorEnabled(Factor.EMAIL, false);
    assertTrue(w.list(mfa).array().stream().noneMatch(a -> "email".equals(a.get("oob_channel"))));
    assertThrows(IllegalArgumentException.class, () -> {
      tenant.addUser("no-at-sign", "pw");
      tenant.setEmailVerified("no-at-sign", true);
    });
  }

  @Test
  void theEmailChannelTakesTheUsersOwnAddressWhenNoneIsGiven() {
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    Wire.Res r = w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("email"));
    assertEquals(200, r.status(), r.body());
    assertNotNull(tenant.lastMessageTo(SandboxTenant.DEMO_USERNAME), "sent to the user's own address");
  }

  @Test
  void jsonNullCountsAsAbsent() {
    tenant.addUserWithoutMfa("plain@example.com", "pw");
    // auth0-python sends optional members as null.
    Wire.Res r = w.postJson("/oauth/token", Wire.with(Wire.clientAuth(), "grant_type", "password",
        "username", "plain@example.com", "password", "pw", "scope", null, "audience", null, "realm", null));
    assertEquals(200, r.status(), r.body());
    assertEquals("openid profile", r.str("scope"), "the default scope, as if absent");
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    Wire.Res c = w.challenge(mfa, "challenge_type", null, "authenticator_id", null);
    c.assertError(401, "unsupported_challenge_type",
        "User does not have any enrolled authenticator with the supported challenge type (otp oob)");
    w.postJson("/sandbox/clock/advance", Wire.map("seconds", null))
        .assertError(400, "invalid_request", "Missing required parameter: seconds");
  }

  @Test
  void theControlApiAddsClientsWithTheirGrants() {
    Wire.Res r = w.postJson("/sandbox/clients", Wire.map("client_id", "spa", "grant_types",
        List.of("password", "http://auth0.com/oauth/grant-type/mfa-otp")));
    assertEquals(201, r.status(), r.body());
    assertEquals(Map.of("client_id", "spa", "token_endpoint_auth_method", "none",
        "grant_types", List.of("password", "http://auth0.com/oauth/grant-type/mfa-otp")), r.json());
    Wire.Res all = w.postJson("/sandbox/clients", Wire.map("client_id", "app", "client_secret", "s"));
    assertEquals(List.copyOf(SandboxTenant.GRANT_TYPES), all.json().get("grant_types"));
    assertEquals("client_secret_post", all.json().get("token_endpoint_auth_method"));

    Wire.Res signIn = w.postForm("/oauth/token", Wire.map("client_id", "spa", "grant_type", "password",
        "username", SandboxTenant.DEMO_USERNAME, "password", SandboxTenant.DEMO_PASSWORD));
    assertEquals("mfa_required", signIn.str("error"));
    assertEquals("unauthorized_client", w.postForm("/oauth/token", Wire.map("client_id", "spa",
        "grant_type", Wire.MFA_OOB, "mfa_token", signIn.str("mfa_token"), "oob_code", "x")).str("error"));

    w.postJson("/sandbox/clients", Wire.map("client_id", "x", "grant_types", List.of("implicit")))
        .assertError(400, "invalid_request", "unknown grant type 'implicit'; known: "
            + String.join(", ", SandboxTenant.GRANT_TYPES));
    w.postJson("/sandbox/clients", Wire.map("grant_types", List.of()))
        .assertError(400, "invalid_request", "Missing required parameter: client_id");
    assertThrows(IllegalArgumentException.class, () -> tenant.addClient("y", "s", List.of("client_credentials")));
  }
}
