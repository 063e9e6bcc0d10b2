package dev.mfakit.sandbox.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/** {@code /mfa/associate}, {@code /mfa/challenge}, {@code GET /mfa/authenticators} and its DELETE. */
final class MfaEndpoints {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s\\p{Cntrl}]+@[^@\\s\\p{Cntrl}]+\\.[^@\\s\\p{Cntrl}]+");
  private static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  private MfaEndpoints() {}

  // ---- the Bearer slot --------------------------------------------------------------------------------

  /**
   * Who calls: an mfa_token session, or an access token for the /mfa/ audience (exactly one is set, with
   * {@code accessTokenId} naming that access token).
   */
  record Caller(User user, MfaSession session, SignedTokens.Access access, String accessTokenId) {
    @Override
    public String toString() {
      return "Caller[" + user + "]";
    }
  }

  private static Refusal invalidToken(String description) {
    return bearerRefused("invalid_token", description);
  }

  /** A 401 of the Bearer slot, with the challenge RFC 6750 §3 asks for. */
  private static Refusal bearerRefused(String error, String description) {
    return new Refusal(401, error, description, null,
        WWW_AUTHENTICATE, "Bearer realm=\"" + Tenant.NAME + "\", error=\"invalid_token\"");
  }

  /**
   * C2 (docs/protocol.md, "Errors"): a Bearer that is neither a live mfa_token nor an access token of this tenant
   * (garbled, or from another tenant).
   */
  static Refusal mfaTokenInvalid() {
    return new Refusal(401, "invalid_grant", "The mfa_token provided is invalid. Try getting a new token.");
  }

  static Caller bearer(Tenant tenant, String authorization, long now) {
    if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)
        || authorization.substring(7).isBlank()) {
      // GUESS (docs/protocol.md): RFC 6750 gives no code for a missing token; invalid_token keeps clients' handling simple.
      return fail(invalidToken("Missing bearer token"));
    }
    String token = authorization.substring(7).trim();
    if (token.startsWith(Codes.MFA_TOKEN_PREFIX)) {
      Codes.MfaTokenRef ref = tenant.codes.parseMfaToken(token);
      MfaSession s = ref == null ? null : tenant.mfaTokens.get(ref.id());
      if (s != null && s.expiresAt() > now) {
        return new Caller(s.user(), s, null, null);
      }
      if (ref != null && ref.expiresAt() <= now) {
        // GUESS (docs/protocol.md, "Errors"): the body's answer, with 401 in the Bearer slot.
        Refusal r = TokenEndpoint.mfaTokenExpired(401);
        return fail(bearerRefused(r.error, r.description));
      }
      return fail(mfaTokenInvalid());
    }
    SignedTokens.Access access = tenant.tokens.verifyAccess(token);
    if (access == null) {
      return fail(mfaTokenInvalid());
    }
    if (access.expiresAtSeconds() * 1000 <= now) {
      // GUESS (docs/protocol.md): a genuine access token past its exp (text not observed).
      return fail(invalidToken("Expired token"));
    }
    // GUESS (docs/protocol.md): an access token for another audience is an invalid token here (text not observed).
    if (access.audiences().stream().noneMatch(tenant::isMfaAudience)) {
      return fail(invalidToken("Invalid audience"));
    }
    User user = tenant.usersById.get(access.userId());
    if (user == null) {
      return fail(mfaTokenInvalid());
    }
    return new Caller(user, null, access, accessTokenId(token));
  }

  /**
   * What an oob_code started with an access token remembers of it, so that only that access token confirms it:
   * a digest, never the token.
   */
  static String accessTokenId(String token) {
    return Codes.sha256Hex(token);
  }

  private static Caller fail(Refusal r) {
    throw r;
  }

  private static void requireScope(Caller caller, String scope) {
    if (caller.access() == null || !caller.access().hasScope(scope)) {
      // GUESS (docs/protocol.md, "Errors"): the body of a missing-scope answer was never observed.
      throw new Refusal(403, "insufficient_scope", "Insufficient scope, expected any of: " + scope);
    }
  }

  // ---- associate ----------------------------------------------------------------------------------------

  static Reply associate(Tenant tenant, Params p, String authorization, long now) {
    Caller caller = bearer(tenant, authorization, now);
    if (caller.access() != null) {
      requireScope(caller, "enroll");
    }
    // client_id is optional here: the official mobile and SPA SDKs do not send it (docs/protocol.md, "Associate").
    ClientAuth.authenticate(tenant, p, null, false, true, now);
    Kind kind = requestedKind(p);
    String recipient = null;
    if (kind == Kind.SMS || kind == Kind.VOICE) {
      recipient = p.require("phone_number");
      if (!E164.matcher(recipient).matches()) {
        // C1, low (docs/protocol.md, "Errors"): the text. GUESS (docs/protocol.md): 400 invalid_request.
        throw Refusal.invalidRequest("The phone number is invalid.");
      }
    } else if (kind == Kind.EMAIL) {
      // C1 (docs/protocol.md, "Associate"): email is optional; the user's own address is used.
      recipient = p.string("email") != null ? p.string("email") : caller.user().email();
      if (recipient == null) {
        throw Refusal.missing("email");
      }
      if (recipient.length() > 254 || !EMAIL.matcher(recipient).matches()) {
        throw Refusal.invalidRequest("email is not a valid e-mail address");
      }
    }
    if (!tenant.factorEnabled(kind.factor)) {
      // GUESS (docs/protocol.md, "Errors"): 400 invalid_request for a disabled factor.
      throw Refusal.invalidRequest("The " + kind.factor.name().toLowerCase(java.util.Locale.ROOT)
          + " factor is not enabled on this tenant");
    }
    User user = caller.user();
    Json.Out out = new Json.Out().beginObject();
    String bindingCode = null;
    synchronized (user) {
      if (caller.session() != null && user.enrolled()) {
        // C2 (docs/protocol.md, "Errors").
        throw new Refusal(403, "access_denied", "User is already enrolled.");
      }
      takeSend(user, kind, now);
      List<Authenticator> created = create(tenant, user, kind, recipient);
      Authenticator primary = created.get(0);
      String recovery = recoveryCodeFor(tenant, user);
      out.field("authenticator_type", kind.authenticatorType);
      switch (kind) {
        case TOTP -> {
          out.field("secret", Codes.base32(primary.totpSecret))
              .field("barcode_uri", "otpauth://totp/" + enc(Tenant.NAME) + ":" + enc(user.username)
                  + "?secret=" + Codes.base32(primary.totpSecret) + "&issuer=" + enc(Tenant.NAME)
                  + "&algorithm=SHA1&digits=6&period=30");
          writeRecovery(out, recovery);
        }
        case PUSH -> {
          OobCode oob = newOobCode(tenant, user, caller.session(), caller.accessTokenId(), primary, true, null, now);
          tenant.addPendingPush(user, oob, now);
          out.field("barcode_uri", "otpauth://totp/" + enc(Tenant.NAME) + ":" + enc(user.username)
                  + "?enrollment_tx_id=" + Codes.authenticatorSuffix().substring(4) + Codes.authenticatorSuffix().substring(4)
                  + "&base_url=" + enc(tenant.bases.get(0)))
              .field("oob_channel", kind.oobChannel)
              .field("oob_code", tenant.codes.oobCode(oob.id, tenant.keyTimestamp, oob.expiresAt));
          writeRecovery(out, recovery);
        }
        default -> {
          bindingCode = Codes.sixDigits();
          OobCode oob = newOobCode(tenant, user, caller.session(), caller.accessTokenId(), primary, true, bindingCode,
              now);
          out.field("binding_method", "prompt");
          writeRecovery(out, recovery);
          out.field("oob_channel", kind.oobChannel)
              .field("oob_code", tenant.codes.oobCode(oob.id, tenant.keyTimestamp, oob.expiresAt));
        }
      }
      user.associations++;
    }
    if (bindingCode != null) {
      tenant.send(kind.oobChannel, recipient, bindingCode, true, now); // before the response is written
    }
    return Reply.json(200, out.endObject().bytes());
  }

  private static Kind requestedKind(Params p) {
    List<String> types = p.strings("authenticator_types");
    if (types == null) {
      throw Refusal.missing("authenticator_types");
    }
    if (types.size() != 1) {
      throw Refusal.invalidRequest("authenticator_types must hold exactly one of: otp, oob");
    }
    switch (types.get(0)) {
      case "otp":
        return Kind.TOTP;
      case "oob":
        List<String> channels = p.strings("oob_channels");
        if (channels == null) {
          throw Refusal.missing("oob_channels");
        }
        Kind kind = channels.size() == 1 ? Kind.ofChannel(channels.get(0)) : null;
        if (kind == null) {
          throw Refusal.invalidRequest("oob_channels must hold exactly one of: sms, voice, auth0, email");
        }
        return kind;
      default:
        throw Refusal.invalidRequest("authenticator_types must hold exactly one of: otp, oob");
    }
  }

  /** ASSUMPTION (docs/protocol.md): sms and voice share one per-user send bucket (the phone factor's limit). */
  private static void takeSend(User user, Kind kind, long now) {
    TokenBucket bucket = kind == Kind.SMS || kind == Kind.VOICE ? user.phoneSends
        : kind == Kind.EMAIL ? user.emailSends : null;
    if (bucket != null && !bucket.tryTake(now)) {
      throw Refusal.tooManyRequests(bucket.info(now, true));
    }
  }

  /** Creates the authenticators of one enrollment, primary first. Caller holds the user's lock. */
  private static List<Authenticator> create(Tenant tenant, User user, Kind kind, String recipient) {
    long group = user.nextGroup++;
    String suffix = Codes.authenticatorSuffix();
    List<Authenticator> created = new ArrayList<>(2);
    switch (kind) {
      case SMS, VOICE -> {
        String name = maskPhone(recipient);
        created.add(new Authenticator(kind.prefix + "|" + suffix, kind, group, recipient, name, null));
        // ASSUMPTION (docs/protocol.md): enrolling voice also creates the sms twin when SMS is on (the doc shows sms -> voice).
        Kind twin = kind == Kind.SMS ? Kind.VOICE : Kind.SMS;
        if (tenant.factorEnabled(twin.factor)) {
          // sms and voice share the id suffix and live and die together (docs/protocol.md, "Associate").
          created.add(new Authenticator(twin.prefix + "|" + suffix, twin, group, recipient, name, null));
        }
      }
      case EMAIL -> created.add(new Authenticator("email|" + suffix, kind, group, recipient, maskEmail(recipient), null));
      case PUSH -> {
        created.add(new Authenticator("push|" + suffix, kind, group, null, null, null));
        // Enrolling push also creates a TOTP authenticator (the Guardian app's offline codes).
        created.add(new Authenticator("totp|" + Codes.authenticatorSuffix(), Kind.TOTP, group, null, null,
            Codes.totpSecret()));
      }
      default -> created.add(new Authenticator("totp|" + suffix, Kind.TOTP, group, null, null, Codes.totpSecret()));
    }
    makeRoom(user, created.size());
    user.authenticators.addAll(created);
    return created;
  }

  /** ASSUMPTION (docs/protocol.md; memory bound): at most 32 authenticators; the oldest unconfirmed enrollment makes room. */
  private static void makeRoom(User user, int needed) {
    while (user.authenticators.size() + needed > User.MAX_AUTHENTICATORS) {
      Authenticator oldest = null;
      for (Authenticator a : user.authenticators) {
        if (!a.active && a.kind != Kind.RECOVERY_CODE) {
          oldest = a;
          break;
        }
      }
      if (oldest == null) {
        throw Refusal.invalidRequest("Too many authenticators");
      }
      long group = oldest.group;
      user.authenticators.removeIf(a -> a.group == group && a.kind != Kind.RECOVERY_CODE);
    }
  }

  /**
   * The recovery code to show in this enrollment's response, or null. C1, medium (docs/protocol.md, "Associate"):
   * only the first association of a user with no confirmed factor carries one; later ones, confirmed or not, do not.
   * With {@code setRecoveryCodeOnFirstAssociationOnly(false)}, every association until one is confirmed shows the
   * same code. Caller holds the user's lock.
   */
  private static String recoveryCodeFor(Tenant tenant, User user) {
    if (!tenant.recoveryCodesEnabled || user.enrolled()) {
      return null;
    }
    Authenticator rc = user.recoveryAuthenticator();
    if (rc == null) {
      user.recoveryCode = Codes.recoveryCode();
      user.authenticators.add(new Authenticator("recovery-code|" + Codes.authenticatorSuffix(), Kind.RECOVERY_CODE,
          -1, null, null, null));
      return user.recoveryCode;
    }
    return rc.active || tenant.recoveryCodeOnFirstAssociationOnly ? null : user.recoveryCode;
  }

  private static void writeRecovery(Json.Out out, String recovery) {
    if (recovery != null) {
      out.name("recovery_codes").beginArray().value(recovery).endArray();
    }
  }

  private static OobCode newOobCode(Tenant tenant, User user, MfaSession session, String accessTokenId,
      Authenticator target, boolean enrollment, String bindingCode, long now) {
    OobCode oob = new OobCode(Codes.randomHex(32), user, session, accessTokenId, target, enrollment, bindingCode,
        now + Tenant.OOB_CODE_TTL_MS, now);
    tenant.oobCodes.put(oob.id, oob);
    return oob;
  }

  /** Confirms an enrollment: the authenticator, its group, and the recovery code. Caller holds the lock. */
  static void activate(User user, Authenticator target) {
    for (Authenticator a : user.authenticators) {
      if (a.group == target.group || a.kind == Kind.RECOVERY_CODE) {
        a.active = true;
      }
    }
  }

  static Refusal invalidOobCode() {
    // GUESS (docs/protocol.md, "Errors"): a genuine oob_code already used (or unknown to the tenant).
    return new Refusal(403, "invalid_grant", "Invalid oob_code.");
  }

  /**
   * The live oob_code of an MFA grant, or a 403 that says why not. C1, low (docs/protocol.md, "Errors"): a garbled
   * code is {@code Malformed oob_code}; one started with another mfa_token (or for another user) does not match it.
   * One started with an access token (the enrolment of a further factor) is confirmed with that access token sent as
   * the mfa_token (docs/protocol.md, "Confirming an enrolment made with an access token"); GUESS (docs/protocol.md):
   * an mfa_token, even of the same user, does not match it.
   *
   * @param grantor who the grant speaks for
   */
  static OobCode liveOobCode(Tenant tenant, String code, Grantor grantor, long now) {
    Codes.OobRef ref = tenant.codes.parseOobCode(code);
    if (ref == null) {
      throw new Refusal(403, "invalid_grant", "Malformed oob_code");
    }
    OobCode oob = tenant.oobCodes.get(ref.id());
    if (oob == null) {
      if (ref.expiresAt() <= now) {
        throw oobExpired(); // genuine, already evicted
      }
      throw invalidOobCode();
    }
    boolean sameStarter = oob.accessTokenId != null ? oob.accessTokenId.equals(grantor.accessTokenId())
        : grantor.session() != null && (oob.session == null || oob.session == grantor.session());
    if (oob.user != grantor.user() || !sameStarter) {
      throw new Refusal(403, "invalid_grant", "The oob_code doesn't match the mfa_token");
    }
    if (oob.expiresAt <= now) {
      throw oobExpired();
    }
    return oob;
  }

  private static Refusal oobExpired() {
    // REAL text (docs/protocol.md, "Errors"); GUESS (docs/protocol.md): the code follows the draft, the status Auth0's convention.
    return new Refusal(403, "expired_token", "oob_code is expired");
  }

  // ---- challenge ----------------------------------------------------------------------------------------

  static Reply challenge(Tenant tenant, Params p, String authorization, long now) {
    // GUESS (docs/protocol.md, "Client authentication"): HTTP Basic is accepted here but not required.
    Client client = ClientAuth.authenticate(tenant, p, authorization, true, false, now);
    MfaSession s = TokenEndpoint.session(tenant, p.require("mfa_token"), client, now);
    String requested = p.string("challenge_type");
    boolean otp = requested == null;
    boolean oob = requested == null;
    if (requested != null) {
      for (String t : requested.trim().split(" +")) {
        switch (t) {
          case "otp" -> otp = true;
          case "oob" -> oob = true;
          default -> throw Refusal.invalidRequest("challenge_type must be otp, oob or both");
        }
      }
    }
    String typesText = requested == null ? "otp oob" : requested.trim().replaceAll(" +", " ");
    String authenticatorId = p.string("authenticator_id");
    User user = s.user();
    Json.Out out = new Json.Out().beginObject();
    Authenticator target = null;
    String bindingCode = null;
    synchronized (user) {
      if (authenticatorId != null) {
        Authenticator a = user.find(authenticatorId);
        if (a == null || a.kind == Kind.RECOVERY_CODE || !tenant.listed(a)) {
          // GUESS (docs/protocol.md): the answer for an unknown authenticator_id was never observed.
          throw Refusal.invalidRequest("Invalid authenticator_id");
        }
        if (a.active && (a.kind == Kind.TOTP ? otp : oob)) {
          target = a;
        }
      } else {
        // ASSUMPTION (docs/protocol.md): without authenticator_id the first matching active authenticator, in enrollment order.
        for (Authenticator a : user.authenticators) {
          if (a.active && a.kind != Kind.RECOVERY_CODE && tenant.listed(a) && (a.kind == Kind.TOTP ? otp : oob)) {
            target = a;
            break;
          }
        }
      }
      if (target == null) {
        // Recorded text (ISSUE-SWIFT-1262), status 401; also the answer when nothing is enrolled.
        // GUESS (docs/protocol.md): with several requested types they are listed space-separated, as in challenge_type.
        throw new Refusal(401, "unsupported_challenge_type",
            "User does not have any enrolled authenticator with the supported challenge type (" + typesText + ")");
      }
      if (target.kind == Kind.TOTP) {
        out.field("challenge_type", "otp");
      } else if (target.kind == Kind.PUSH) {
        OobCode code = newOobCode(tenant, user, s, null, target, false, null, now);
        tenant.addPendingPush(user, code, now);
        out.field("challenge_type", "oob")
            .field("oob_code", tenant.codes.oobCode(code.id, tenant.keyTimestamp, code.expiresAt));
      } else {
        takeSend(user, target.kind, now);
        bindingCode = Codes.sixDigits();
        OobCode code = newOobCode(tenant, user, s, null, target, false, bindingCode, now);
        out.field("challenge_type", "oob")
            .field("binding_method", "prompt")
            .field("oob_code", tenant.codes.oobCode(code.id, tenant.keyTimestamp, code.expiresAt));
      }
    }
    if (bindingCode != null) {
      tenant.send(target.kind.oobChannel, target.recipient, bindingCode, false, now);
    }
    return Reply.json(200, out.endObject().bytes());
  }

  // ---- list and delete --------------------------------------------------------------------------------

  static Reply list(Tenant tenant, String authorization, long now) {
    Caller caller = bearer(tenant, authorization, now);
    if (caller.access() != null) {
      requireScope(caller, "read:authenticators");
    }
    boolean withType = tenant.mfaRequirementsIncluded;
    Json.Out out = new Json.Out().beginArray();
    User user = caller.user();
    synchronized (user) {
      for (Authenticator a : user.authenticators) {
        if (!tenant.listed(a)) {
          continue;
        }
        out.beginObject()
            .field("id", a.id)
            .field("authenticator_type", a.kind.authenticatorType)
            .field("active", a.active)
            .optional("oob_channel", a.kind.oobChannel)
            .optional("name", a.name);
        if (withType) {
          out.field("type", a.kind.type);
        }
        out.endObject();
      }
    }
    return Reply.json(200, out.endArray().bytes());
  }

  static Reply delete(Tenant tenant, String authorization, String id, long now) {
    Caller caller = bearer(tenant, authorization, now);
    // An mfa_token is not enough: deleting needs an access token with remove:authenticators (docs/protocol.md, "Authenticators").
    requireScope(caller, "remove:authenticators");
    User user = caller.user();
    synchronized (user) {
      Authenticator target = user.find(id);
      if (target == null || !tenant.listed(target)) {
        // GUESS (docs/protocol.md, "Errors"): the 404 body was never observed.
        throw new Refusal(404, "not_found", "Authenticator not found.");
      }
      if (target.verifiedEmail) {
        // C1 (docs/protocol.md, "Authenticators"): a verified e-mail address cannot be deleted. GUESS (docs/protocol.md): the answer.
        throw Refusal.invalidRequest("A verified e-mail address cannot be deleted.");
      }
      if (target.kind == Kind.RECOVERY_CODE) {
        user.authenticators.remove(target);
        user.recoveryCode = null;
      } else {
        for (Iterator<Authenticator> it = user.authenticators.iterator(); it.hasNext(); ) {
          Authenticator a = it.next();
          if (a.group == target.group && a.kind != Kind.RECOVERY_CODE) {
            it.remove();
          }
        }
      }
    }
    return Reply.noContent();
  }

  // ---- masking --------------------------------------------------------------------------------------------

  /** {@code +15551234567} -> {@code XXXXXXXX4567}: every character but the last four, as in recorded lists. */
  static String maskPhone(String phone) {
    return "X".repeat(phone.length() - 4) + phone.substring(phone.length() - 4);
  }

  /**
   * {@code user@example.com} -> {@code ****@exam*******}. GUESS (docs/protocol.md), inferred from both recorded samples: the local part keeps
   * all but its last six characters, the domain keeps its first four.
   */
  static String maskEmail(String email) {
    int at = email.indexOf('@');
    String local = email.substring(0, at);
    String domain = email.substring(at + 1);
    int keep = Math.max(0, local.length() - 6);
    int keepDomain = Math.min(4, domain.length());
    return local.substring(0, keep) + "*".repeat(local.length() - keep) + "@"
        + domain.substring(0, keepDomain) + "*".repeat(domain.length() - keepDomain);
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
