package dev.mfakit.client.internal;

import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.BindingMethod;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.ClientAuthentication;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.FactorType;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaDecodingException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaRequirements;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Sleeper;
import dev.mfakit.client.Tokens;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import okhttp3.HttpUrl;

/**
 * One method per call of the MFA API: builds the wire request (fields, client authentication), runs it through the
 * {@link Transport} and decodes the answer into the public records, or maps the error.
 */
public final class Endpoints {
  static final String GRANT_PASSWORD = "password";
  static final String GRANT_PASSWORD_REALM = "http://auth0.com/oauth/grant-type/password-realm";
  static final String GRANT_OOB = "http://auth0.com/oauth/grant-type/mfa-oob";
  static final String GRANT_OTP = "http://auth0.com/oauth/grant-type/mfa-otp";
  static final String GRANT_RECOVERY_CODE = "http://auth0.com/oauth/grant-type/mfa-recovery-code";

  /** The lifetime of an mfa_token (docs/protocol.md, "Formats": 10 minutes, not configurable). */
  static final Duration MFA_TOKEN_LIFETIME = Duration.ofMinutes(10);
  /** The lifetime of an oob_code when the code itself does not say (docs/protocol.md, "Formats"). */
  static final Duration OOB_CODE_LIFETIME = Duration.ofMinutes(5);
  static final Duration PUSH_INTERVAL = Duration.ofSeconds(5);
  static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);

  private final URI baseUrl;
  private final HttpUrl tokenUrl;
  private final HttpUrl associateUrl;
  private final HttpUrl challengeUrl;
  private final HttpUrl authenticatorsUrl;
  private final String clientId;
  private final ClientAuthentication authentication;
  private final Transport transport;
  private final Clock clock;
  private final Sleeper sleeper;
  private final ApiErrors errors;

  /** Wires the endpoints to one tenant, application and transport; {@code errors} makes the refusals. */
  public Endpoints(URI baseUrl, String clientId, ClientAuthentication authentication, Transport transport,
                   Clock clock, Sleeper sleeper, ApiErrors errors) {
    this.baseUrl = baseUrl;
    HttpUrl base = HttpUrl.get(baseUrl.toString());
    this.tokenUrl = base.newBuilder().addPathSegments("oauth/token").build();
    this.associateUrl = base.newBuilder().addPathSegments("mfa/associate").build();
    this.challengeUrl = base.newBuilder().addPathSegments("mfa/challenge").build();
    this.authenticatorsUrl = base.newBuilder().addPathSegments("mfa/authenticators").build();
    this.clientId = clientId;
    this.authentication = authentication;
    this.transport = transport;
    this.errors = errors;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  // ---- /oauth/token ------------------------------------------------------------------------------------------

  /** Password or password-realm grant; 403 mfa_required is a result, not an error. */
  public SignInResult signIn(PasswordSignIn r) {
    Reply reply = token(Operation.SIGN_IN, null, fields -> {
      fields.put("grant_type", r.realm() == null ? GRANT_PASSWORD : GRANT_PASSWORD_REALM);
      fields.put("username", r.username());
      fields.put("password", r.password());
      putIfPresent(fields, "realm", r.realm());
      putIfPresent(fields, "audience", r.audience());
      putIfPresent(fields, "scope", r.scope());
    });
    if (reply.successful()) {
      return tokens(reply);
    }
    if (reply.status() == 403 && "mfa_required".equals(reply.error())) {
      return mfaRequired(reply);
    }
    throw ErrorMapping.toException(errors, Operation.SIGN_IN, reply);
  }

  /** The mfa-oob grant; {@code bindingCode} null for a push poll. */
  public Tokens verifyOob(Bearer mfaToken, String oobCode, String bindingCode) {
    return tokensOrThrow(Operation.VERIFY_OOB, oobGrant(mfaToken, oobCode, bindingCode));
  }

  private Reply oobGrant(Bearer mfaToken, String oobCode, String bindingCode) {
    return token(Operation.VERIFY_OOB, mfaToken.expiresAt(), fields -> {
      fields.put("grant_type", GRANT_OOB);
      fields.put("mfa_token", mfaToken.value());
      fields.put("oob_code", oobCode);
      putIfPresent(fields, "binding_code", bindingCode);
    });
  }

  /** The mfa-otp grant. */
  public Tokens verifyOtp(Bearer mfaToken, String otp) {
    return tokensOrThrow(Operation.VERIFY_OTP, token(Operation.VERIFY_OTP, mfaToken.expiresAt(), fields -> {
      fields.put("grant_type", GRANT_OTP);
      fields.put("mfa_token", mfaToken.value());
      fields.put("otp", otp);
    }));
  }

  /** The mfa-recovery-code grant; the answer carries the rotated code. */
  public Tokens verifyRecoveryCode(MfaToken mfaToken, String recoveryCode) {
    return tokensOrThrow(Operation.VERIFY_RECOVERY_CODE,
        token(Operation.VERIFY_RECOVERY_CODE, mfaToken.expiresAt(), fields -> {
          fields.put("grant_type", GRANT_RECOVERY_CODE);
          fields.put("mfa_token", mfaToken.value());
          fields.put("recovery_code", recoveryCode);
        }));
  }

  /**
   * Polls the mfa-oob grant until approved, rejected or {@code timeout} passes: every 5 s (at most 12 calls a
   * minute, the server's limit), 5 s slower after each {@code slow_down}.
   */
  public Tokens awaitPushApproval(Bearer mfaToken, String oobCode, Duration timeout) {
    Instant start = clock.instant();
    // A timeout meant as "forever" (ChronoUnit.FOREVER) must not overflow Instant: clamp the deadline instead.
    Instant deadline = timeout.compareTo(Duration.between(start, Instant.MAX)) >= 0
        ? Instant.MAX : start.plus(timeout);
    Duration interval = PUSH_INTERVAL;
    while (true) {
      Reply reply = oobGrant(mfaToken, oobCode, null);
      if (reply.successful()) {
        return tokens(reply);
      }
      MfaApiException notYet = ErrorMapping.toException(errors, Operation.VERIFY_OOB, reply);
      if (notYet.reason() == ErrorReason.SLOW_DOWN) {
        interval = interval.plus(SLOW_DOWN_STEP);
      } else if (notYet.reason() != ErrorReason.AUTHORIZATION_PENDING) {
        throw notYet;
      }
      // The next poll must fall strictly before the deadline: a 60 s wait then makes at most 12 calls.
      if (!clock.instant().plus(interval).isBefore(deadline)) {
        // Rebuilt from the reply, not the exception, so that every secret of the request stays masked.
        throw notYet.reason() == ErrorReason.AUTHORIZATION_PENDING ? notYet
            : errors.create(reply.status(), ErrorReason.AUTHORIZATION_PENDING, notYet.error(),
                notYet.errorDescription(), notYet.errorUri(), reply.rateLimit(), reply.sentSecrets());
      }
      Transport.sleep(sleeper, interval);
    }
  }

  private Reply token(Operation op, Instant credentialExpiry, Consumer<Map<String, Object>> grantFields) {
    return post(op, tokenUrl, null, credentialExpiry, grantFields);
  }

  private Tokens tokensOrThrow(Operation op, Reply reply) {
    return tokens(successOrThrow(op, reply));
  }

  private Tokens tokens(Reply reply) {
    Json.Obj o = Json.object(reply.body(), reply.status(), "token response");
    String accessToken = o.string("access_token");
    String tokenType = o.string("token_type");
    Duration expiresIn = Duration.ofSeconds(o.nonNegativeLong("expires_in"));
    return construct(reply.status(), "token response", () -> new Tokens(
        new AccessToken(accessToken, reply.receivedAt().plus(expiresIn)),
        o.optString("id_token"), o.optString("refresh_token"), tokenType, expiresIn,
        o.optString("scope"), o.optString("recovery_code")));
  }

  private MfaRequired mfaRequired(Reply reply) {
    Json.Obj o = Json.object(reply.body(), reply.status(), "mfa_required response");
    String token = o.string("mfa_token");
    MfaRequirements requirements = MfaRequirements.none();
    Json.Obj req = o.optObject("mfa_requirements");
    if (req != null) {
      requirements = new MfaRequirements(factorTypes(req.objectList("challenge")), factorTypes(req.objectList("enroll")));
    }
    MfaRequirements parsed = requirements;
    return construct(reply.status(), "mfa_required response", () -> new MfaRequired(
        new MfaToken(token, reply.receivedAt().plus(MFA_TOKEN_LIFETIME)), parsed));
  }

  private static List<FactorType> factorTypes(List<Json.Obj> entries) {
    List<FactorType> out = new ArrayList<>(entries.size());
    for (Json.Obj entry : entries) {
      out.add(FactorType.fromWire(entry.optString("type")));
    }
    return out;
  }

  // ---- /mfa/associate ----------------------------------------------------------------------------------------

  /** POST /mfa/associate with the Bearer token and a JSON body. */
  public Association associate(Bearer token, Enrollment enrollment) {
    Reply reply = successOrThrow(Operation.ASSOCIATE, post(Operation.ASSOCIATE, associateUrl, token,
        token.expiresAt(), fields -> enrollmentFields(enrollment, fields)));
    Json.Obj o = Json.object(reply.body(), reply.status(), "associate response");
    AuthenticatorType type = AuthenticatorType.fromWire(o.string("authenticator_type"));
    String oobCode = o.optString("oob_code");
    String channel = o.optString("oob_channel");
    String binding = o.optString("binding_method");
    String secret = o.optString("secret");
    String barcodeUri = o.optString("barcode_uri");
    List<String> recoveryCodes = o.stringList("recovery_codes");
    Instant oobExpiry = oobCode == null ? null : oobCodeExpiry(oobCode, reply.receivedAt());
    return construct(reply.status(), "associate response", () -> new Association(type,
        channel == null ? null : OobChannel.fromWire(channel), oobCode,
        binding == null ? null : BindingMethod.fromWire(binding), secret, barcodeUri, recoveryCodes, oobExpiry));
  }

  private static void enrollmentFields(Enrollment enrollment, Map<String, Object> fields) {
    if (enrollment instanceof Enrollment.Sms sms) {
      oob(fields, "sms");
      fields.put("phone_number", sms.phoneNumber());
    } else if (enrollment instanceof Enrollment.Voice voice) {
      oob(fields, "voice");
      fields.put("phone_number", voice.phoneNumber());
    } else if (enrollment instanceof Enrollment.Email email) {
      oob(fields, "email");
      fields.put("email", email.address());
    } else if (enrollment instanceof Enrollment.Push) {
      oob(fields, "auth0");
    } else if (enrollment instanceof Enrollment.Otp) {
      fields.put("authenticator_types", List.of("otp"));
    } else {
      throw new IllegalArgumentException("enrollment of an unknown kind");
    }
  }

  private static void oob(Map<String, Object> fields, String channel) {
    fields.put("authenticator_types", List.of("oob"));
    fields.put("oob_channels", List.of(channel));
  }

  /**
   * The expiry in an Iron-sealed oob_code ({@code Fe26.2*…}: the 6th {@code *}-separated field, Unix ms), when
   * present and within a day of receipt; otherwise receipt plus 5 minutes.
   */
  static Instant oobCodeExpiry(String oobCode, Instant receivedAt) {
    // Found with indexOf, not split: the code is ~400 characters and split would copy all of it on every associate
    // and challenge for the one field we read.
    int from = -1; // the 5th '*', after which the 6th field starts
    for (int i = 0; i < 5; i++) {
      from = oobCode.indexOf('*', from + 1);
      if (from < 0) {
        break;
      }
    }
    if (from >= 0 && oobCode.startsWith("Fe26.")) {
      int to = oobCode.indexOf('*', from + 1);
      try {
        Instant expiry = Instant.ofEpochMilli(Long.parseLong(oobCode, from + 1, to < 0 ? oobCode.length() : to, 10));
        if (expiry.isAfter(receivedAt.minus(Duration.ofMinutes(10)))
            && expiry.isBefore(receivedAt.plus(Duration.ofDays(1)))) {
          return expiry;
        }
      } catch (NumberFormatException | java.time.DateTimeException notAnExpiry) {
        // fall through to the documented default
      }
    }
    return receivedAt.plus(OOB_CODE_LIFETIME);
  }

  // ---- /mfa/challenge ----------------------------------------------------------------------------------------

  /** POST /mfa/challenge; the mfa_token travels in the body. */
  public Challenge challenge(MfaToken mfaToken, ChallengeRequest request) {
    Reply reply = successOrThrow(Operation.CHALLENGE, post(Operation.CHALLENGE, challengeUrl, null,
        mfaToken.expiresAt(), fields -> {
          fields.put("mfa_token", mfaToken.value());
          putIfPresent(fields, "challenge_type",
              request.challengeType() == null ? null : request.challengeType().wireName());
          putIfPresent(fields, "authenticator_id", request.authenticatorId());
        }));
    Json.Obj o = Json.object(reply.body(), reply.status(), "challenge response");
    ChallengeType type = ChallengeType.fromWire(o.string("challenge_type"));
    String oobCode = o.optString("oob_code");
    String binding = o.optString("binding_method");
    return construct(reply.status(), "challenge response",
        () -> new Challenge(type, oobCode, binding == null ? null : BindingMethod.fromWire(binding)));
  }

  // ---- /mfa/authenticators -----------------------------------------------------------------------------------

  /** GET /mfa/authenticators. */
  public List<Authenticator> listAuthenticators(Bearer token) {
    Reply reply = successOrThrow(Operation.LIST_AUTHENTICATORS,
        withoutBody(Operation.LIST_AUTHENTICATORS, "GET", authenticatorsUrl, token));
    List<Json.Obj> entries = Json.arrayOfObjects(reply.body(), reply.status(), "authenticators response");
    List<Authenticator> out = new ArrayList<>(entries.size());
    for (Json.Obj o : entries) {
      String id = o.string("id");
      AuthenticatorType type = AuthenticatorType.fromWire(o.string("authenticator_type"));
      Boolean active = o.optBoolean("active");
      String channel = o.optString("oob_channel");
      if (channel == null) {
        // The reference pages document a plural array; real tenants send the singular string.
        List<String> channels = o.stringList("oob_channels");
        channel = channels.isEmpty() ? null : channels.get(0);
      }
      // The newer "type" (customizable MFA) says the same in other words; it fills in what the older fields left
      // unknown, and is not kept beside them.
      FactorType factor = FactorType.fromWire(o.optString("type"));
      AuthenticatorType kind = type != AuthenticatorType.UNKNOWN ? type : authenticatorTypeOf(factor);
      OobChannel oobChannel = channel != null ? OobChannel.fromWire(channel)
          : kind == AuthenticatorType.OOB ? oobChannelOf(factor) : null;
      out.add(construct(reply.status(), "authenticators response", () -> new Authenticator(id, kind,
          Boolean.TRUE.equals(active), oobChannel, o.optString("name"))));
    }
    return List.copyOf(out);
  }

  /** The {@code authenticator_type} a listed {@code type} implies. */
  private static AuthenticatorType authenticatorTypeOf(FactorType factor) {
    return switch (factor) {
      case OTP -> AuthenticatorType.OTP;
      case RECOVERY_CODE -> AuthenticatorType.RECOVERY_CODE;
      case PHONE, EMAIL, PUSH_NOTIFICATION -> AuthenticatorType.OOB;
      case UNKNOWN -> AuthenticatorType.UNKNOWN;
    };
  }

  /** The {@code oob_channel} a listed {@code type} implies, or null ({@code phone} is SMS or voice). */
  private static OobChannel oobChannelOf(FactorType factor) {
    return switch (factor) {
      case EMAIL -> OobChannel.EMAIL;
      case PUSH_NOTIFICATION -> OobChannel.AUTH0;
      default -> null;
    };
  }

  /** DELETE /mfa/authenticators/{id}, the id as one encoded path segment. */
  public void deleteAuthenticator(AccessToken token, String authenticatorId) {
    HttpUrl url = authenticatorsUrl.newBuilder().addPathSegment(authenticatorId).build();
    successOrThrow(Operation.DELETE_AUTHENTICATOR, withoutBody(Operation.DELETE_AUTHENTICATOR, "DELETE", url, token));
  }

  // ---- requests ----------------------------------------------------------------------------------------------

  /**
   * A POST: a form on {@code /oauth/token}, JSON on {@code /mfa/*}. The body (with client authentication) is built
   * afresh for every attempt, so a private_key_jwt assertion is never sent twice.
   *
   * @param bearer the Authorization Bearer token, or null
   * @param credentialExpiry when the call's credential expires, or null
   */
  private Reply post(Operation op, HttpUrl url, Bearer bearer, Instant credentialExpiry,
                     Consumer<Map<String, Object>> bodyFields) {
    boolean tokenEndpoint = url.equals(tokenUrl);
    WireRequest.BodyType bodyType = tokenEndpoint ? WireRequest.BodyType.FORM : WireRequest.BodyType.JSON;
    return transport.execute(new WireRequest(op, "POST", url, bodyType, () -> {
      Map<String, String> headers = new LinkedHashMap<>();
      if (bearer != null) {
        headers.put("Authorization", "Bearer " + bearer.value());
      }
      Map<String, Object> fields = new LinkedHashMap<>();
      bodyFields.accept(fields);
      clientAuthentication(fields, headers, tokenEndpoint);
      return new WireRequest.Parts(headers, fields);
    }, credentialExpiry));
  }

  /** A GET or DELETE authorised by {@code token} alone. */
  private Reply withoutBody(Operation op, String method, HttpUrl url, Bearer token) {
    return transport.execute(new WireRequest(op, method, url, null,
        () -> new WireRequest.Parts(Map.of("Authorization", "Bearer " + token.value()), null), token.expiresAt()));
  }

  private Reply successOrThrow(Operation op, Reply reply) {
    if (!reply.successful()) {
      throw ErrorMapping.toException(errors, op, reply);
    }
    return reply;
  }

  // ---- client authentication ---------------------------------------------------------------------------------

  /**
   * Adds {@code client_id} and the configured client authentication. On {@code /oauth/token} a Basic client uses
   * the Authorization header; on {@code /mfa/*} that slot is the Bearer token (or unused), so the secret goes in the
   * body, as the docs require for Post and Basic apps alike.
   */
  private void clientAuthentication(Map<String, Object> fields, Map<String, String> headers, boolean tokenEndpoint) {
    fields.put("client_id", clientId);
    if (authentication instanceof ClientAuthentication.ClientSecretPost post) {
      fields.put("client_secret", post.secret());
    } else if (authentication instanceof ClientAuthentication.ClientSecretBasic basic) {
      if (tokenEndpoint) {
        // RFC 6749 §2.3.1: each part form-url-encoded before base64.
        String credentials = formEncode(clientId) + ":" + formEncode(basic.secret());
        headers.put("Authorization",
            "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
      } else {
        fields.put("client_secret", basic.secret());
      }
    } else if (authentication instanceof ClientAuthentication.PrivateKeyJwt jwt) {
      fields.put("client_assertion_type", ClientAssertion.TYPE);
      fields.put("client_assertion", ClientAssertion.sign(jwt.key(), jwt.keyId(), clientId, baseUrl, clock.instant()));
    }
  }

  private static String formEncode(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static void putIfPresent(Map<String, Object> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }

  /** Runs a record constructor on decoded values; its validation failures become decoding failures. */
  private static <T> T construct(int status, String what, java.util.function.Supplier<T> constructor) {
    try {
      return constructor.get();
    } catch (IllegalArgumentException e) {
      // Our validation messages name the field and never quote the value.
      throw new MfaDecodingException(status, what + ": " + e.getMessage() + " (HTTP " + status + ")");
    }
  }
}
