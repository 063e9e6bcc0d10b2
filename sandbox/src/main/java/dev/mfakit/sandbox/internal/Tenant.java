package dev.mfakit.sandbox.internal;

import dev.mfakit.sandbox.Factor;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxStats;
import dev.mfakit.sandbox.SentMessage;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The state of one sandbox tenant: users, clients, live tokens and codes, settings, outbox and clock.
 * Not part of the public API: {@code SandboxTenant} is the supported way in.
 *
 * <p>Concurrency: the registries are {@link ConcurrentHashMap}s; everything that belongs to one user is
 * changed under that user's lock; settings are volatile. There is no tenant-wide lock on the request path.
 */
public final class Tenant {
  /** The tenant's friendly name, shown in otpauth URIs and message texts. */
  public static final String NAME = "mfakit sandbox";
  /** The one database connection, for the password-realm grant. */
  public static final String REALM = "Username-Password-Authentication";

  // Protocol doc §9: mfa_token 10 minutes; SMS/voice/e-mail codes and the push QR 5 minutes.
  static final long MFA_TOKEN_TTL_MS = 10 * 60_000L;
  static final long OOB_CODE_TTL_MS = 5 * 60_000L;
  static final long DEFAULT_TOKEN_SECONDS = 86_400;
  static final long MFA_AUDIENCE_TOKEN_SECONDS = 600;
  private static final long SWEEP_EVERY_MS = 10_000;
  private static final int MAX_PENDING_PUSHES = 8;

  final VirtualClock clock;
  final Codes codes = new Codes();
  final SignedTokens tokens;
  final Outbox outbox;
  private final List<Consumer<String>> pushListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
  /**
   * The names a client may call us by, without a trailing slash: {@code SCHEME://127.0.0.1:PORT}, {@code
   * SCHEME://localhost:PORT}, with HTTPS {@code https://[::1]:PORT} (the certificate's names), and the issuer's base
   * when it is another. The /mfa/ audience and client assertions' {@code aud} may use any of them.
   */
  final List<String> bases;
  /** The issuer: in discovery, in every token's {@code iss}; its base prefixes every endpoint in discovery. */
  final String issuer;
  final long keyTimestamp;
  /** The discovery document, made on the first request for it: it depends on the issuer only. */
  private volatile byte[] discovery;

  final ConcurrentHashMap<String, User> users = new ConcurrentHashMap<>();
  final ConcurrentHashMap<String, User> usersById = new ConcurrentHashMap<>();
  final ConcurrentHashMap<String, Client> clients = new ConcurrentHashMap<>();
  final ConcurrentHashMap<String, MfaSession> mfaTokens = new ConcurrentHashMap<>();
  final ConcurrentHashMap<String, OobCode> oobCodes = new ConcurrentHashMap<>();
  /** client-assertion jti values seen, with their expiry, so each works once. */
  final ConcurrentHashMap<String, Long> usedJtis = new ConcurrentHashMap<>();
  final ConcurrentHashMap<String, TokenBucket> rateBuckets = new ConcurrentHashMap<>();
  /** The identifiers of the APIs registered besides the built-in ones (the /mfa/ API, {issuer}userinfo). */
  private final Set<String> apis = ConcurrentHashMap.newKeySet();

  private volatile Set<Factor> enabledFactors = EnumSet.allOf(Factor.class);
  volatile boolean recoveryCodesEnabled = true;
  volatile boolean recoveryCodeOnFirstAssociationOnly = true;
  volatile boolean mfaRequirementsIncluded;
  private volatile int ratePerSecond;
  private volatile int rateBurst;
  /** The limit of the whole tenant (every client and IP together), or null when off (the default). */
  private volatile TokenBucket tenantBucket;
  private volatile int tenantRatePerSecond;
  final Stats stats = new Stats();
  private final AtomicLong nextSweep = new AtomicLong();

