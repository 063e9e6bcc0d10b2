package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.io.Profiles;
import dev.mfakit.cli.io.SecretOption;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.ClientAuthentication;
import dev.mfakit.client.Mask;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.OobChannel;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * One run's connection to a tenant: the configured {@link MfaClient}, where each setting came from, and, with
 * {@code --sandbox}, the in-process tenant (closed with the session). Opening a session validates every setting
 * and sends nothing.
 */
public final class Session implements AutoCloseable {
  private final MfaClient client;
  private final SandboxTenant sandbox;
  private final Map<String, String> profile;

  private Session(MfaClient client, SandboxTenant sandbox, Map<String, String> profile) {
    this.client = client;
    this.sandbox = sandbox;
    this.profile = profile;
  }

  public MfaClient client() {
    return client;
  }

  /** The base URL in use, as written to state files ({@code https://acme.us.auth0.com}). */
  String baseUrl() {
    return client.baseUrl().toString();
  }

  /** The in-process sandbox tenant, or null when not running with {@code --sandbox}. */
  SandboxTenant sandbox() {
    return sandbox;
  }

  /** The user to sign in as, when known before asking: {@code --username}, else the profile's. */
  String username(SignInOptions signIn) {
    return signIn.username != null ? signIn.username : profileValue("username");
  }

  /** A value of the selected profile (e.g. {@code username}), or null. */
  public String profileValue(String key) {
    return profile.get(key);
  }

  @Override
  public void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /**
   * Resolves the tenant settings (flags > state file > environment > profile), reads the client credentials and
   * builds the client. With {@code --sandbox}, starts the in-process tenant instead.
   *
   * @param sandbox whether to run against a fresh in-process sandbox tenant instead
   * @param state the state file's values, or null
   * @throws Failure (exit 2) for a missing or invalid setting, before anything is sent
   */
  static Session open(Context ctx, TenantOptions t, boolean sandbox, OutputOptions o, Secrets secrets,
      StateFile state) {
    MfaClient.Builder b = MfaClient.builder().clock(ctx.clock()).sleeper(ctx.sleeper());
    if (o.verbose) {
      b.logger(line -> ctx.err().println(line));
    }
    if (sandbox) {
      SandboxTenant tenant = SandboxTenant.start();
      tenant.onMessage(m -> ctx.err().println("[sandbox] " + describe(m)));
      MfaClient client = b.baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).build();
      return new Session(client, tenant, Map.of());
    }

    Map<String, String> env = ctx.env();
    String profileName = t.profile != null ? t.profile : blankToNull(env.get("MFA_PROFILE"));
    Profiles profiles = Profiles.load(ctx.configHome().resolve("profiles"));
    Map<String, String> profile = profiles.select(profileName == null ? "default" : profileName,
        profileName != null);
    String profileLabel = "profile '" + (profileName == null ? "default" : profileName) + "'";

