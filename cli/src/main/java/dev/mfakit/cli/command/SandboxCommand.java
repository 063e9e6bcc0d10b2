package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Colours;
import dev.mfakit.client.Mask;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.net.BindException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code mfa sandbox}: serve a local sandbox tenant until Ctrl-C, printing every message it "sends". */
@Command(name = "sandbox",
    customSynopsis = "mfa sandbox [--port N] [--json] [--verbose]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Serve a sandbox tenant on 127.0.0.1 until Ctrl-C: it speaks the Auth0 MFA API, has a demo user,"
            + " and prints every SMS, call and e-mail it would send (with the code) instead of sending it.",
        "--json prints JSON Lines (one JSON object per line, every field always there): the tenant first"
            + " ({base_url, client_id, client_secret, username, password}), then each message ({channel,"
            + " recipient, code, sent_at})."},
    footerHeading = "%nExamples:%n",
    footer = {"  mfa sandbox --port 8787"})
public final class SandboxCommand implements Callable<Integer> {
  private final Context ctx;

  @Option(names = "--port", paramLabel = "N", defaultValue = "0", order = 1,
      description = "Port to listen on (default: 0, any free port).")
  int port;

  @Option(names = "--json", order = 2,
      description = "Print JSON Lines on stdout: one object per line (the tenant, then each message).")
  boolean json;

  @Option(names = "--verbose", order = 3,
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
    SandboxTenant tenant;
    try {
      SandboxTenant.Builder builder = SandboxTenant.builder().port(port);
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
      if (json) {
        Map<String, Object> first = new LinkedHashMap<>();
        first.put("base_url", url);
        first.put("client_id", SandboxTenant.CLIENT_ID);
        first.put("client_secret", SandboxTenant.CLIENT_SECRET);
        first.put("username", SandboxTenant.DEMO_USERNAME);
        first.put("password", SandboxTenant.DEMO_PASSWORD);
        println(Json.compact(first));
      } else {
        println("Sandbox tenant running at @|bold " + url + "|@");
        println("  client id      " + SandboxTenant.CLIENT_ID);
        println("  client secret  " + SandboxTenant.CLIENT_SECRET);
        println("  demo user      " + SandboxTenant.DEMO_USERNAME);
        println("  password       " + SandboxTenant.DEMO_PASSWORD);
        println("try: AUTH0_CLIENT_SECRET=" + SandboxTenant.CLIENT_SECRET + " mfa associate --domain " + url
            + " --client-id " + SandboxTenant.CLIENT_ID + " --username " + SandboxTenant.DEMO_USERNAME
            + " --phone +15555550100");
        println("Messages sent appear below (Ctrl-C to stop):");
      }
      tenant.onMessage(this::print);
      ctx.shutdown().await(tenant::close);
      return ExitCode.OK;
    } finally {
      tenant.close();
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
