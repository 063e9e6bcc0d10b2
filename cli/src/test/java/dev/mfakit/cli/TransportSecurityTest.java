package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The CLI's side of transport security: a certificate it cannot verify ends the run with exit 4 and one line,
 * nothing is sent and nothing retried; plain http to a remote host is bad input; and no option turns
 * verification off.
 */
class TransportSecurityTest {
  @TempDir Path dir;

  @Test
  void anUntrustedCertificateIsExit4OneLineNothingSentNothingRetried() throws Exception {
    Path store = dir.resolve("server.p12");
    Process keytool = new ProcessBuilder(Paths.get(System.getProperty("java.home"), "bin", "keytool").toString(),
        "-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2", "-dname",
        "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12", "-keystore",
        store.toString(), "-storepass", "changeit", "-keypass", "changeit").redirectErrorStream(true)
        .redirectOutput(dir.resolve("keytool.log").toFile()).start();
    assertTrue(keytool.waitFor(60, TimeUnit.SECONDS) && keytool.exitValue() == 0, "keytool failed");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);

    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(tls.getSocketFactory());
      server.start();
      for (int i = 0; i < 3; i++) {
        server.enqueue(new MockResponse.Builder().body("[]").build());
      }
      String url = "https://127.0.0.1:" + server.getPort();
      Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "tls-client").env("MFA_TOKEN", "Fe26.2**t");

      Path state = dir.resolve("s.json");
      Cli.Result list = cli.run("authenticators", "list", "--domain", url);
      // A POST: the associate that starts a split enrollment (it would send the code).
      Cli.Result associate = cli.run("associate", "--domain", url, "--phone", "+15551234567", "--no-input",
          "--state", state.toString());

      for (Cli.Result r : List.of(list, associate)) {
        assertEquals(4, r.exit(), r::toString);
        assertEquals(List.of("mfa: the tenant's TLS certificate was not accepted (not trusted, expired, or for"
            + " another name), so nothing was sent. For a tenant behind a private CA (mfa sandbox --https), pass"
            + " --ca-file with its CA file; otherwise check the domain."), r.errLines(), r::toString);
        assertEquals("", r.out());
      }
      assertFalse(java.nio.file.Files.exists(state), "nothing was sent, so nothing is pending");
      assertEquals(List.of(), cli.sleeps, "a certificate failure is not retried, not even for a GET");
      assertEquals(0, server.getRequestCount(), "no request went over the unverified connection");
    }
  }

  @Test
  void noOptionTurnsVerificationOff() {
    CommandLine root = Main.newCommandLine(new Cli(dir).context(new StringWriter(), new StringWriter()));
    List<String> options = new ArrayList<>();
    collect(root, options);
    assertTrue(options.size() > 50, options::toString);
    for (String name : options) {
      assertFalse(name.matches("(?i).*(insecure|no-?verify|skip-?tls|trust|ca-?cert|cacert|tls|ssl|cert).*"),
          "an option that could weaken TLS: " + name);
    }
    Cli.Result r = new Cli(dir).run("associate", "--sandbox", "--phone", "+15555550100", "--insecure");
    assertEquals(2, r.exit(), r::toString);
    assertTrue(r.err().startsWith("mfa: unknown option '--insecure'"), r::toString);
  }

  private static void collect(CommandLine cl, List<String> into) {
    for (OptionSpec o : cl.getCommandSpec().options()) {
      into.addAll(List.of(o.names()));
    }
    cl.getSubcommands().values().forEach(sub -> collect(sub, into));
  }
}