    // Tenant: each value with the name of its source, so an error says which one to fix.
    Sourced domain = first(
        Sourced.of(t.domain, "--domain"),
        Sourced.of(state == null ? null : state.domain(), "the state file"),
        Sourced.of(blankToNull(env.get("AUTH0_DOMAIN")), "AUTH0_DOMAIN"),
        Sourced.of(profile.get("domain"), profileLabel + " domain"));
    if (domain == null) {
      throw Failure.usage("no tenant: pass --domain DOMAIN, set AUTH0_DOMAIN, or set domain in "
          + profiles.file() + " (or try --sandbox)");
    }
    try {
      b.domain(domain.value());
    } catch (IllegalArgumentException e) {
      throw badDomain(domain.source(), e.getMessage());
    }
    Sourced clientId = first(
        Sourced.of(t.clientId, "--client-id"),
        Sourced.of(state == null ? null : state.clientId(), "the state file"),
        Sourced.of(blankToNull(env.get("AUTH0_CLIENT_ID")), "AUTH0_CLIENT_ID"),
        Sourced.of(profile.get("client_id"), profileLabel + " client_id"));
    if (clientId == null) {
      throw Failure.usage("no client id: pass --client-id ID, set AUTH0_CLIENT_ID, or set client_id in "
          + profiles.file());
    }
    if (state != null && t.clientId != null && !t.clientId.equals(state.clientId())) {
      throw Failure.usage("--client-id differs from the client in the state file; its mfa_token only works"
          + " with that client. Drop --client-id");
    }
    try {
      b.clientId(clientId.value());
    } catch (IllegalArgumentException e) {
      throw Failure.usage(clientId.source() + ": the client id must not contain spaces or control characters."
          + " Copy it from the application's settings");
    }
    b.clientAuthentication(clientAuthentication(t, ctx.home(), profile, profileLabel, secrets));
    MfaClient client = b.build();
    if (state != null && t.domain != null && !client.baseUrl().toString().equals(state.domain())) {
      throw Failure.usage("--domain differs from the tenant in the state file (" + state.domain()
          + "); its mfa_token only works there. Drop --domain");
    }
    return new Session(client, null, profile);
  }

  private static ClientAuthentication clientAuthentication(TenantOptions t, Path home,
      Map<String, String> profile, String profileLabel, Secrets secrets) {
    if (t.privateKeyFile != null && (t.clientSecret != null || t.clientSecretFile != null)) {
      throw Failure.usage("--private-key-file and --client-secret conflict: a client authenticates one way."
          + " Drop one of them");
    }
    if (t.privateKeyFile != null) {
      return privateKey("--private-key-file", t.privateKeyFile, secrets);
    }
    SecretOption.Sourced flagOrEnv = t.clientSecret().readGiven(secrets);
    if (flagOrEnv == null) {
      flagOrEnv = t.clientSecret().readEnv(secrets);
    }
    String secret = null;
    if (flagOrEnv != null) {
      secret = flagOrEnv.value();
    } else if (profile.get("private_key_file") != null) {
      if (profile.get("client_secret_file") != null) {
        throw Failure.usage(profileLabel + " sets both private_key_file and client_secret_file. Keep one");
      }
      return privateKey(profileLabel + " private_key_file", expand(home, profile.get("private_key_file")), secrets);
    } else if (profile.get("client_secret_file") != null) {
      secret = secrets.readFile(profileLabel + " client_secret_file", expand(home, profile.get("client_secret_file")));
    }
    if (secret == null) {
      return ClientAuthentication.none();
    }
    String method;
    if (t.clientAuth != null) {
      method = t.clientAuth.name();
    } else if (profile.get("client_auth") != null) {
      method = profile.get("client_auth").toLowerCase(Locale.ROOT);
      if (!method.equals("basic") && !method.equals("post")) {
        throw Failure.usage(profileLabel + " client_auth must be 'basic' or 'post'. Fix the profile");
      }
    } else {
      method = "post";
    }
    try {
      return method.equals("basic") ? ClientAuthentication.clientSecretBasic(secret)
          : ClientAuthentication.clientSecretPost(secret);
    } catch (IllegalArgumentException e) {
      throw Failure.usage("the client secret is not valid (" + oneLine(e.getMessage()) + ")");
    }
  }

  private static ClientAuthentication privateKey(String source, Path file, Secrets secrets) {
    String pem = secrets.readFile(source, file);
    try {
      return ClientAuthentication.privateKeyJwtFromPem(pem);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(source + ": " + file + " is not a PKCS#8 PEM private key ('-----BEGIN PRIVATE"
          + " KEY-----'). Convert it with: ", "openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
    }
  }

  /** {@code ~/x} is relative to the home directory; other relative paths are taken as they are. */
  private static Path expand(Path home, String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return home.resolve(path.substring(Math.min(2, path.length())));
    }
    return Path.of(path);
  }

  /**
   * The client says "baseUrl must use https (plain http is allowed only for loopback hosts)": say it once, in the
   * user's words ({@code --domain}, not {@code baseUrl}), with what to do.
   */
  static Failure badDomain(String source, String clientMessage) {
    String why = oneLine(clientMessage).replaceFirst("^(baseUrl|domain) ", "");
    if (why.startsWith("must use https")) {
      return Failure.usage(source + " must use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)");
    }
    if (why.startsWith("must be a host name")) {
      // The client's "like acme.us.auth0.com" states the rule; the hint below says what to do, once.
      why = "must be a host name or an https URL";
    }
    return Failure.usage(source + " " + why + ". Give the tenant's domain, e.g. ", "acme.us.auth0.com");
  }

  /** How a sandbox message shows on stderr: {@code SMS to +1******0100: code 123456}. */
  static String describe(SentMessage m) {
    FactorKind kind = FactorKind.of(AuthenticatorType.OOB, OobChannel.fromWire(m.channel()));
    String how = kind.message() == null ? m.channel() : kind.message();
    return how + " to " + Mask.recipient(m.recipient()) + ": code " + m.code();
  }

  public static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  private static Sourced first(Sourced... candidates) {
    for (Sourced c : candidates) {
      if (c != null) {
        return c;
      }
    }
    return null;
  }

  /** A setting's value and where it came from. */
  private record Sourced(String value, String source) {
    static Sourced of(String value, String source) {
      return value == null ? null : new Sourced(value, source);
    }
  }
}
