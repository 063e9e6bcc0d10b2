package dev.mfakit.sandbox.internal;

import java.util.Locale;

/** {@code POST /oauth/token}: password sign-in, the three MFA grants, and refresh tokens. */
final class TokenEndpoint {
  static final String PASSWORD = "password";
  static final String PASSWORD_REALM = "http://auth0.com/oauth/grant-type/password-realm";
  static final String MFA_OTP = "http://auth0.com/oauth/grant-type/mfa-otp";
  static final String MFA_OOB = "http://auth0.com/oauth/grant-type/mfa-oob";
  static final String MFA_RECOVERY_CODE = "http://auth0.com/oauth/grant-type/mfa-recovery-code";
  static final String REFRESH_TOKEN = "refresh_token";
  /** Every grant the tenant knows, in the order of Auth0's Management API: a new client may use them all. */
  static final java.util.Set<String> GRANTS = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(
      java.util.List.of(PASSWORD, PASSWORD_REALM, MFA_OTP, MFA_OOB, MFA_RECOVERY_CODE, REFRESH_TOKEN)));
  // ASSUMPTION (docs/protocol.md): the scope when the request names none; the recorded token responses carry "openid profile".
  static final String DEFAULT_SCOPE = "openid profile";

  private TokenEndpoint() {}

  /** Where Auth0 sends a developer whose application may not use a grant (the {@code error_uri} it answers with). */
  static final String GRANT_TYPES_HELP = "https://auth0.com/docs/clients/client-grant-types";

  static Reply handle(Tenant tenant, Params p, String authorization, long now) {
    String grant = p.require("grant_type");
    Client client = ClientAuth.authenticate(tenant, p, authorization, true, false, now);
    if (GRANTS.contains(grant) && !client.allows(grant)) {
      // C2 text, C1 status (docs/protocol.md, "Errors"): the grant is not ticked in the application's settings.
      // ASSUMPTION (docs/protocol.md): checked after the client authenticated (a wrong secret is 401 whatever the grant).
      throw Refusal.withErrorUri(403, "unauthorized_client", "Grant type '" + grant + "' not allowed for the client.",
          GRANT_TYPES_HELP);
    }
    return switch (grant) {
      case PASSWORD, PASSWORD_REALM -> password(tenant, client, p, grant.equals(PASSWORD_REALM), now);
      case MFA_OTP -> otp(tenant, client, p, now);
      case MFA_OOB -> oob(tenant, client, p, now);
      case MFA_RECOVERY_CODE -> recoveryCode(tenant, client, p, now);
      case REFRESH_TOKEN -> refresh(tenant, client, p, now);
      // GUESS (docs/protocol.md): the description text; the code is RFC 6749's.
      default -> throw new Refusal(400, "unsupported_grant_type", "Unsupported grant type: " + printable(grant));
    };
  }

  private static String printable(String s) {
    String cut = s.length() > 100 ? s.substring(0, 100) : s;
    return cut.replaceAll("[^\\x20-\\x7e]", "?");
  }

  // ---- password -------------------------------------------------------------------------------------

  private static Reply password(Tenant tenant, Client client, Params p, boolean realmGrant, long now) {
    String username = p.require("username");
    String password = p.require("password");
    if (realmGrant) {
      String realm = p.require("realm");
      if (!realm.equals(Tenant.REALM)) {
        // GUESS (docs/protocol.md): an unknown connection; the real text was not observed.
        throw Refusal.invalidRequest("Unknown realm");
      }
    }
    String audience = knownAudience(tenant, p.string("audience"));
    String scope = p.string("scope") == null ? DEFAULT_SCOPE : p.string("scope");
    User user = tenant.user(username);
    if (user == null || !Codes.constantTimeEquals(user.password, password)) {
      throw new Refusal(403, "invalid_grant", "Wrong email or password.");
    }
    boolean mfaAudience = tenant.isMfaAudience(audience);
    // Protocol doc §8: the /mfa/ audience always enforces MFA.
    if (!user.mfa && !mfaAudience) {
      return tokens(tenant, user, client, audience, scope, false, null, now);
    }
    Codes.MfaTokenRef token = tenant.codes.mfaToken(now + Tenant.MFA_TOKEN_TTL_MS);
    tenant.mfaTokens.put(token.id(), new MfaSession(user, client, audience, scope, token.expiresAt()));
    Json.Out out = new Json.Out().beginObject()
        .field("error", "mfa_required")
        .field("error_description", "Multifactor authentication required")
        .field("mfa_token", token.token());
    if (tenant.mfaRequirementsIncluded) {
      synchronized (user) {
        tenant.writeMfaRequirements(out, user);
      }
    }
    return Reply.json(403, out.endObject().bytes());
  }

  // ---- mfa_token --------------------------------------------------------------------------------------

  static Refusal mfaTokenExpired(int status) {
    return new Refusal(status, "expired_token", "mfa_token is expired");
  }

  static Refusal mfaTokenMalformed() {
    // REAL text (docs/protocol.md, "Errors"); GUESS (docs/protocol.md): status 403, Auth0's invalid_grant convention.
    return new Refusal(403, "invalid_grant", "Malformed mfa_token");
  }

  /**
   * The live session of an mfa_token sent in a body (403 on failure), checked against the calling client.
   * ASSUMPTION (docs/protocol.md): an mfa_token may be used any number of times within its 10 minutes, also after an MFA grant
   * succeeded with it; nothing here consumes it.
   */
  static MfaSession session(Tenant tenant, String token, Client client, long now) {
    Codes.MfaTokenRef ref = tenant.codes.parseMfaToken(token);
    if (ref == null) {
      throw mfaTokenMalformed();
    }
    MfaSession s = tenant.mfaTokens.get(ref.id());
    if (s == null || s.expiresAt() <= now) {
      if (ref.expiresAt() <= now) {
        throw mfaTokenExpired(403); // genuine, possibly already evicted by the sweeper
      }
      throw mfaTokenMalformed();
    }
    if (client != null && !s.client().id().equals(client.id())) {
      // C1, low (docs/protocol.md, "Errors"): an mfa_token is bound to the client it was issued to.
      // GUESS (docs/protocol.md): the same answer on /mfa/challenge.
      throw new Refusal(403, "invalid_request", "mfa_token not issued to this client");
    }
    return s;
  }

  // ---- MFA grants ---------------------------------------------------------------------------------------

  /**
   * The audience of the tokens an MFA grant issues: the grant's own {@code audience} when it names one, else the
   * sign-in's. GUESS (docs/protocol.md, "MFA grants"): auth0-auth-js sends {@code audience} with its MFA grants;
   * what a real tenant does with it was never observed.
   */
  private static String audience(Tenant tenant, Params p, Grantor g) {
    String asked = knownAudience(tenant, p.string("audience"));
    return asked != null ? asked : g.audience();
  }

  /**
   * The audience a request names, when the tenant has an API with that identifier. REAL text (docs/protocol.md,
   * "Sign-in"): {@code access_denied "Service not found: <audience>"}; C1 status 403 on /oauth/token. ASSUMPTION
   * (docs/protocol.md): checked before the user's credentials, so a wrong password is not reported for it.
   *
   * @param audience the {@code audience} parameter, or null
   * @return {@code audience}
   */
  private static String knownAudience(Tenant tenant, String audience) {
    if (audience != null && !tenant.hasApi(audience)) {
      throw new Refusal(403, "access_denied", "Service not found: "
          + (audience.length() > 600 ? audience.substring(0, 600) : audience));
    }
    return audience;
  }

  /**
   * Who an mfa-otp or mfa-oob grant speaks for. An mfa_token as always; else an access token for the /mfa/ audience
   * with scope {@code enroll} of this client, which may only confirm an enrolment it started (docs/protocol.md,
   * "Confirming an enrolment made with an access token"). GUESS (docs/protocol.md): anything else in the mfa_token
   * parameter, an access token without that audience or scope included, is a malformed mfa_token; an expired one
   * is answered like an expired mfa_token; the tokens issued have the access token's audience and scope.
   */
  private static Grantor grantor(Tenant tenant, String token, Client client, long now) {
    if (token.startsWith(Codes.MFA_TOKEN_PREFIX)) {
      return Grantor.of(session(tenant, token, client, now));
    }
    SignedTokens.Access access = tenant.tokens.verifyAccess(token);
    if (access == null || !access.hasScope("enroll")) {
      throw mfaTokenMalformed();
    }
    String audience = access.audiences().stream().filter(tenant::isMfaAudience).findFirst().orElse(null);
    User user = tenant.usersById.get(access.userId());
    if (audience == null || user == null) {
      throw mfaTokenMalformed();
    }
    if (access.expiresAtSeconds() * 1000 <= now) {
      throw mfaTokenExpired(403);
    }
    if (!access.clientId().equals(client.id())) {
      throw new Refusal(403, "invalid_request", "mfa_token not issued to this client");
    }
    return new Grantor(user, client, null, MfaEndpoints.accessTokenId(token), audience, access.scope());
  }

  static Refusal locked(User user, long now) {
    // GUESS (docs/protocol.md, "Errors"): the API body of the failed-code lock was never observed; the text is Universal Login's.
    return new Refusal(429, "too_many_attempts", "Too many failed codes. Wait for some minutes before retrying.",
        user.failedCodes.info(now, true));
  }

  private static Reply otp(Tenant tenant, Client client, Params p, long now) {
    Grantor g = grantor(tenant, p.require("mfa_token"), client, now);
    String otp = p.require("otp");
    String audience = audience(tenant, p, g); // before the code is spent
    User user = g.user();
    synchronized (user) {
      if (!user.failedCodes.hasToken(now)) {
        throw locked(user, now);
      }
      Authenticator matched = Totp.match(user, otp, now);
      // GUESS (docs/protocol.md): an access token confirms an app's enrolment; it does not sign in with an active app.
      if (matched == null || (g.accessToken() && matched.active)) {
        user.failedCodes.tryTake(now);
        // C2 text; GUESS (docs/protocol.md, "Errors"): status 403.
        throw new Refusal(403, "invalid_grant", "Invalid otp_code.");
      }
      if (!matched.active) {
        MfaEndpoints.activate(user, matched); // this code confirms a pending TOTP enrollment
      }
    }
    return tokens(tenant, user, g.client(), audience, g.scope(), true, null, now, !g.accessToken());
  }

  private static Reply oob(Tenant tenant, Client client, Params p, long now) {
    Grantor g = grantor(tenant, p.require("mfa_token"), client, now);
    String code = p.require("oob_code");
    String audience = audience(tenant, p, g); // before the code is spent
    OobCode oob = MfaEndpoints.liveOobCode(tenant, code, g, now);
    User user = g.user();
    synchronized (user) {
      if (oob.used || user.find(oob.authenticator.id) != oob.authenticator) {
        throw MfaEndpoints.invalidOobCode();
      }
      // ASSUMPTION (docs/protocol.md): the 12-a-minute exchange limit counts every mfa-oob exchange of one oob_code, push or not.
      if (!oob.exchanges.tryTake(now)) {
        // GUESS (docs/protocol.md, "Errors"): 400 like RFC 8628; the real text was not observed.
        throw new Refusal(400, "slow_down", "You are polling faster than allowed. Slow down.");
      }
      if (oob.bindingCode != null) {
        String binding = p.require("binding_code");
        if (!user.failedCodes.hasToken(now)) {
          throw locked(user, now);
        }
        if (!Codes.constantTimeEquals(oob.bindingCode, binding)) {
          // A wrong code does not use the oob_code up; it counts toward the lock.
          user.failedCodes.tryTake(now);
          throw new Refusal(403, "invalid_grant", "Invalid binding_code.");
        }
      } else if (oob.push == OobCode.Push.PENDING) {
        throw new Refusal(400, "authorization_pending",
            "Authorization pending: please repeat the request in a few seconds.");
      } else if (oob.push == OobCode.Push.REJECTED) {
        // ASSUMPTION (docs/protocol.md): a rejection is reported once; the oob_code is used up by it.
        oob.used = true;
        tenant.oobCodes.remove(oob.id);
        // Recorded (go-auth0): access_denied with 400, where the docs say invalid_grant.
        throw new Refusal(400, "access_denied", "MFA Authorization rejected.");
      }
      oob.used = true;
      tenant.oobCodes.remove(oob.id);
      if (oob.enrollment) {
        MfaEndpoints.activate(user, oob.authenticator);
      }
    }
    return tokens(tenant, user, g.client(), audience, g.scope(), true, null, now, !g.accessToken());
  }

  private static Reply recoveryCode(Tenant tenant, Client client, Params p, long now) {
    MfaSession s = session(tenant, p.require("mfa_token"), client, now);
    String given = p.require("recovery_code");
    String audience = audience(tenant, p, Grantor.of(s)); // before the code is spent
    User user = s.user();
    String rotated;
    synchronized (user) {
      if (!user.failedCodes.hasToken(now)) {
        throw locked(user, now);
      }
      Authenticator rc = user.recoveryAuthenticator();
      // ASSUMPTION (docs/protocol.md): recovery codes compare case-insensitively (the alphabet is upper case only), and a tenant
      // with recovery codes switched off accepts none.
      boolean valid = tenant.recoveryCodesEnabled && rc != null && rc.active && user.recoveryCode != null
          && Codes.constantTimeEquals(user.recoveryCode, given.toUpperCase(Locale.ROOT));
      if (!valid) {
        user.failedCodes.tryTake(now);
        // C1, medium-low (docs/protocol.md, "Errors"): the generic text of the MFA grants' invalid_grant.
        // GUESS (docs/protocol.md): status 403, Auth0's invalid_grant convention.
        throw new Refusal(403, "invalid_grant", "MFA Authorization rejected.");
      }
      rotated = Codes.recoveryCode();
      user.recoveryCode = rotated;
    }
    return tokens(tenant, user, s.client(), audience, s.scope(), true, rotated, now);
  }

  private static Reply refresh(Tenant tenant, Client client, Params p, long now) {
    SignedTokens.Refresh r = tenant.tokens.verifyRefresh(p.require("refresh_token"));
    User user = r == null ? null : tenant.usersById.get(r.userId());
    if (user == null || !r.clientId().equals(client.id())) {
      // GUESS (docs/protocol.md): Auth0's usual text for a bad refresh token; refresh tokens never expire here.
      throw new Refusal(403, "invalid_grant", "Unknown or invalid refresh token.");
    }
    String audience = r.audience().isEmpty() ? null : r.audience();
    return tokens(tenant, user, client, audience, r.scope(), false, null, now, false);
  }

  // ---- success ------------------------------------------------------------------------------------------

  private static Reply tokens(Tenant tenant, User user, Client client, String audience, String scope,
      boolean mfaDone, String recoveryCode, long now) {
    return tokens(tenant, user, client, audience, scope, mfaDone, recoveryCode, now, true);
  }

  private static Reply tokens(Tenant tenant, User user, Client client, String audience, String scope,
      boolean mfaDone, String recoveryCode, long now, boolean mayIssueRefresh) {
    boolean mfaAudience = tenant.isMfaAudience(audience);
    long lifetime = mfaAudience ? Tenant.MFA_AUDIENCE_TOKEN_SECONDS : Tenant.DEFAULT_TOKEN_SECONDS;
    // Without an audience the access token is for /userinfo only, and opaque (docs/protocol.md, "Signed tokens").
    Json.Out out = new Json.Out().beginObject()
        .field("access_token", tenant.tokens.accessToken(user, client, audience, scope, now, lifetime));
    boolean openid = false;
    boolean offline = false;
    for (String s : scope.split(" ")) {
      openid |= s.equals("openid");
      offline |= s.equals("offline_access");
    }
    if (openid) {
      out.field("id_token", tenant.tokens.idToken(user, client, scope, now, mfaDone));
    }
    if (offline && mayIssueRefresh) {
      out.field("refresh_token", tenant.tokens.refreshToken(user, client, audience == null ? "" : audience, scope));
    }
    out.field("expires_in", lifetime)
        .field("scope", scope)
        .field("token_type", "Bearer")
        .optional("recovery_code", recoveryCode);
    return Reply.json(200, out.endObject().bytes());
  }
}
