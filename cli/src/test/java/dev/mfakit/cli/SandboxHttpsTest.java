package dev.mfakit.cli;

import dev.mfakit.cli.io.Json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa sandbox --https} writes its CA where {@code --ca-file} says (or in the config directory), and the
 * other verbs reach it with {@code --ca-file}: the real command line, over real TLS.
 */
class SandboxHttpsTest {
  @TempDir Path dir;

  @Test
  void anHttpsSandboxWritesItsCaAndAssociateTrustsItWithCaFile() throws Exception {
    Path ca = dir.resolve("ca.pem");
    Cli.Background running = new Cli(dir).background("sandbox", "--https", "--ca-file", ca.toString());
    String url = running.awaitOut(Pattern.compile("Sandbox tenant running at (https://127\\.0\\.0\\.1:\\d+)"));
    String banner = running.awaitOut(out -> out.contains("Ctrl-C"));
    assertTrue(banner.contains("  CA certificate " + ca + "  (trust it: NODE_EXTRA_CA_CERTS, curl --cacert, mfa"
        + " --ca-file)"), banner);
    assertTrue(banner.contains("mfa associate --domain " + url + " --ca-file " + ca + " --client-id"), banner);
    assertTrue(Files.readString(ca).startsWith("-----BEGIN CERTIFICATE-----"));

    Cli cli = Cli.forSandboxClient(dir).stdin(SandboxTenant.DEMO_PASSWORD + "\n");
    Cli.Result trusted = cli.run("associate", "--domain", url, "--ca-file", ca.toString(), "-u",
        SandboxTenant.DEMO_USERNAME, "--password", "-", "--phone", "+15555550100", "--no-input", "--state",
        dir.resolve("state.json").toString());
    assertEquals(0, trusted.exit(), trusted::toString);

    Cli.Result untrusted = Cli.forSandboxClient(dir).stdin(SandboxTenant.DEMO_PASSWORD + "\n").run("login",
        "--domain", url, "-u", SandboxTenant.DEMO_USERNAME, "--password", "-");
    assertEquals(4, untrusted.exit(), untrusted::toString);
    assertEquals(List.of("Signing in as demo@example.com...", "mfa: the tenant's TLS certificate was not accepted"
        + " (not trusted, expired, or for another name), so nothing was sent. For a tenant behind a private CA (mfa"
        + " sandbox --https), pass --ca-file with its CA file; otherwise check the domain."), untrusted.errLines(),
        untrusted::toString);
    assertEquals(List.of(), cli.sleeps, "not retried");

    assertEquals(0, running.stop());
  }

  @Test
  void theDefaultCaFileIsInTheConfigDirectoryAndTheJsonLineNamesIt() throws Exception {
    Cli.Background running = new Cli(dir).background("sandbox", "--https", "--json");
    String first = running.awaitOut(out -> out.contains("\n")).lines().findFirst().orElseThrow();
    assertEquals(0, running.stop());
    Map<String, Object> tenant = Json.parseObject(first);
    assertEquals(List.of("base_url", "issuer", "ca_file", "client_id", "client_secret", "username", "password"),
        new ArrayList<>(tenant.keySet()));
    assertEquals(dir.resolve("sandbox-ca.pem").toString(), tenant.get("ca_file"));
    assertEquals(tenant.get("base_url") + "/", tenant.get("issuer"));
    assertTrue(Files.readString(dir.resolve("sandbox-ca.pem")).contains("-----BEGIN CERTIFICATE-----"));
  }

  @Test
  void theIssuerIsConfigurable() throws Exception {
    Cli.Background running = new Cli(dir).background("sandbox", "--issuer", "https://localhost:8443/");
    String banner = running.awaitOut(out -> out.contains("Ctrl-C"));
    assertEquals(0, running.stop());
    assertTrue(banner.contains("  issuer         https://localhost:8443/"), banner);
  }

  @Test
  void badSandboxOptionsAreUsageErrors() {
    Cli.Result caWithoutHttps = new Cli(dir).run("sandbox", "--ca-file", dir.resolve("x.pem").toString());
    assertEquals(2, caWithoutHttps.exit(), caWithoutHttps::toString);
    assertEquals("mfa: --ca-file goes with --https: a plain-http sandbox has no certificate. Add --https.\n",
        caWithoutHttps.err());
    Cli.Result badIssuer = new Cli(dir).run("sandbox", "--issuer", "acme.auth0.com");
    assertEquals(2, badIssuer.exit(), badIssuer::toString);
    assertEquals("mfa: --issuer must be an absolute http(s) URL without query or fragment, e.g."
        + " https://localhost:8443/.\n", badIssuer.err());
  }

  @Test
  void aCaFileThatIsNotOneIsAUsageErrorBeforeAnythingIsSent() throws Exception {
    Path notPem = dir.resolve("not.pem");
    Files.writeString(notPem, "hello\n");
    Cli.Result r = Cli.forSandboxClient(dir).run("authenticators", "list", "--domain", "https://127.0.0.1:9",
        "--ca-file", notPem.toString(), "-u", "a@example.com", "--no-input");
    assertEquals(2, r.exit(), r::toString);
    assertEquals("mfa: --ca-file: " + notPem + " holds no PEM certificate (-----BEGIN CERTIFICATE-----). Give the CA"
        + " file, e.g. the one mfa sandbox --https wrote.\n", r.err());
    Cli.Result missing = Cli.forSandboxClient(dir).run("authenticators", "list", "--domain", "https://127.0.0.1:9",
        "--ca-file", dir.resolve("nope.pem").toString(), "-u", "a@example.com", "--no-input");
    assertEquals(2, missing.exit(), missing::toString);
    assertEquals("mfa: --ca-file: " + dir.resolve("nope.pem") + " does not exist. Check the path.\n", missing.err());
    assertFalse(missing.err().contains("\tat "), "no stack trace");
  }

  @Test
  void plainHttpToTheHttpsSandboxIsToldToUseHttpsNotToListFirst() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().https().start()) {
      String hostPort = "127.0.0.1:" + tenant.port();
      Cli cli = Cli.forSandboxClient(dir).stdin(SandboxTenant.DEMO_PASSWORD + "\n");

      Cli.Result r = cli.run("authenticators", "list", "--domain", "http://" + hostPort, "-u",
          SandboxTenant.DEMO_USERNAME, "--password", "-");
      Cli.Result fromEnv = Cli.forSandboxClient(dir).env("AUTH0_DOMAIN", "http://" + hostPort)
          .stdin(SandboxTenant.DEMO_PASSWORD + "\n")
          .run("login", "-u", SandboxTenant.DEMO_USERNAME, "--password", "-");

      assertEquals(2, r.exit(), r::toString);
      assertEquals(List.of("Signing in as demo@example.com...", "mfa: the tenant at http://" + hostPort + " speaks"
          + " HTTPS, so it read nothing of the request: use https://" + hostPort + " (in --domain), with --ca-file"
          + " and the CA file mfa sandbox --https wrote."), r.errLines(), r::toString);
      assertEquals(2, fromEnv.exit(), fromEnv::toString);
      assertTrue(fromEnv.err().contains("use https://" + hostPort + " (in AUTH0_DOMAIN)"), fromEnv::toString);
      assertEquals(0, tenant.stats().requests(), "the tenant read no request");
    }
  }
}
