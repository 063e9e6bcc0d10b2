package dev.mfakit.cli;

import dev.mfakit.cli.io.Prompter;
import dev.mfakit.client.MfaClient;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.Help.Ansi;

/**
 * The run the launcher ({@code mfa} at the repository root, {@code bin/mfa} when installed) records into the
 * class-data sharing archive (or, on Java 25 and newer, the AOT cache) it keeps in the user's cache, once, after a
 * first run: in one JVM, what short {@code mfa} runs do ({@code --version}, help, bad input, {@code --sandbox}
 * journeys (SMS, and an authenticator app with its QR code), and the scripted split {@code associate --no-input
 * --state FILE} then {@code verify --state FILE --code CODE} against a loopback sandbox tenant, and the TLS set-up of a client for an https tenant), so the classes of
 * each, HTTP stack included, are archived. Run by the launcher with {@code -XX:ArchiveClassesAtExit},
 * {@code -XX:+AutoCreateSharedArchive} or {@code -XX:AOTCacheOutput} (this class's name is in the launcher); not part
 * of the command. Touches no network beyond loopback, no home directory and no terminal: the environment, config
 * directory and files are its own, in a temporary directory it deletes.
 */
final class CdsTraining {
  private static final String PHONE = "+15555550100";

  private CdsTraining() {}

  /**
   * Runs the training; fails (non-zero exit) when a run does not end as {@code mfa} does, so a broken training
   * cannot go unnoticed.
   *
   * @param args ignored
   * @throws Exception when a run ends otherwise than expected
   */
  public static void main(String[] args) throws Exception {
    // Built (and dropped: its streams are the build's, its prompter may be a terminal) because every real run
    // starts with it, lambdas and prompters included.
    Context.system();
    Path dir = Files.createTempDirectory("mfa-cds-training");
    try (SandboxTenant tenant = SandboxTenant.start()) {
      Map<String, String> env = new HashMap<>();
      env.put("HOME", dir.toString());
      run(env, dir, 0, "--version");
      run(env, dir, 2, "associate", "--phone", "12x");
      run(env, dir, 2, "associate", "--phon", PHONE);
      run(env, dir, 2, "verify", "--code", "12x");
      run(env, dir, 0, "--help");
      run(env, dir, 0, "associate", "--help");
      run(env, dir, 0, "associate", "--sandbox", "--phone", PHONE);
      // An authenticator app's QR code (qrcodegen, the PNG writer) and its code computed as the app would.
      run(env, dir, 0, "associate", "--sandbox", "--authenticator-app", "--qr-file", dir.resolve("qr.png").toString());

      env.put("AUTH0_DOMAIN", tenant.baseUrl().toString());
      env.put("AUTH0_CLIENT_ID", SandboxTenant.CLIENT_ID);
      env.put("AUTH0_CLIENT_SECRET", SandboxTenant.CLIENT_SECRET);
      Path password = dir.resolve("pw.txt");
      Files.writeString(password, SandboxTenant.DEMO_PASSWORD);
      Files.setPosixFilePermissions(password, PosixFilePermissions.fromString("rw-------"));
      String state = dir.resolve("state.json").toString();
      run(env, dir, 0, "associate", "--username", SandboxTenant.DEMO_USERNAME, "--password-file",
          password.toString(), "--phone", PHONE, "--no-input", "--state", state);
      SentMessage sent = tenant.lastMessageTo(PHONE);
      if (sent == null) {
        throw new IllegalStateException("the sandbox sent no code");
      }
      String code = sent.code();
      run(env, dir, 0, "verify", "--state", state, "--code", code, "--json");

      // A real tenant is https: its TLS set-up (trust store, TLS context) is archived too. Building a client sends
      // nothing and resolves no name.
      MfaClient.builder().domain("training.invalid").clientId("training").build();
    } finally {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  /** One {@code mfa} run with its output kept in memory; its exit code must be {@code expected}. */
  private static void run(Map<String, String> env, Path dir, int expected, String... args) throws IOException {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context ctx = new Context(env, new ByteArrayInputStream(new byte[0]), new PrintWriter(out, true),
        new PrintWriter(err, true), new NoPrompt(), dir.resolve("config"), dir, Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()), cleanup -> cleanup.run(), Ansi.OFF, Ansi.OFF);
    int code = Main.run(ctx, args);
    if (code != expected) {
      throw new IllegalStateException("mfa " + String.join(" ", args) + " exited " + code + ", not " + expected
          + ":\n" + err);
    }
  }

  /** No one to ask: every run is as in a script. */
  private static final class NoPrompt implements Prompter {
    @Override
    public boolean canPrompt() {
      return false;
    }

    @Override
    public String readLine(String prompt) {
      throw new IllegalStateException("no prompt in training");
    }

    @Override
    public char[] readSecret(String prompt) {
      throw new IllegalStateException("no prompt in training");
    }
  }
}
