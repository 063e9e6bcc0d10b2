package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.Settings;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.io.Settings.Tier;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.ClientAuthentication;
import dev.mfakit.client.InvalidInputException;
import dev.mfakit.client.Mask;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.RequestPacer;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * One run's connection to a tenant: the configured {@link MfaClient}, where each setting came from, and, with
 * {@code --sandbox}, the in-process tenant (closed with the session). Opening a session validates every setting
 * and sends nothing.
 */
final class Session implements AutoCloseable {
  private final MfaClient client;
  private final SandboxTenant sandbox;
  private final Settings settings;

  private Session(MfaClient client, SandboxTenant sandbox, Settings settings) {
    this.client = client;
    this.sandbox = sandbox;
    this.settings = settings;
  }

  MfaClient client() {
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

  /** Where this run's settings come from (for the sign-in's username, realm, audience and scope). */
  Settings settings() {
    return settings;
  }

  /** The user to sign in as, when known before asking: {@code --username}, else the profile's. */
  String username(SignInOptions signIn) {
    return settings.value(Key.USERNAME, signIn.username);
  }

  @Override
  public void close() {
    if (sandbox != null) {
      sandbox.close();
    }
  }

  /**
   * Resolves the tenant settings ({@link Settings}: flag, else state file, else environment, else profile), reads
   * the client credentials and builds the client. With {@code --sandbox}, starts the in-process tenant instead.
   *
   * @param sandbox whether to run against a fresh in-process sandbox tenant instead
   * @param state the state file's values, or null
   * @throws Failure (exit 2) for a missing or invalid setting, before anything is sent
   */
  static Session open(Context ctx, TenantOptions t, boolean sandbox, OutputOptions o, Secrets secrets,
      StateFile state) {
    return open(ctx, t, sandbox, o, secrets, state, null);
  }

  /**
   * The same, with a pacer that every request of the client waits for (a batch).
   *
   * @param pacer the pacer, or null for none
   */
  static Session open(Context ctx, TenantOptions t, boolean sandbox, OutputOptions o, Secrets secrets,
      StateFile state, RequestPacer pacer) {
    MfaClient.Builder b = MfaClient.builder().clock(ctx.clock()).sleeper(ctx.sleeper());
    if (pacer != null) {
      b.pacer(pacer);
    }
    if (o.verbose) {
      b.logger(line -> ctx.err().println(line));
    }
    if (sandbox) {
      SandboxTenant tenant = SandboxTenant.start();
      tenant.onMessage(m -> ctx.err().println("[sandbox] " + describe(m)));
      MfaClient client = b.baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
          .clientSecret(SandboxTenant.CLIENT_SECRET).build();
      return new Session(client, tenant, Settings.flagsOnly());
    }

    Settings settings = Settings.load(ctx.env(), ctx.configHome(), t.profile, state);
    for (String w : settings.warnings()) {
      new Output(ctx, false).warn("Warning: " + w);
    }
    // Each value with the name of its source, so an error says which one to fix.
    Sourced domain = settings.get(Key.DOMAIN, t.domain);
    if (domain == null) {
      throw Failure.usage("no tenant: pass --domain DOMAIN, set AUTH0_DOMAIN, or set domain in "
          + settings.profilesFile() + " (or try --sandbox)");
    }
    Failure noScheme = loopbackWithoutScheme(domain.source(), domain.value());
    if (noScheme != null) {
      throw noScheme;
    }
    try {
      b.domain(domain.value());
    } catch (InvalidInputException e) {
      throw badDomain(domain.source(), e);
    }
    if (t.caFile != null) {
      b.trustCertificateAuthority(certificateAuthority(t.caFile));
    }
    Sourced clientId = settings.get(Key.CLIENT_ID, t.clientId);
    if (clientId == null) {
      throw Failure.usage("no client id: pass --client-id ID, set AUTH0_CLIENT_ID, or set client_id in "
          + settings.profilesFile());
    }
    if (state != null && t.clientId != null && !t.clientId.equals(state.clientId())) {
      throw Failure.usage("--client-id differs from the client in the state file; its mfa_token only works"
          + " with that client. Drop --client-id");
    }
    if (clientId.value().isBlank()) {
      throw Failure.usage(clientId.source() + " is empty. Give the client id from the application's settings");
    }
    try {
      b.clientId(clientId.value());
    } catch (IllegalArgumentException e) {
      throw Failure.usage(clientId.source() + ": the client id must not contain spaces or control characters."
          + " Copy it from the application's settings");
    }
    b.clientAuthentication(clientAuthentication(t, ctx.home(), settings, secrets));
    MfaClient client = b.build();
    if (state != null && t.domain != null && !client.baseUrl().toString().equals(state.domain())) {
      throw Failure.usage("--domain differs from the tenant in the state file (" + state.domain()
          + "); its mfa_token only works there. Drop --domain");
    }
    return new Session(client, null, settings);
  }

  /** The PEM text of {@code --ca-file} (a public certificate: no permission check), checked to hold one. */
  private static String certificateAuthority(Path file) {
    String pem;
    SecureFiles.Unreachable unreachable = SecureFiles.unreachable(file);
    if (unreachable != null) {
      throw Failure.usage("--ca-file: " + file + " " + unreachable.what() + ". " + unreachable.todo());
    }
    try {
      if (java.nio.file.Files.size(file) > 1024 * 1024) {
        throw Failure.usage("--ca-file: " + file + " is over 1 MiB; give the PEM file of the tenant's CA");
      }
      pem = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1);
    } catch (java.io.IOException e) {
      throw Failure.usage("--ca-file: cannot read " + file + " (" + SecureFiles.reason(e, file) + "). Check the path");
    }
    try {
      MfaClient.builder().trustCertificateAuthority(pem);
    } catch (IllegalArgumentException e) {
      throw Failure.usage("--ca-file: " + file + " holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give"
          + " the CA file, e.g. the one mfa sandbox --https wrote");
    }
    return pem;
  }

