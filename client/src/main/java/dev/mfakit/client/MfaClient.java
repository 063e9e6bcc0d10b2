package dev.mfakit.client;

import dev.mfakit.client.internal.Endpoints;
import dev.mfakit.client.internal.ExtraTrust;
import dev.mfakit.client.internal.Transport;
import dev.mfakit.client.internal.Validation;
import dev.mfakit.client.internal.Version;
import java.net.Proxy;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.OkHttpClient;

/**
 * A client for the Auth0 MFA API of one tenant and one application.
 *
 * <pre>{@code
 * MfaClient mfa = MfaClient.builder().domain("acme.us.auth0.com").clientId(id).clientSecret(secret).build();
 * if (mfa.signIn(PasswordSignIn.of(user, password)) instanceof MfaRequired required) {
 *   Association a = mfa.associate(required.mfaToken(), Enrollment.sms("+15555550123"));
 *   Tokens t = mfa.verifyOob(required.mfaToken(), a.oobCode(), codeTheUserTyped);
 * }
 * }</pre>
 *
 * <p>Immutable and thread-safe: per-user credentials are method arguments, never client state, so one instance
 * serves many users at once. Every method validates its arguments before any request ({@link
 * InvalidInputException} naming the field) and reports failures as unchecked {@link MfaException}s.
 */
public final class MfaClient {
  private final URI baseUrl;
  private final String clientId;
  private final Endpoints endpoints;
  /** The settings it was built with, for {@link #newBuilder()}. */
  private final Builder settings;
  /** The OkHttp client it sends with, which a {@link #newBuilder()} client shares. */
  private final OkHttpClient http;

  private MfaClient(Builder b) {
    this.baseUrl = b.baseUrl;
    this.clientId = b.clientId;
    this.settings = new Builder(b);
    boolean plainHttp = "http".equals(baseUrl.getScheme());
    // A client derived with newBuilder() that keeps the shared OkHttp client and trust does not set the trust up
    // again: its own TLS socket factory would keep it from using the connections the two share.
    MfaClient from = b.derivedFrom;
    boolean trustInPlace = from != null && b.httpClient == from.http && !"http".equals(from.baseUrl.getScheme())
        && b.certificateAuthorities == from.settings.certificateAuthorities;
    this.http = Transport.httpClient(b.httpClient, plainHttp, b.connectTimeout, b.readTimeout, b.callTimeout,
        b.proxy, b.certificateAuthorities == null || trustInPlace ? null : ExtraTrust.of(b.certificateAuthorities));
    Transport transport = new Transport(http, b.retryPolicy, b.logger, b.clock, b.sleeper, Version.userAgent(),
        b.pacer == null ? null : b.pacer.pacer());
    this.endpoints = new Endpoints(baseUrl, clientId, b.authentication, transport, b.clock, b.sleeper,
        MfaApiException::new);
  }

  /**
   * Starts a configuration.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts a configuration from this client's, to derive a variant cheaply (as OkHttp's {@code newBuilder()}): the
   * new client shares this one's OkHttp connection pool, dispatcher and TLS set-up, and its {@link RequestPacer},
   * and differs only in what is set on the builder. This client is not changed.
   *
   * <pre>{@code
   * MfaClient patient = mfa.newBuilder().callTimeout(Duration.ofMinutes(2)).build();
   * }</pre>
   *
   * @return a builder holding this client's settings
   */
  public Builder newBuilder() {
    Builder b = new Builder(settings);
    b.httpClient = http;
    b.derivedFrom = this;
    return b;
  }

  /**
   * The tenant's base URL, without a trailing slash.
   *
   * @return e.g. {@code https://acme.us.auth0.com}
   */
  public URI baseUrl() {
    return baseUrl;
  }

  /**
   * The application's client id.
   *
   * @return the client id
   */
  public String clientId() {
    return clientId;
  }

  /**
   * The audience of access tokens for the MFA API itself ({@code https://{domain}/mfa/}): sign in with it, and a
   * scope such as {@code enroll read:authenticators remove:authenticators}, to manage a user's authenticators. The
   * tenant always requires MFA for this audience.
   *
   * @return e.g. {@code https://acme.us.auth0.com/mfa/}
   */
  public String mfaAudience() {
    return baseUrl + "/mfa/";
  }

