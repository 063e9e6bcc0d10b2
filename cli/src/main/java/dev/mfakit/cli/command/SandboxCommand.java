package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Colours;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.client.Mask;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.io.IOException;
import java.net.BindException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mfa sandbox}: serve a local sandbox tenant until Ctrl-C, printing every message it "sends". */
@Command(name = "sandbox",
    customSynopsis = "mfa sandbox [--port N] [--https [--ca-file FILE]] [--issuer URL] [--rate-limit N [--burst B]]"
        + " [--json] [--verbose]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serve a sandbox tenant on 127.0.0.1 until Ctrl-C: it speaks the Auth0 MFA API and OIDC discovery, has a"
            + " demo user, and prints every SMS, call and e-mail it would send (with the code) instead of sending it,"
            + " and every push waiting for a decision, with the curl line that approves it (its phone is you).",
        "--json prints JSON Lines (one JSON object per line, every field always there): the tenant first"
            + " ({base_url, issuer, ca_file, client_id, client_secret, username, password}; ca_file null without"
            + " --https), then each message ({channel, recipient, code, sent_at}; a push: channel auth0, the"
            + " username, code null)."},
    footerHeading = "%nExamples:%n",
    footer = {"  mfa sandbox --port 8787",
        "  mfa sandbox --https --ca-file ca.pem    then: NODE_EXTRA_CA_CERTS=ca.pem node app.js"})