  /**
   * How the application authenticates: a private key given as a flag wins; then a client secret (flag or
   * environment); then the profile's private key, else its secret file; else none (a public client).
   */
  private static ClientAuthentication clientAuthentication(TenantOptions t, Path home, Settings settings,
      Secrets secrets) {
    if (t.privateKeyFile != null && (t.clientSecret != null || t.clientSecretFile != null)) {
      throw Failure.usage("--private-key-file and --client-secret conflict: a client authenticates one way."
          + " Drop one of them");
    }
    if (t.privateKeyFile != null) {
      return privateKey("--private-key-file", t.privateKeyFile, secrets);
    }
    Sourced secret = settings.get(Key.CLIENT_SECRET, t.clientSecret().readGiven(secrets));
    Sourced key = settings.get(Key.PRIVATE_KEY, (String) null);
    String value;
    if (secret != null && secret.tier() != Tier.PROFILE) {
      value = secret.value();
    } else if (key != null) {
      if (secret != null) {
        throw Failure.usage(settings.profileLabel() + " sets both private_key_file and client_secret_file. Keep"
            + " one");
      }
      return privateKey(key.source(), expand(home, key.value()), secrets);
    } else if (secret != null) {
      value = secrets.readFile(secret.source(), expand(home, secret.value()));
    } else {
      return ClientAuthentication.none();
    }
    Sourced method = settings.get(Key.CLIENT_AUTH, t.clientAuth == null ? null : t.clientAuth.name());
    String how = method == null ? "post" : method.value().toLowerCase(Locale.ROOT);
    if (!how.equals("basic") && !how.equals("post")) {
      throw Failure.usage(method.source() + " must be 'basic' or 'post'. Fix the profile");
    }
    try {
      return how.equals("basic") ? ClientAuthentication.clientSecretBasic(value)
          : ClientAuthentication.clientSecretPost(value);
    } catch (InvalidInputException e) {
      throw Failure.usage("the client secret is not valid (" + e.field() + " " + e.rule() + ")");
    }
  }