  /**
   * Signs a user in with a password ({@code POST /oauth/token}, grant {@code password}, or {@code password-realm}
   * when a realm is given).
   *
   * @param request the credentials
   * @return {@link Tokens} when no second factor is needed, or {@link MfaRequired} (the answer {@code 403
   *     mfa_required}, a normal result) carrying the {@code mfa_token}
   * @throws MfaApiException e.g. {@link ErrorReason#WRONG_CREDENTIALS}
   * @throws MfaException for any other failure
   */
  public SignInResult signIn(PasswordSignIn request) {
    Validation.required(request, "request");
    return endpoints.signIn(request);
  }

  /**
   * Enrolls an authenticator ({@code POST /mfa/associate}). For SMS, voice and e-mail this sends a code; it is
   * never retried after the request may have reached the server.
   *
   * @param token the {@code mfa_token} (enough while the user has no active authenticator) or an access token with
   *     scope {@code enroll}
   * @param enrollment what to enroll
   * @return the association; verify it with {@code verifyOob} or {@code verifyOtp} to activate it
   * @throws MfaApiException e.g. {@link ErrorReason#ALREADY_ENROLLED}
   * @throws MfaOutcomeUnknownException if the request may have been processed; list authenticators before retrying
   * @throws MfaException for any other failure
   */
  public Association associate(Bearer token, Enrollment enrollment) {
    Validation.required(token, "token");
    Validation.required(enrollment, "enrollment");
    return endpoints.associate(token, enrollment);
  }

  /**
   * Challenges an enrolled authenticator ({@code POST /mfa/challenge}): sends an SMS, call, e-mail or push, or,
   * for {@code otp}, just tells the caller to ask for the app's code.
   *
   * @param mfaToken the {@code mfa_token} of the sign-in
   * @param request which type and, optionally, which authenticator
   * @return the challenge, with the {@code oob_code} for out-of-band types
   * @throws MfaApiException e.g. {@link ErrorReason#UNSUPPORTED_CHALLENGE_TYPE}
   * @throws MfaException for any other failure
   */
  public Challenge challenge(MfaToken mfaToken, ChallengeRequest request) {
    Validation.required(mfaToken, "mfa_token");
    Validation.required(request, "request");
    return endpoints.challenge(mfaToken, request);
  }

  /**
   * Verifies an SMS, voice or e-mail code ({@code POST /oauth/token}, grant {@code mfa-oob} with {@code
   * binding_code}); also completes the enrollment of that authenticator.
   *
   * @param mfaToken the {@code mfa_token} of the sign-in; or, to confirm an association made with an access token,
   *     that access token, which the tenant takes in the {@code mfa_token} parameter (docs/protocol.md, "Confirming
   *     an enrolment made with an access token")
   * @param oobCode the {@code oob_code} of the association or challenge
   * @param bindingCode the 6-digit code the user received
   * @return the tokens
   * @throws MfaApiException e.g. {@link ErrorReason#WRONG_BINDING_CODE}, {@link ErrorReason#OOB_CODE_EXPIRED}
   * @throws MfaException for any other failure
   */
  public Tokens verifyOob(Bearer mfaToken, String oobCode, String bindingCode) {
    Validation.required(mfaToken, "mfa_token");
    Validation.token(oobCode, "oob_code");
    Validation.sixDigits(bindingCode, "binding_code");
    return endpoints.verifyOob(mfaToken, oobCode, bindingCode);
  }

  /**
   * Asks once whether the user approved a push notification ({@code POST /oauth/token}, grant {@code mfa-oob}
   * without a binding code). To wait for the answer, use {@link #awaitPushApproval(Bearer, String, Duration)},
   * which calls this at the pace the tenant allows; a caller that polls on its own must wait 5 s between calls and
   * 5 s longer after each {@link ErrorReason#SLOW_DOWN}.
   *
   * @param mfaToken the {@code mfa_token} of the sign-in; or, to confirm an association made with an access token,
   *     that access token, which the tenant takes in the {@code mfa_token} parameter (docs/protocol.md, "Confirming
   *     an enrolment made with an access token")
   * @param oobCode the {@code oob_code} of the push association or challenge
   * @return the tokens, once the user approved
   * @throws MfaApiException {@link ErrorReason#AUTHORIZATION_PENDING} while not yet approved, {@link
   *     ErrorReason#SLOW_DOWN}, {@link ErrorReason#PUSH_REJECTED}
   * @throws MfaException for any other failure
   */
  public Tokens pollPushApproval(Bearer mfaToken, String oobCode) {
    Validation.required(mfaToken, "mfa_token");
    Validation.token(oobCode, "oob_code");
    return endpoints.verifyOob(mfaToken, oobCode, null);
  }