  /**
   * @param base {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}, no trailing slash
   * @param issuer the issuer, or null for {@code base + "/"} (a real issuer ends with a slash)
   * @param clock the base clock that the virtual clock offsets
   * @param outboxCapacity how many sent messages to keep
   * @param ratePerSecond global request rate per client; {@code <= 0} disables it
   * @param rateBurst bucket size of the global rate
   */
  Tenant(String base, String issuer, Clock clock, int outboxCapacity, int ratePerSecond, int rateBurst) {
    this.clock = new VirtualClock(clock);
    this.issuer = issuer != null ? issuer : base + "/";
    List<String> names = new ArrayList<>(List.of(base, base.replace("://127.0.0.1:", "://localhost:")));
    if (base.startsWith("https:")) {
      names.add(base.replace("://127.0.0.1:", "://[::1]:"));
    }
    String issuerBase = withoutTrailingSlash(this.issuer);
    if (!names.contains(issuerBase)) {
      names.add(issuerBase);
    }
    this.bases = List.copyOf(names);
    this.tokens = new SignedTokens(codes, this.issuer);
    this.outbox = new Outbox(outboxCapacity);
    this.keyTimestamp = clock.millis() / 1000;
    setRateLimit(ratePerSecond, rateBurst);
  }

  static String withoutTrailingSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The discovery document (racing first requests make the same bytes). */
  byte[] discovery() {
    byte[] d = discovery;
    if (d == null) {
      d = Oidc.discovery(issuer);
      discovery = d;
    }
    return d;
  }

  /** The issuer, as in discovery and tokens. */
  public String issuer() {
    return issuer;
  }

  // ---- clock and housekeeping ----------------------------------------------------------------------

  /** The virtual time. */
  public Instant now() {
    return clock.instant();
  }

  long millis() {
    long now = clock.millis();
    maybeSweep(now);
    return now;
  }

  /** Moves the virtual clock forward and sweeps at once. */
  public void advanceClock(Duration d) {
    clock.advance(d);
    sweep(clock.millis());
  }

  private void maybeSweep(long now) {
    long next = nextSweep.get();
    if (now >= next && nextSweep.compareAndSet(next, now + SWEEP_EVERY_MS)) {
      sweep(now);
    }
  }

  /** Drops every expired token, code, jti and every rate bucket that is full again. */
  void sweep(long now) {
    mfaTokens.values().removeIf(s -> s.expiresAt() <= now);
    oobCodes.values().removeIf(o -> o.expiresAt <= now);
    usedJtis.values().removeIf(exp -> exp <= now);
    rateBuckets.values().removeIf(b -> b.fullAt(now) <= now);
  }

  /** Live entries in the evictable registries (for tests of eviction). */
  public int stateSize() {
    return mfaTokens.size() + oobCodes.size() + usedJtis.size() + rateBuckets.size();
  }

  // ---- users and clients --------------------------------------------------------------------------

  static String userKey(String username) {
    // Auth0 database connections match e-mail addresses case-insensitively.
    return username.toLowerCase(Locale.ROOT);
  }