  private static ClientAuthentication privateKey(String source, Path file, Secrets secrets) {
    String pem = secrets.readFile(source, file);
    try {
      return ClientAuthentication.privateKeyJwtFromPem(pem);
    } catch (IllegalArgumentException e) {
      throw Failure.usage(source + ": " + file + " is not a PKCS#8 PEM private key ('-----BEGIN PRIVATE"
          + " KEY-----'). If it is a key in another format, convert it and give the result: ",
          "openssl pkcs8 -topk8 -nocrypt -in " + Shell.quote(file) + " -out " + Shell.quote(converted(file)));
    }
  }

  /** Where a converted key goes: beside the given file, never over it ({@code key.pem} -> {@code key.pkcs8.pem}). */
  static Path converted(Path file) {
    String name = file.getFileName() == null ? "key" : file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String stem = dot > 0 ? name.substring(0, dot) : name;
    return file.resolveSibling(stem + ".pkcs8.pem");
  }

  /** {@code ~/x} is relative to the home directory; other relative paths are taken as they are. */
  private static Path expand(Path home, String path) {
    if (path.equals("~") || path.startsWith("~/")) {
      return home.resolve(path.substring(Math.min(2, path.length())));
    }
    return Path.of(path);
  }

  /**
   * A loopback address given without a scheme ({@code 127.0.0.1:8787}): the client would take it for an https
   * tenant, and a plain-HTTP sandbox never answers the TLS handshake (the run would wait out the 30-second timeout).
   *
   * @return the failure to report, or null when the value has a scheme or is not a loopback address
   */
  static Failure loopbackWithoutScheme(String source, String value) {
    String v = value.strip();
    if (v.contains("://") || v.isEmpty()) {
      return null;
    }
    String hostPort = v.contains("/") ? v.substring(0, v.indexOf('/')) : v;
    String host;
    if (hostPort.startsWith("[")) {
      host = hostPort.contains("]") ? hostPort.substring(1, hostPort.indexOf(']')) : hostPort;
    } else if (hostPort.chars().filter(c -> c == ':').count() == 1) {
      host = hostPort.substring(0, hostPort.indexOf(':'));
    } else {
      host = hostPort;
    }
    boolean loopback = host.equalsIgnoreCase("localhost") || host.equals("::1")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    if (!loopback) {
      return null;
    }
    String url = hostPort.contains(":") && !hostPort.startsWith("[") && host.equals("::1") ? "[::1]" : hostPort;
    return Failure.usage(source + " " + v + " has no scheme, so mfa would speak HTTPS to it, which a plain mfa"
        + " sandbox never answers (for mfa sandbox --https, give https:// and --ca-file). Use ", "http://" + url);
  }

  /**
   * A tenant address the client refused, said once in the user's words ({@code --domain}, not {@code baseUrl}),
   * with what to do.
   */
  static Failure badDomain(String source, InvalidInputException e) {
    if (e.kind() == InvalidInputException.Kind.NOT_HTTPS) {
      return Failure.usage(source + " must use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)");
    }
    // The client's "like acme.us.auth0.com" states the rule; the hint below says what to do, once.
    String rule = e.field().equals("domain") && e.kind() == InvalidInputException.Kind.MALFORMED
        ? "must be a host name or an https URL" : e.rule();
    return Failure.usage(source + " " + rule + ". Give the tenant's domain, e.g. ", "acme.us.auth0.com");
  }

  /** How a sandbox message shows on stderr: {@code SMS to +1******0100: code 123456}. */
  static String describe(SentMessage m) {
    FactorKind kind = FactorKind.of(AuthenticatorType.OOB, OobChannel.fromWire(m.channel()));
    String how = kind.message() == null ? m.channel() : kind.message();
    return how + " to " + Mask.recipient(m.recipient()) + ": code " + m.code();
  }
}