  /**
   * Verifies a TOTP code ({@code POST /oauth/token}, grant {@code mfa-otp}); also completes a TOTP enrollment.
   *
   * @param mfaToken the {@code mfa_token} of the sign-in; or, to confirm an association made with an access token,
   *     that access token, which the tenant takes in the {@code mfa_token} parameter (docs/protocol.md, "Confirming
   *     an enrolment made with an access token")
   * @param otp the 6-digit code the app shows
   * @return the tokens
   * @throws MfaApiException e.g. {@link ErrorReason#WRONG_OTP}, {@link ErrorReason#TOO_MANY_ATTEMPTS}
   * @throws MfaException for any other failure
   */
  public Tokens verifyOtp(Bearer mfaToken, String otp) {
    Validation.required(mfaToken, "mfa_token");
    Validation.sixDigits(otp, "otp");
    return endpoints.verifyOtp(mfaToken, otp);
  }

  /**
   * Verifies with a recovery code ({@code POST /oauth/token}, grant {@code mfa-recovery-code}). The used code is
   * spent: show the user {@link Tokens#recoveryCode()}, its replacement.
   *
   * @param mfaToken the {@code mfa_token} of the sign-in
   * @param recoveryCode the 24-character code (case-insensitive; sent upper-case)
   * @return the tokens, with the new recovery code
   * @throws MfaApiException e.g. {@link ErrorReason#WRONG_RECOVERY_CODE}
   * @throws MfaException for any other failure
   */
  public Tokens verifyRecoveryCode(MfaToken mfaToken, String recoveryCode) {
    Validation.required(mfaToken, "mfa_token");
    String code = Validation.recoveryCode(recoveryCode, "recovery_code");
    return endpoints.verifyRecoveryCode(mfaToken, code);
  }

  /**
   * Waits for the user to approve a push notification: polls the {@code mfa-oob} grant every 5 s (never more than
   * 12 calls a minute), 5 s slower after each {@code slow_down}, using the configured clock and sleeper.
   *
   * @param mfaToken the {@code mfa_token} of the sign-in; or, to confirm an association made with an access token,
   *     that access token, which the tenant takes in the {@code mfa_token} parameter (docs/protocol.md, "Confirming
   *     an enrolment made with an access token")
   * @param oobCode the {@code oob_code} of the push association or challenge
   * @param timeout how long to wait at most
   * @return the tokens, once approved
   * @throws MfaApiException {@link ErrorReason#PUSH_REJECTED} if the user said no; {@link
   *     ErrorReason#AUTHORIZATION_PENDING} if the timeout passed first
   * @throws MfaNetworkException if the thread was interrupted while waiting (the interrupt flag is kept)
   * @throws MfaException for any other failure
   */
  public Tokens awaitPushApproval(Bearer mfaToken, String oobCode, Duration timeout) {
    Validation.required(mfaToken, "mfa_token");
    Validation.token(oobCode, "oob_code");
    Validation.nonNegative(timeout, "timeout");
    return endpoints.awaitPushApproval(mfaToken, oobCode, timeout);
  }

  /**
   * Lists the user's authenticators ({@code GET /mfa/authenticators}), including inactive leftovers of unfinished
   * enrollments (check {@link Authenticator#active()}).
   *
   * @param token the {@code mfa_token} or an access token with scope {@code read:authenticators}
   * @return the authenticators, possibly empty
   * @throws MfaApiException e.g. {@link ErrorReason#INVALID_TOKEN}
   * @throws MfaException for any other failure
   */
  public List<Authenticator> listAuthenticators(Bearer token) {
    Validation.required(token, "token");
    return endpoints.listAuthenticators(token);
  }