public final class SandboxCommand implements Callable<Integer> {
  private final Context ctx;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0", order = 1,
      description = "Port to listen on (default: 0, any free port).")
  int port;

  @Option(names = "--https", order = 2,
      description = "Serve HTTPS: a certificate for 127.0.0.1, localhost and ::1, signed by a CA made at start and"
          + " written to --ca-file.")
  boolean https;

  @Option(names = "--ca-file", paramLabel = "FILE", order = 3,
      description = "Where --https writes the CA's PEM, to trust it (NODE_EXTRA_CA_CERTS, curl --cacert, mfa"
          + " --ca-file). Default: sandbox-ca.pem in the config directory (~/.config/mfakit).")
  Path caFile;

  @Option(names = "--issuer", paramLabel = "URL", order = 4,
      description = "The issuer in discovery and tokens; every endpoint in discovery is under it. Default: the URL"
          + " served, with a trailing slash.")
  String issuer;

  @Option(names = "--rate-limit", paramLabel = "N", order = 5,
      description = "Limit the whole tenant to N requests per second on /oauth/token and /mfa/* (all clients"
          + " together; the control API under /sandbox/ is neither limited nor counted), reported in"
          + " X-RateLimit-* as a real tenant reports its limit. Default: 1000 per second per client.")
  Integer rateLimit;

  @Option(names = "--burst", paramLabel = "B", order = 6,
      description = "With --rate-limit: the bucket size, the requests that may come at once (default: N).")
  Integer burst;

  @Option(names = "--json", order = 7,
      description = "Print JSON Lines on stdout: one object per line (the tenant, then each message).")
  boolean json;

  @Option(names = "--verbose", order = 8,
      description = "Log one line per request the tenant serves on stderr (method, path, status; never a body).")
  boolean verbose;

  public SandboxCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw Failure.usage("--port must be between 0 and 65535 (0 picks a free port)");
    }
    if (rateLimit != null && rateLimit < 1) {
      throw Failure.usage("--rate-limit must be at least 1 request per second; leave it out for the default");
    }
    if (burst != null && (rateLimit == null || burst < 1)) {
      throw Failure.usage(rateLimit == null ? "--burst only works with --rate-limit N. Add --rate-limit, or drop --burst"
          : "--burst must be at least 1; leave it out for a burst of N");
    }
    if (caFile != null && !https) {
      throw Failure.usage("--ca-file goes with --https: a plain-http sandbox has no certificate. Add --https");
    }
    SandboxTenant.Builder builder = SandboxTenant.builder().port(port);
    if (issuer != null) {
      try {
        builder.issuer(URI.create(issuer));
      } catch (IllegalArgumentException e) {
        throw Failure.usage("--issuer must be an absolute http(s) URL without query or fragment, e.g."
            + " https://localhost:8443/");
      }
    }
    Path pemFile = https ? (caFile != null ? caFile : ctx.configHome().resolve("sandbox-ca.pem")) : null;
    if (https) {
      builder.https();
    }
    if (rateLimit != null) {
      // The whole tenant's limit alone: the per-client default would cap a single client below it.
      builder.rateLimit(0, 0).tenantRateLimit(rateLimit, burst != null ? burst : rateLimit);
    }
    SandboxTenant tenant;
    try {
      if (verbose) {
        builder.log(this::logRequest);
      }
      tenant = builder.start();
    } catch (RuntimeException e) {
      if (causedBy(e, BindException.class)) {
        throw Failure.usage("port " + port + " is in use; pick another with --port");
      }
      throw e;
    }
    try {
      String url = tenant.baseUrl().toString();
      if (pemFile != null) {
        writeCa(pemFile, tenant.certificateAuthorityPem());
      }
      String trust = pemFile == null ? "" : " --ca-file " + Shell.quote(pemFile);
      if (json) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("base_url", url);
        first.put("issuer", tenant.issuer().toString());
        first.put("ca_file", pemFile == null ? null : pemFile.toString());
        first.put("client_id", SandboxTenant.CLIENT_ID);
        first.put("client_secret", SandboxTenant.CLIENT_SECRET);
        first.put("username", SandboxTenant.DEMO_USERNAME);
        first.put("password", SandboxTenant.DEMO_PASSWORD);
        println(Json.compact(first));
      } else {
        println("Sandbox tenant running at @|bold " + url + "|@");
        if (!tenant.issuer().toString().equals(url + "/")) {
          println("  issuer         " + tenant.issuer());
        }
        if (pemFile != null) {
          println("  CA certificate " + pemFile + "  (trust it: NODE_EXTRA_CA_CERTS, curl --cacert, mfa --ca-file)");
        }
        println("  client id      " + SandboxTenant.CLIENT_ID);
        println("  client secret  " + SandboxTenant.CLIENT_SECRET);
        println("  demo user      " + SandboxTenant.DEMO_USERNAME);
        println("  password       " + SandboxTenant.DEMO_PASSWORD);
        if (rateLimit != null) {
          println("  rate limit     " + rateLimit + " requests/s for the whole tenant, burst "
              + (burst != null ? burst : rateLimit) + " (counts: GET " + url + "/sandbox/stats)");
        }
        println("  approve a push " + pushLine(url, pemFile, "approve") + "  (or .../push/reject)");
        println("try: AUTH0_CLIENT_SECRET=" + SandboxTenant.CLIENT_SECRET + " mfa associate --domain " + url
            + trust + " --client-id " + SandboxTenant.CLIENT_ID + " --username " + SandboxTenant.DEMO_USERNAME
            + " --phone +15555550100");
        println("Messages sent and pushes waiting appear below (Ctrl-C to stop):");
      }
      tenant.onMessage(this::print);
      tenant.onPush(username -> printPush(tenant, url, pemFile, username));
      ctx.shutdown().await(tenant::close);
      return ExitCode.OK;
    } finally {
      tenant.close();
    }
  }

  /** The CA's PEM (public: a certificate, no key), replaced atomically so a reader never sees half of it. */
  private static void writeCa(Path file, String pem) {
    try {
      Path target = file.toAbsolutePath();
      Files.createDirectories(target.getParent());
      Path tmp = Files.createTempFile(target.getParent(), ".sandbox-ca", ".tmp");
      try {
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw Failure.usage("--ca-file: cannot write " + file + " (" + SecureFiles.reason(e, file) + "). Pick another"
          + " path with --ca-file");
    }
  }

  private synchronized void logRequest(String line) {
    ctx.err().println("[sandbox] " + line);
    ctx.err().flush();
  }

  private void print(SentMessage m) {
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("channel", m.channel());
      line.put("recipient", Mask.recipient(m.recipient()));
      line.put("code", m.code());
      line.put("sent_at", Json.time(m.sentAt()));
      println(Json.compact(line));
    } else {
      println(Session.describe(m));
    }
  }

  /** The curl line that approves (or rejects) the demo user's newest push. */
  private static String pushLine(String url, Path pemFile, String decision) {
    return "curl -s -X POST " + (pemFile == null ? "" : "--cacert " + Shell.quote(pemFile) + " ") + url
        + "/sandbox/push/" + decision
        + " -H 'Content-Type: application/json' -d '{\"username\":\"" + SandboxTenant.DEMO_USERNAME + "\"}'";
  }

  private void printPush(SandboxTenant tenant, String url, Path pemFile, String username) {
    if (json) {
      Map<String, Object> line = new LinkedHashMap<>();
      line.put("channel", "auth0");
      line.put("recipient", username);
      line.put("code", null);
      line.put("sent_at", Json.time(tenant.now()));
      println(Json.compact(line));
    } else {
      println("push to " + username + " waiting: approve it with "
          + pushLine(url, pemFile, "approve").replace(SandboxTenant.DEMO_USERNAME, username) + " (or reject)");
    }
  }

  private synchronized void println(String line) {
    ctx.out().println(json ? line : Colours.render(ctx.ansi(), line));
    ctx.out().flush();
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }
}