  /** Adds a user; false if the username is taken. */
  public boolean addUser(String username, String password, boolean mfa) {
    if (username == null || username.isBlank()) {
      throw new IllegalArgumentException("username must not be blank");
    }
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("password must not be empty");
    }
    User user = new User("auth0|" + Codes.randomHex(12), username, password, mfa, clock.millis());
    if (users.putIfAbsent(userKey(username), user) != null) {
      return false;
    }
    usersById.put(user.id, user);
    return true;
  }

  User user(String username) {
    return users.get(userKey(username));
  }

  /** Every grant_type the tenant knows, in a stable order. */
  public static Set<String> knownGrantTypes() {
    return TokenEndpoint.GRANTS;
  }

  /** Adds or replaces a confidential client that may use every grant. */
  public void addClient(String clientId, String secret) {
    addClient(clientId, secret, TokenEndpoint.GRANTS);
  }

  /**
   * Adds or replaces a confidential client that may use the given grants only.
   *
   * @param grantTypes grant_type values, each one of {@link #knownGrantTypes()}
   */
  public void addClient(String clientId, String secret, java.util.Collection<String> grantTypes) {
    requireClientId(clientId);
    if (secret == null || secret.isEmpty()) {
      throw new IllegalArgumentException("clientSecret must not be empty");
    }
    clients.put(clientId, new Client(clientId, Client.Method.SECRET, secret, null, requireGrants(grantTypes)));
  }

  /** Adds or replaces a public client that may use the given grants (every one when null). */
  public void addPublicClient(String clientId, java.util.Collection<String> grantTypes) {
    requireClientId(clientId);
    clients.put(clientId, new Client(clientId, Client.Method.NONE, null, null,
        grantTypes == null ? TokenEndpoint.GRANTS : requireGrants(grantTypes)));
  }

  /** Adds or replaces a public client. */
  public void addPublicClient(String clientId) {
    addPublicClient(clientId, null);
  }

  /** Adds or replaces a private_key_jwt client with its RSA public key. */
  public void addPrivateKeyJwtClient(String clientId, PublicKey key) {
    requireClientId(clientId);
    if (key == null || !"RSA".equals(key.getAlgorithm())) {
      throw new IllegalArgumentException("an RSA public key is required");
    }
    clients.put(clientId, new Client(clientId, Client.Method.PRIVATE_KEY_JWT, null, key, TokenEndpoint.GRANTS));
  }

  /**
   * Registers an API, so that tokens may be asked for with its identifier as {@code audience} (Dashboard: Applications
   * &gt; APIs &gt; Create API). Identifiers compare exactly, as a real tenant's do.
   *
   * @param audience the API's identifier, e.g. {@code https://api.example.com/}
   * @return false if it was registered already
   */
  public boolean addApi(String audience) {
    return apis.add(checkApi(audience));
  }

  /**
   * Checks an API identifier before it is registered.
   *
   * @return {@code audience}
   * @throws IllegalArgumentException if it is blank, has spaces or control characters, or is over 600 characters
   */
  public static String checkApi(String audience) {
    if (audience == null || audience.isBlank() || audience.length() > 600
        || audience.codePoints().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      throw new IllegalArgumentException("audience must be a non-blank identifier without spaces or control"
          + " characters, at most 600 characters, e.g. https://api.example.com/");
    }
    return audience;
  }

  /**
   * Whether the tenant has an API with this identifier: its own /mfa/ API (under any of its names), {@code
   * {issuer}userinfo}, or one registered with {@link #addApi}.
   */
  boolean hasApi(String audience) {
    return isMfaAudience(audience) || audience.equals(tokens.userinfoAudience()) || apis.contains(audience);
  }

  private static Set<String> requireGrants(java.util.Collection<String> grantTypes) {
    if (grantTypes == null) {
      throw new IllegalArgumentException("grantTypes must not be null");
    }
    for (String g : grantTypes) {
      if (!TokenEndpoint.GRANTS.contains(g)) {
        throw new IllegalArgumentException("unknown grant type '" + g + "'; known: "
            + String.join(", ", TokenEndpoint.GRANTS));
      }
    }
    return Set.copyOf(grantTypes);
  }

  private static void requireClientId(String clientId) {
    if (clientId == null || clientId.isBlank()) {
      throw new IllegalArgumentException("clientId must not be blank");
    }
  }

  // ---- settings ------------------------------------------------------------------------------------

  /** Switches a factor for new enrollments (copy-on-write, so readers take no lock). */
  public synchronized void setFactorEnabled(Factor factor, boolean enabled) {
    EnumSet<Factor> next = EnumSet.noneOf(Factor.class);
    next.addAll(enabledFactors);
    if (enabled) {
      next.add(factor);
    } else {
      next.remove(factor);
    }
    enabledFactors = next;
  }

  boolean factorEnabled(Factor factor) {
    return enabledFactors.contains(factor);
  }

  /** Switches recovery codes on or off. */
  public void setRecoveryCodesEnabled(boolean enabled) {
    recoveryCodesEnabled = enabled;
  }

  /**
   * Whether {@code recovery_codes} comes with the first association only (true, as recorded) or with every
   * association until one is confirmed (false: each shows the same code).
   */
  public void setRecoveryCodeOnFirstAssociationOnly(boolean onlyFirst) {
    recoveryCodeOnFirstAssociationOnly = onlyFirst;
  }

  /**
   * Marks the user's e-mail address (the username) verified or not. A verified address is listed as an active
   * e-mail authenticator (while the e-mail factor is on) that cannot be deleted and does not count as enrolled.
   *
   * @throws IllegalArgumentException if there is no such user, or the username is not an e-mail address
   */
  public void setEmailVerified(String username, boolean verified) {
    User user = requireUser(username);
    if (user.email() == null) {
      throw new IllegalArgumentException("the username is not an e-mail address");
    }
    synchronized (user) {
      user.emailVerified = verified;
      Authenticator existing = user.verifiedEmailAuthenticator();
      if (verified && existing == null) {
        user.authenticators.add(0, new Authenticator("email|" + Codes.authenticatorSuffix(), Kind.EMAIL,
            user.nextGroup++, user.email(), MfaEndpoints.maskEmail(user.email()), null, true));
      } else if (!verified && existing != null) {
        user.authenticators.remove(existing);
      }
    }
  }

  /** Whether mfa_requirements and the list's type field are sent. */
  public void setMfaRequirementsIncluded(boolean included) {
    mfaRequirementsIncluded = included;
  }

  /** Sets the global rate; {@code perSecond <= 0} switches it off. Resets every bucket. */
  public void setRateLimit(int perSecond, int burst) {
    if (perSecond > 0 && burst <= 0) {
      throw new IllegalArgumentException("burst must be positive when the rate limit is on");
    }
    this.rateBurst = burst;
    this.ratePerSecond = perSecond;
    rateBuckets.clear();
  }

  /**
   * Sets the limit of the whole tenant: every request to /oauth/token and /mfa/* takes a token from one bucket,
   * whoever sends it; {@code perSecond <= 0} switches it off. The bucket starts full.
   */
  public void setTenantRateLimit(int perSecond, int burst) {
    if (perSecond > 0 && burst <= 0) {
      throw new IllegalArgumentException("burst must be positive when the rate limit is on");
    }
    tenantRatePerSecond = Math.max(0, perSecond);
    tenantBucket = perSecond > 0 ? new TokenBucket(burst, 1000.0 / perSecond, clock.millis()) : null;
  }

  /** The whole tenant's bucket, or null when that limit is off. */
  TokenBucket tenantBucket() {
    return tenantBucket;
  }

  /** The global bucket for a caller, or null when the global limit is off. */
  TokenBucket rateBucket(String key, long now) {
    int perSecond = ratePerSecond;
    if (perSecond <= 0) {
      return null;
    }
    TokenBucket b = rateBuckets.get(key);
    if (b == null) {
      b = rateBuckets.computeIfAbsent(key, k -> new TokenBucket(rateBurst, 1000.0 / perSecond, now));
    }
    return b;
  }

  // ---- outbox and push --------------------------------------------------------------------------------

  void send(String channel, String recipient, String code, boolean enrollment, long now) {
    String text = switch (channel) {
      case "sms" -> enrollment
          ? code + " is your verification code for " + NAME + ". Please enter this code to verify your enrollment."
          : code + " is your verification code for " + NAME + ".";
      case "voice" -> "Your verification code for " + NAME + " is " + code + ".";
      default -> NAME + ": your verification code is " + code + ". It expires in 5 minutes.";
    };
    stats.messageSent();
    outbox.send(new SentMessage(Instant.ofEpochMilli(now), channel, recipient, code, text));
  }

  /** The outbox, newest last. */
  public List<SentMessage> messages() {
    return outbox.all();
  }

  /** The newest message to a recipient, or null. */
  public SentMessage lastMessageTo(String recipient) {
    return outbox.lastTo(recipient);
  }

  /** Adds a listener called synchronously for every message sent. */
  public void onMessage(Consumer<SentMessage> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    outbox.addListener(listener);
  }

  /** Adds a listener called synchronously with the username each time a push starts waiting for a decision. */
  public void onPush(Consumer<String> listener) {
    if (listener == null) {
      throw new IllegalArgumentException("listener must not be null");
    }
    pushListeners.add(listener);
  }

  /** Remembers a push that waits for a decision, and tells the listeners (caller holds the user's lock). */
  void addPendingPush(User user, OobCode code, long now) {
    prunePushes(user, now);
    if (user.pendingPushes.size() == MAX_PENDING_PUSHES) {
      user.pendingPushes.removeFirst();
    }
    user.pendingPushes.addLast(code);
    for (Consumer<String> listener : pushListeners) {
      try {
        listener.accept(user.username);
      } catch (RuntimeException e) {
        // A faulty listener must not turn a push into a failed request.
      }
    }
  }

  private static void prunePushes(User user, long now) {
    user.pendingPushes.removeIf(c -> c.used || c.push != OobCode.Push.PENDING || c.expiresAt <= now);
  }

  /**
   * Approves or rejects the user's most recent pending push.
   *
   * @return false if none is pending
   * @throws IllegalArgumentException if there is no such user
   */
  public boolean decidePush(String username, boolean approve) {
    User user = requireUser(username);
    long now = millis();
    synchronized (user) {
      prunePushes(user, now);
      OobCode code = user.pendingPushes.pollLast();
      if (code == null) {
        return false;
      }
      code.push = approve ? OobCode.Push.APPROVED : OobCode.Push.REJECTED;
      return true;
    }
  }

  User requireUser(String username) {
    User user = username == null ? null : user(username);
    if (user == null) {
      throw new IllegalArgumentException("no such user");
    }
    return user;
  }

  /** A snapshot of the user's authenticators, in enrollment order. */
  public List<SandboxAuthenticator> authenticators(String username) {
    User user = requireUser(username);
    synchronized (user) {
      List<SandboxAuthenticator> out = new ArrayList<>(user.authenticators.size());
      for (Authenticator a : user.authenticators) {
        if (listed(a)) {
          out.add(new SandboxAuthenticator(a.id, a.kind.authenticatorType, a.kind.oobChannel, a.active));
        }
      }
      return List.copyOf(out);
    }
  }

  // ---- statistics --------------------------------------------------------------------------------------

  /** What the tenant served so far (see {@link SandboxStats}). */
  public SandboxStats stats() {
    Map<String, Integer> associations = new LinkedHashMap<>();
    for (User user : users.values()) {
      int n = user.associations;
      if (n > 0) {
        associations.put(user.username, n);
      }
    }
    Map<Integer, Long> byStatus = new TreeMap<>();
    for (int status = 100; status < 600; status++) {
      long n = stats.byStatus(status);
      if (n > 0) {
        byStatus.put(status, n);
      }
    }
    long first = stats.first();
    long last = stats.last();
    return new SandboxStats(stats.requests(), stats.rateLimited(), associations, stats.messages(), byStatus,
        first == Long.MIN_VALUE ? null : Instant.ofEpochMilli(first),
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last));
  }

  /** The whole tenant's limit as set: requests per second (0 when off) and burst. */
  int[] tenantRateLimit() {
    TokenBucket b = tenantBucket;
    return b == null ? new int[] {0, 0} : new int[] {tenantRatePerSecond, b.capacity};
  }

  // ---- helpers shared by the endpoints -------------------------------------------------------------

  /**
   * Whether an authenticator shows in lists and can be challenged: all do, except a verified e-mail address while
   * the e-mail factor is off. GUESS (docs/protocol.md, "Authenticators"): the address is an e-mail authenticator
   * because the factor is on.
   */
  boolean listed(Authenticator a) {
    return !a.verifiedEmail || factorEnabled(Factor.EMAIL);
  }

  boolean isMfaAudience(String audience) {
    if (audience == null) {
      return false;
    }
    for (String base : bases) {
      if (audience.equals(base + "/mfa/") || audience.equals(base + "/mfa")) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes the mfa_requirements member for a user (caller holds the user's lock): the factor types to challenge
   * once enrolled, else the enabled ones to enroll.
   */
  void writeMfaRequirements(Json.Out out, User user) {
    out.name("mfa_requirements").beginObject();
    if (user.enrolled()) {
      Set<String> types = new LinkedHashSet<>();
      for (Authenticator a : user.authenticators) {
        if (a.active && listed(a)) {
          types.add(a.kind.type);
        }
      }
      writeTypes(out.name("challenge"), types);
    } else {
      Set<String> types = new LinkedHashSet<>();
      if (factorEnabled(Factor.SMS) || factorEnabled(Factor.VOICE)) {
        types.add("phone");
      }
      if (factorEnabled(Factor.OTP)) {
        types.add("otp");
      }
      if (factorEnabled(Factor.PUSH)) {
        types.add("push-notification");
      }
      if (factorEnabled(Factor.EMAIL)) {
        types.add("email");
      }
      writeTypes(out.name("enroll"), types);
    }
    out.endObject();
  }

  private static void writeTypes(Json.Out out, Set<String> types) {
    out.beginArray();
    for (String type : types) {
      out.beginObject().field("type", type).endObject();
    }
    out.endArray();
  }
}
