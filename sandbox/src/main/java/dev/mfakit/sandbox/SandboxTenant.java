package dev.mfakit.sandbox;

import dev.mfakit.sandbox.internal.Server;
import dev.mfakit.sandbox.internal.Tenant;
import java.net.URI;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A local, strict, stateful Auth0 MFA tenant over real HTTP (or HTTPS) on {@code 127.0.0.1}.
 *
 * <p>It speaks the protocol written down in {@code docs/protocol.md} ({@code /oauth/token}, {@code /mfa/*}, OIDC
 * discovery, the signing keys and {@code /userinfo}) and a control API under {@code /sandbox/}. Out of the box it
 * has the client {@value #CLIENT_ID} / {@value #CLIENT_SECRET} (every grant allowed) and the user {@value
 * #DEMO_USERNAME} / {@value #DEMO_PASSWORD} (MFA required, no authenticator yet). Every lifetime and limit reads a
 * virtual clock that tests move with {@link #advanceClock}. Thread-safe.
 *
 * <pre>{@code
 * try (SandboxTenant tenant = SandboxTenant.start()) {
 *   URI url = tenant.baseUrl();                 // http://127.0.0.1:PORT
 *   ... sign in, associate, then read the code:
 *   String code = tenant.lastMessageTo("+15551234567").code();
 * }
 * }</pre>
 */
public final class SandboxTenant implements AutoCloseable {
  /** The default confidential client's id. */
  public static final String CLIENT_ID = "sandbox-client";
  /** The default confidential client's secret. */
  public static final String CLIENT_SECRET = "sandbox-secret";
  /** The demo user, who must use MFA and has no authenticator yet. */
  public static final String DEMO_USERNAME = "demo@example.com";
  /** The demo user's password. */
  public static final String DEMO_PASSWORD = "demo-password";
  /** The database connection name for the password-realm grant. */
  public static final String REALM = Tenant.REALM;
  /** The tenant's friendly name, as it appears in otpauth URIs and message texts. */
  public static final String TENANT_NAME = Tenant.NAME;
  /**
   * Every {@code grant_type} the tenant knows, as Auth0's Management API names them: {@code password}, {@code
   * http://auth0.com/oauth/grant-type/password-realm}, the three MFA grants ({@code .../mfa-otp}, {@code
   * .../mfa-oob}, {@code .../mfa-recovery-code}) and {@code refresh_token}. A client may use all of them unless
   * {@link #addClient(String, String, Collection)} says otherwise.
   */
  public static final Set<String> GRANT_TYPES = Tenant.knownGrantTypes();

  private final Server server;
  private final Tenant tenant;

  private SandboxTenant(Server server) {
    this.server = server;
    this.tenant = server.tenant();
    tenant.addClient(CLIENT_ID, CLIENT_SECRET);
    tenant.addUser(DEMO_USERNAME, DEMO_PASSWORD, true);
  }

  /**
   * Starts a tenant with the defaults on an ephemeral port.
   *
   * @return the running tenant; close it to stop it
   */
  public static SandboxTenant start() {
    return builder().start();
  }

  /**
   * Starts a tenant with the defaults.
   *
   * @param port the port on 127.0.0.1, or 0 for an ephemeral one
   * @return the running tenant; close it to stop it
   */
  public static SandboxTenant start(int port) {
    return builder().port(port).start();
  }

  /**
   * A builder for a tenant with other settings.
   *
   * @return a builder with the defaults
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Where the tenant listens.
   *
   * @return {@code http://127.0.0.1:PORT} ({@code https://} with {@link Builder#https()}), without a trailing slash
   */
  public URI baseUrl() {
    return server.baseUrl();
  }

  /**
   * The issuer: the {@code iss} of every token and the {@code issuer} of discovery. {@link Builder#issuer(URI)}, or
   * by default the base URL with a trailing slash, as a real tenant's ({@code https://acme.us.auth0.com/}).
   *
   * @return the issuer URI
   */
  public URI issuer() {
    return URI.create(tenant.issuer());
  }

  /**
   * The PEM of the certificate authority that signed the tenant's HTTPS certificate (for {@code 127.0.0.1}, {@code
   * localhost} and {@code ::1}). Trust it and nothing else: {@code NODE_EXTRA_CA_CERTS}, {@code curl --cacert}, a Java
   * trust store, or {@code MfaClient.builder().trustCertificateAuthority(pem)}. One CA per JVM, made on the first
   * HTTPS start; its private key never leaves the tenant.
   *
   * @return the CA certificate in PEM form
   * @throws IllegalStateException if the tenant serves plain HTTP
   */
  public String certificateAuthorityPem() {
    if (server.caPem() == null) {
      throw new IllegalStateException("the tenant serves plain HTTP; start it with SandboxTenant.builder().https()");
    }
    return server.caPem();
  }

  /**
   * The port the tenant listens on.
   *
   * @return the port on 127.0.0.1
   */
  public int port() {
    return server.port();
  }

  /** Stops the server and its threads. Idempotent. */
  @Override
  public void close() {
    server.close();
  }

  // ---- clock ---------------------------------------------------------------------------------------

  /**
   * The tenant's current time: the base clock plus every {@link #advanceClock} so far.
   *
   * @return the virtual time now
   */
  public Instant now() {
    return tenant.now();
  }

  /**
   * Moves the virtual clock forward; expired tokens and codes are evicted at once.
   *
   * @param duration how far to move it
   * @throws IllegalArgumentException if {@code duration} is negative, or would move the clock past the year 146
   *     million
   */
  public void advanceClock(Duration duration) {
    tenant.advanceClock(Objects.requireNonNull(duration, "duration"));
  }

  /**
   * A {@link Clock} that reads the tenant's virtual time. Give it to a client that signs private_key_jwt
   * assertions, so that their {@code exp} stays valid after {@link #advanceClock}.
   *
   * @return a clock in UTC that follows the tenant's virtual time
   */
  public Clock clock() {
    return new VirtualTime(tenant, ZoneOffset.UTC);
  }

  // ---- users and clients --------------------------------------------------------------------------

  /**
   * Adds a user who must use MFA and has no authenticator yet.
   *
   * @param username the username (an e-mail address, say)
   * @param password the password
   * @throws IllegalArgumentException if the username is blank or taken (compared case-insensitively)
   */
  public void addUser(String username, String password) {
    add(username, password, true);
  }

  /**
   * Adds a user whose password sign-in returns tokens directly (unless the /mfa/ audience is asked for).
   *
   * @param username the username
   * @param password the password
   * @throws IllegalArgumentException if the username is blank or taken (compared case-insensitively)
   */
  public void addUserWithoutMfa(String username, String password) {
    add(username, password, false);
  }

  private void add(String username, String password, boolean mfa) {
    if (!tenant.addUser(username, password, mfa)) {
      throw new IllegalArgumentException("the user already exists");
    }
  }

  /**
   * Adds (or replaces) a confidential client that sends its secret in the body or with HTTP Basic.
   *
   * @param clientId the client id
   * @param clientSecret the client secret
   */
  public void addClient(String clientId, String clientSecret) {
    tenant.addClient(clientId, clientSecret);
  }

  /**
   * Adds (or replaces) a confidential client that may use only the given grants, like an application whose "Grant
   * Types" (Dashboard, Advanced Settings) are ticked so. Other grants are refused with {@code 403
   * unauthorized_client}. Replace the default client the same way: {@code addClient(CLIENT_ID, CLIENT_SECRET,
   * Set.of("password"))}.
   *
   * @param clientId the client id
   * @param clientSecret its secret
   * @param grantTypes a subset of {@link #GRANT_TYPES}, possibly empty
   * @throws IllegalArgumentException for a grant type the tenant does not know
   */
  public void addClient(String clientId, String clientSecret, Collection<String> grantTypes) {
    tenant.addClient(clientId, clientSecret, grantTypes);
  }

  /**
   * Registers an API (Dashboard: Applications &gt; APIs &gt; Create API), so that a sign-in or an MFA grant may ask
   * for tokens with its identifier as {@code audience}. Out of the box the tenant has its MFA API ({@code
   * {baseUrl}/mfa/}) and {@code {issuer}userinfo}; any other audience is refused as a real tenant refuses it, {@code
   * 403 access_denied "Service not found: <audience>"}. Identifiers compare exactly (a trailing slash counts).
   *
   * @param audience the API's identifier, e.g. {@code https://api.example.com/}
   * @throws IllegalArgumentException if it is blank, has spaces or control characters, or is over 600 characters
   */
  public void addApi(String audience) {
    tenant.addApi(audience);
  }

  /**
   * Adds (or replaces) a public client, which sends only its client_id.
   *
   * @param clientId the client id
   */
  public void addPublicClient(String clientId) {
    tenant.addPublicClient(clientId);
  }

  /**
   * Adds (or replaces) a client that signs RS256/PS256 client assertions with the key paired to this one.
   *
   * @param clientId the client id
   * @param rsaPublicKey the public half of the client's RSA key pair
   */
  public void addPrivateKeyJwtClient(String clientId, PublicKey rsaPublicKey) {
    tenant.addPrivateKeyJwtClient(clientId, rsaPublicKey);
  }

  // ---- settings ------------------------------------------------------------------------------------

  /**
   * Switches a factor on or off for new enrollments (all are on by default).
   *
   * @param factor the factor
   * @param enabled whether new enrollments of it are accepted
   */
  public void setFactorEnabled(Factor factor, boolean enabled) {
    tenant.setFactorEnabled(Objects.requireNonNull(factor, "factor"), enabled);
  }

  /**
   * Switches recovery codes on or off (on by default); off means none are issued or accepted.
   *
   * @param enabled whether recovery codes are issued and accepted
   */
  public void setRecoveryCodesEnabled(boolean enabled) {
    tenant.setRecoveryCodesEnabled(enabled);
  }

  /**
   * Whether {@code recovery_codes} comes with the user's first association only (true, the default, as recorded from
   * a real tenant) or with every association until one is confirmed, each showing the same code (false).
   *
   * @param onlyFirst true for the first association only
   */
  public void setRecoveryCodeOnFirstAssociationOnly(boolean onlyFirst) {
    tenant.setRecoveryCodeOnFirstAssociationOnly(onlyFirst);
  }

  /**
   * Marks the user's e-mail address (the username) verified, or not (the default). While the e-mail factor is on, a
   * verified address is listed as an active {@code email} authenticator that can be challenged but not deleted, and
   * that does not count as enrolled: the mfa_token can still associate another factor.
   *
   * @param username the user
   * @param verified whether the address counts as verified
   * @throws IllegalArgumentException if there is no such user, or the username is not an e-mail address
   */
  public void setEmailVerified(String username, boolean verified) {
    tenant.setEmailVerified(username, verified);
  }

  /**
   * Whether {@code mfa_required} carries {@code mfa_requirements} and listed authenticators carry {@code type},
   * as on tenants with Customizable MFA (off by default, like the global MFA policy).
   *
   * @param included whether those fields are sent
   */
  public void setMfaRequirementsIncluded(boolean included) {
    tenant.setMfaRequirementsIncluded(included);
  }

  /**
   * Sets the global request rate on /oauth/token and /mfa/*, per client_id (per IP address when a request
   * names none). The default is 1000 per second with a burst of 2000.
   *
   * @param requestsPerSecond the refill rate; {@code <= 0} switches the limit (and its headers) off
   * @param burst the bucket size, reported as X-RateLimit-Limit
   */
  public void setRateLimit(int requestsPerSecond, int burst) {
    tenant.setRateLimit(requestsPerSecond, burst);
  }

  /**
   * Limits the whole tenant: every request to /oauth/token and /mfa/*, whoever sends it, takes a token from one
   * bucket that refills at {@code requestsPerSecond} and holds {@code burst}; the X-RateLimit-* headers then report
   * this bucket, as a real tenant's report its global limit. Off by default; the control API is never limited. It
   * applies on top of {@link #setRateLimit} (per client): switch that off with {@code setRateLimit(0, 0)} to have this
   * one alone.
   *
   * @param requestsPerSecond the refill rate; {@code <= 0} switches it off
   * @param burst the bucket size (it starts full), reported as X-RateLimit-Limit
   * @throws IllegalArgumentException if the rate is on and the burst is not positive
   */
  public void setTenantRateLimit(int requestsPerSecond, int burst) {
    tenant.setTenantRateLimit(requestsPerSecond, burst);
  }

  // ---- statistics ----------------------------------------------------------------------------------

  /**
   * What the tenant served so far on /oauth/token and /mfa/*, by its own count: requests, 429s, associations per
   * user, messages. {@code GET /sandbox/stats} answers the same.
   *
   * @return a snapshot of the counts
   */
  public SandboxStats stats() {
    return tenant.stats();
  }

  // ---- outbox ----------------------------------------------------------------------------------------

  /**
   * Every SMS, voice call and e-mail sent so far (the most recent 10,000 by default), newest last.
   *
   * @return a snapshot of the outbox
   */
  public List<SentMessage> messages() {
    return tenant.messages();
  }

  /**
   * The newest message to a phone number (E.164) or e-mail address, exactly as given at enrollment.
   *
   * @param recipient the phone number or e-mail address
   * @return the newest message to it, or null if none was sent to it (or the outbox dropped it: it keeps the newest
   *     {@code outboxCapacity} messages)
   */
  public SentMessage lastMessageTo(String recipient) {
    return tenant.lastMessageTo(Objects.requireNonNull(recipient, "recipient"));
  }

  /**
   * Calls {@code listener} for every message, synchronously on the sending request's thread and before its
   * response is written. A listener that throws is ignored; one that blocks delays that response.
   *
   * @param listener receives each message as it is sent
   */
  public void onMessage(Consumer<SentMessage> listener) {
    tenant.onMessage(listener);
  }

  // ---- push --------------------------------------------------------------------------------------------

  /**
   * Calls {@code listener} with the username each time a push starts waiting for a decision (an enrollment's QR code
   * or a sign-in challenge), synchronously on the request's thread and before its response is written. A listener
   * that throws is ignored.
   *
   * @param listener receives the username of each push that starts waiting
   */
  public void onPush(Consumer<String> listener) {
    tenant.onPush(listener);
  }

  /**
   * Approves the user's most recent pending push (an enrollment or a challenge).
   *
   * @param username the user
   * @throws IllegalArgumentException if there is no such user
   * @throws IllegalStateException if no push is pending
   */
  public void approvePush(String username) {
    decide(username, true);
  }

  /**
   * Rejects the user's most recent pending push.
   *
   * @param username the user
   * @throws IllegalArgumentException if there is no such user
   * @throws IllegalStateException if no push is pending
   */
  public void rejectPush(String username) {
    decide(username, false);
  }

  private void decide(String username, boolean approve) {
    if (!tenant.decidePush(username, approve)) {
      throw new IllegalStateException("no push is pending for this user");
    }
  }

  // ---- inspection ----------------------------------------------------------------------------------------

  /**
   * The user's authenticators, confirmed or not, in enrollment order.
   *
   * @param username the user
   * @return a snapshot of the user's authenticators
   * @throws IllegalArgumentException if there is no such user
   */
  public List<SandboxAuthenticator> authenticators(String username) {
    return tenant.authenticators(username);
  }

  /**
   * How many short-lived entries the tenant holds: live mfa_tokens, oob_codes, client-assertion ids and rate
   * buckets. Each goes when it expires (a sweep every 10 s of tenant time, and at once on {@link #advanceClock}), so
   * a test can check that a load leaves nothing behind without measuring the heap.
   *
   * @return the number of live entries
   */
  public int stateSize() {
    return tenant.stateSize();
  }

  @Override
  public String toString() {
    return "SandboxTenant[" + baseUrl() + "]";
  }

  /** Options for {@link SandboxTenant}; {@link #start()} binds the port and starts serving. */
  public static final class Builder {
    private int port;
    private Clock clock = Clock.systemUTC();
    private int ratePerSecond = 1000;
    private int rateBurst = 2000;
    private int tenantRatePerSecond;
    private int tenantRateBurst;
    private int threads;
    private int outboxCapacity = 10_000;
    private Consumer<String> log;
    private boolean https;
    private URI issuer;
    private final java.util.List<String> apis = new java.util.ArrayList<>();

    private Builder() {}

    /**
     * The port on 127.0.0.1; 0 (the default) for an ephemeral one.
     *
     * @param port the port, 0..65535
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port must be 0..65535");
      }
      this.port = port;
      return this;
    }

    /**
     * The base of the virtual clock (default: the system UTC clock).
     *
     * @param clock the base clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The global request rate, see {@link SandboxTenant#setRateLimit}.
     *
     * @param requestsPerSecond the refill rate; {@code <= 0} switches the limit off
     * @param burst the bucket size
     * @return this builder
     */
    public Builder rateLimit(int requestsPerSecond, int burst) {
      if (requestsPerSecond > 0 && burst <= 0) {
        throw new IllegalArgumentException("burst must be positive when the rate limit is on");
      }
      this.ratePerSecond = requestsPerSecond;
      this.rateBurst = burst;
      return this;
    }

    /**
     * The whole tenant's request rate, see {@link SandboxTenant#setTenantRateLimit}; off by default.
     *
     * @param requestsPerSecond the refill rate; {@code <= 0} switches it off
     * @param burst the bucket size
     * @return this builder
     */
    public Builder tenantRateLimit(int requestsPerSecond, int burst) {
      if (requestsPerSecond > 0 && burst <= 0) {
        throw new IllegalArgumentException("burst must be positive when the rate limit is on");
      }
      this.tenantRatePerSecond = requestsPerSecond;
      this.tenantRateBurst = burst;
      return this;
    }

    /**
     * Worker threads; the default is max(4, 2 x available processors).
     *
     * @param threads how many, at least 1
     * @return this builder
     */
    public Builder executorThreads(int threads) {
      if (threads <= 0) {
        throw new IllegalArgumentException("threads must be positive");
      }
      this.threads = threads;
      return this;
    }

    /**
     * How many sent messages the outbox keeps (default 10,000); older ones are dropped first.
     *
     * @param capacity how many, at least 1
     * @return this builder
     */
    public Builder outboxCapacity(int capacity) {
      if (capacity <= 0) {
        throw new IllegalArgumentException("capacity must be positive");
      }
      this.outboxCapacity = capacity;
      return this;
    }

    /**
     * Receives one line per request ({@code POST /mfa/associate 200}); never a header, body, token or code.
     * Off by default.
     *
     * @param log receives the lines
     * @return this builder
     */
    public Builder log(Consumer<String> log) {
      this.log = log;
      return this;
    }

    /**
     * Serves HTTPS instead of plain HTTP, with a certificate for {@code 127.0.0.1}, {@code localhost} and {@code
     * ::1} signed by a certificate authority made for the purpose; see {@link
     * SandboxTenant#certificateAuthorityPem()}.
     *
     * @return this builder
     */
    public Builder https() {
      this.https = true;
      return this;
    }

    /**
     * The issuer of discovery and tokens (default: the base URL with a trailing slash). Every endpoint in discovery
     * is under it, so give a URL that reaches the tenant (a proxy, a host name mapped to 127.0.0.1), or one that an
     * SDK insists on, such as {@code https://localhost:8443/}. The /mfa/ audience under it is accepted too.
     *
     * @param issuer an absolute http or https URL without query or fragment; kept exactly as given
     * @return this builder
     */
    public Builder issuer(URI issuer) {
      Objects.requireNonNull(issuer, "issuer");
      String scheme = issuer.getScheme();
      if (!issuer.isAbsolute() || issuer.getHost() == null || issuer.getRawQuery() != null
          || issuer.getRawFragment() != null || !("http".equals(scheme) || "https".equals(scheme))) {
        throw new IllegalArgumentException("issuer must be an absolute http(s) URL without query or fragment,"
            + " e.g. https://localhost:8443/");
      }
      this.issuer = issuer;
      return this;
    }

    /**
     * Registers an API from the start, see {@link SandboxTenant#addApi(String)}; call once per API.
     *
     * @param audience the API's identifier, e.g. {@code https://api.example.com/}
     * @return this builder
     * @throws IllegalArgumentException if it is blank, has spaces or control characters, or is over 600 characters
     */
    public Builder api(String audience) {
      apis.add(Tenant.checkApi(audience));
      return this;
    }

    /**
     * Binds 127.0.0.1 and starts serving.
     *
     * @return the running tenant; close it to stop it
     * @throws java.io.UncheckedIOException if the port cannot be bound
     */
    public SandboxTenant start() {
      SandboxTenant tenant = new SandboxTenant(Server.start(port, clock, threads, ratePerSecond, rateBurst,
          outboxCapacity, log, https, issuer));
      tenant.setTenantRateLimit(tenantRatePerSecond, tenantRateBurst);
      apis.forEach(tenant::addApi);
      return tenant;
    }
  }

  /** A java.time view of the virtual clock. */
  private static final class VirtualTime extends Clock {
    private final Tenant tenant;
    private final ZoneId zone;

    VirtualTime(Tenant tenant, ZoneId zone) {
      this.tenant = tenant;
      this.zone = zone;
    }

    @Override
    public ZoneId getZone() {
      return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return new VirtualTime(tenant, zone);
    }

    @Override
    public Instant instant() {
      return tenant.now();
    }
  }
}