  /**
   * Deletes an authenticator ({@code DELETE /mfa/authenticators/{id}}, the id URL-encoded). Deleting SMS also
   * deletes its voice twin, and push its TOTP twin. A 404 on a retried attempt counts as success (the first one
   * got through).
   *
   * @param accessToken an access token with scope {@code remove:authenticators}
   * @param authenticatorId the id, e.g. {@code sms|dev_abc}
   * @throws MfaApiException e.g. {@link ErrorReason#NOT_FOUND}, {@link ErrorReason#INSUFFICIENT_SCOPE}
   * @throws MfaException for any other failure
   */
  public void deleteAuthenticator(AccessToken accessToken, String authenticatorId) {
    Validation.required(accessToken, "access_token");
    Validation.authenticatorId(authenticatorId, "authenticator_id");
    endpoints.deleteAuthenticator(accessToken, authenticatorId);
  }

  /**
   * Configuration of an {@link MfaClient}, new from {@link MfaClient#builder()} or holding a client's settings from
   * its {@link MfaClient#newBuilder()}. Required: {@link #domain(String)} or {@link #baseUrl(URI)}, and {@link
   * #clientId(String)}. Setters validate at once; {@link #build()} checks completeness.
   */
  public static final class Builder {
    private URI baseUrl;
    private String clientId;
    private ClientAuthentication authentication = ClientAuthentication.none();
    private Duration connectTimeout;
    private Duration readTimeout;
    private Duration callTimeout;
    private Proxy proxy;
    private OkHttpClient httpClient;
    private List<X509Certificate> certificateAuthorities;
    private RetryPolicy retryPolicy = RetryPolicy.defaults();
    private HttpLogger logger;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.system();
    private RequestPacer pacer;
    /** The client whose {@link MfaClient#newBuilder()} made this builder, or null. */
    private MfaClient derivedFrom;

    private Builder() {}

    private Builder(Builder from) {
      baseUrl = from.baseUrl;
      clientId = from.clientId;
      authentication = from.authentication;
      connectTimeout = from.connectTimeout;
      readTimeout = from.readTimeout;
      callTimeout = from.callTimeout;
      proxy = from.proxy;
      httpClient = from.httpClient;
      certificateAuthorities = from.certificateAuthorities;
      retryPolicy = from.retryPolicy;
      logger = from.logger;
      clock = from.clock;
      sleeper = from.sleeper;
      pacer = from.pacer;
    }

    /**
     * The tenant by domain ({@code acme.us.auth0.com}, meaning {@code https://acme.us.auth0.com}) or by URL.
     *
     * @param domainOrUrl a host name or an absolute URL
     * @return this builder
     * @throws InvalidInputException if it is not a valid tenant address (see {@link #baseUrl(URI)})
     */
    public Builder domain(String domainOrUrl) {
      Validation.nonBlank(domainOrUrl, "domain");
      String d = domainOrUrl.strip();
      URI uri;
      try {
        uri = URI.create(d.contains("://") ? d : "https://" + d);
      } catch (IllegalArgumentException e) {
        throw new InvalidInputException("domain", InvalidInputException.Kind.MALFORMED,
            "must be a host name like acme.us.auth0.com or an https URL");
      }
      return baseUrl(uri);
    }

    /**
     * The tenant's base URL: https, unless the host is loopback ({@code localhost}, 127.0.0.0/8, {@code ::1});
     * no user info, query, fragment or path.
     *
     * @param url the base URL, e.g. {@code https://acme.us.auth0.com}
     * @return this builder
     * @throws InvalidInputException naming {@code baseUrl} if the URL is not acceptable
     */
    public Builder baseUrl(URI url) {
      this.baseUrl = Validation.baseUrl(url, "baseUrl");
      return this;
    }

    /**
     * The application's client id.
     *
     * @param clientId the client id
     * @return this builder
     * @throws InvalidInputException naming {@code client_id} if it is blank or has whitespace or control characters
     */
    public Builder clientId(String clientId) {
      this.clientId = Validation.token(clientId, "client_id");
      return this;
    }

    /**
     * Shortcut for {@code clientAuthentication(ClientAuthentication.clientSecretPost(secret))}.
     *
     * @param secret the client secret
     * @return this builder
     */
    public Builder clientSecret(String secret) {
      return clientAuthentication(ClientAuthentication.clientSecretPost(secret));
    }

    /**
     * How the application authenticates; {@link ClientAuthentication#none()} by default.
     *
     * @param authentication the method
     * @return this builder
     */
    public Builder clientAuthentication(ClientAuthentication authentication) {
      this.authentication = Validation.required(authentication, "clientAuthentication");
      return this;
    }

    /**
     * TCP/TLS connect timeout (default 10 s, or the given {@link #httpClient(OkHttpClient)}'s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = Validation.positive(timeout, "connectTimeout");
      return this;
    }

    /**
     * Read timeout between bytes of the answer (default 30 s, or the given {@link #httpClient(OkHttpClient)}'s).
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = Validation.positive(timeout, "readTimeout");
      return this;
    }

    /**
     * Timeout of one whole HTTP exchange, connect to last byte (default 60 s, or the given {@link
     * #httpClient(OkHttpClient)}'s). Waits between retries are not part of it.
     *
     * @param timeout a positive duration
     * @return this builder
     */
    public Builder callTimeout(Duration timeout) {
      this.callTimeout = Validation.positive(timeout, "callTimeout");
      return this;
    }

    /**
     * An HTTP proxy.
     *
     * @param proxy the proxy, e.g. {@code new Proxy(Proxy.Type.HTTP, address)}
     * @return this builder
     */
    public Builder proxy(Proxy proxy) {
      this.proxy = Validation.required(proxy, "proxy");
      return this;
    }

    /**
     * The caller's own OkHttp client, to share its connection pool, dispatcher, TLS and interceptors. The MFA
     * client derives its own with {@code newBuilder()} and forces {@code retryOnConnectionFailure(false)} (OkHttp's
     * silent replay would send a second enrollment and a second SMS) and no redirects.
     *
     * @param client the base client
     * @return this builder
     */
    public Builder httpClient(OkHttpClient client) {
      this.httpClient = Validation.required(client, "httpClient");
      return this;
    }

    /**
     * Also trusts the certificate authority (or authorities) of this PEM text, in addition to the JVM's own trust
     * anchors: for a tenant behind a private CA, such as a sandbox started with HTTPS ({@code mfa sandbox --https},
     * {@code SandboxTenant.certificateAuthorityPem()}). Certificates are still verified and host names still checked;
     * a certificate neither set vouches for fails at once, before anything is sent, and is never retried. Applies to
     * an {@link #httpClient(OkHttpClient)} given too (its TLS trust is replaced by these two sets).
     *
     * @param pem one or more {@code -----BEGIN CERTIFICATE-----} blocks
     * @return this builder
     * @throws InvalidInputException naming {@code certificateAuthority} if no certificate can be read from it
     */
    public Builder trustCertificateAuthority(String pem) {
      this.certificateAuthorities = ExtraTrust.parsePem(pem, "certificateAuthority");
      return this;
    }

    /**
     * The retry policy; {@link RetryPolicy#defaults()} by default.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder retryPolicy(RetryPolicy policy) {
      this.retryPolicy = Validation.required(policy, "retryPolicy");
      return this;
    }

    /**
     * Logs requests and answers, redacted. Off by default.
     *
     * @param logger receives one redacted line per header, body and event
     * @return this builder
     */
    public Builder logger(HttpLogger logger) {
      this.logger = Validation.required(logger, "logger");
      return this;
    }

    /**
     * The clock for token expiries, rate-limit waits and push deadlines; the system UTC clock by default.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Validation.required(clock, "clock");
      return this;
    }

    /**
     * What waits between retries and push polls; {@link Sleeper#system()} by default.
     *
     * @param sleeper the sleeper
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Validation.required(sleeper, "sleeper");
      return this;
    }

    /**
     * Paces every request of this client (of all its threads) to the tenant's rate limit; none by default, for a
     * program that makes a few calls per user. See {@link RequestPacer}.
     *
     * @param pacer the pacer, shared by every thread (and may be shared with other clients of the same tenant)
     * @return this builder
     */
    public Builder pacer(RequestPacer pacer) {
      this.pacer = Validation.required(pacer, "pacer");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client
     * @throws IllegalStateException naming the missing setting ({@code domain (or baseUrl)}, {@code client_id})
     */
    public MfaClient build() {
      if (baseUrl == null) {
        throw new IllegalStateException("domain (or baseUrl) is required");
      }
      if (clientId == null) {
        throw new IllegalStateException("client_id is required");
      }
      return new MfaClient(this);
    }
  }

  /** The OkHttp client it sends with (for tests in this package). */
  OkHttpClient httpClient() {
    return http;
  }

  @Override
  public String toString() {
    return "MfaClient[" + baseUrl + ", clientId=" + clientId + "]";
  }
}
