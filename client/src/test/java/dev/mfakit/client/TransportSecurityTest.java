package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Transport security: plain http only to loopback; a certificate the client cannot trust (unknown issuer, or
 * another host's name even from a trusted issuer) is a clear {@link MfaNetworkException} for every operation, never retried and never an
 * "outcome unknown" (nothing was sent); and no switch turns verification off. The certificates come from the JDK's
 * keytool, so no test dependency is needed.
 */
class TransportSecurityTest extends MockServerTest {
  private static final Map<String, Path> STORES = new ConcurrentHashMap<>();
  private static final char[] PASSWORD = "changeit".toCharArray();

  @TempDir static Path keys;

  /** Certificates made in parallel: for localhost and for another host. */
  @BeforeAll
  static void makeCertificates() throws Exception {
    Map<String, List<String>> specs = Map.of(
        "localhost", List.of("-validity", "2", "-ext", "SAN=dns:localhost,ip:127.0.0.1"),
        "other-host", List.of("-validity", "2", "-ext", "SAN=dns:other.example.com"));
    Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
    List<Process> running = new ArrayList<>();
    for (Map.Entry<String, List<String>> spec : specs.entrySet()) {
      Path store = keys.resolve(spec.getKey() + ".p12");
      List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg",
          "RSA", "-keysize", "2048", "-dname", "CN=" + spec.getKey(), "-storetype", "PKCS12", "-keystore",
          store.toString(), "-storepass", "changeit", "-keypass", "changeit"));
      cmd.addAll(spec.getValue());
      running.add(new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(keys.resolve(spec.getKey()
          + ".log").toFile()).start());
      STORES.put(spec.getKey(), store);
    }
    for (Process p : running) {
      assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "keytool failed");
    }
  }

  private static KeyStore load(String name) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(STORES.get(name).toFile())) {
      ks.load(in, PASSWORD);
    }
    return ks;
  }

  private void serve(String name) throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(load(name), PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server.useHttps(tls.getSocketFactory());
  }

  /** A caller's OkHttpClient that trusts exactly the certificate of {@code name} (a private CA, say). */
  private static OkHttpClient trusting(String name) throws Exception {
    KeyStore trust = KeyStore.getInstance("PKCS12");
    trust.load(null, null);
    trust.setCertificateEntry("server", load(name).getCertificate("server"));
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    X509TrustManager tm = (X509TrustManager) tmf.getTrustManagers()[0];
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, new javax.net.ssl.TrustManager[] {tm}, null);
    return new OkHttpClient.Builder().sslSocketFactory(tls.getSocketFactory(), tm).build();
  }

  /** Every operation: none may be sent over a connection whose certificate failed. */
  enum Op {
    SIGN_IN(c -> c.signIn(PasswordSignIn.of("jane@example.com", "pw"))),
    ASSOCIATE(c -> c.associate(MfaToken.of("t"), Enrollment.sms("+15551234567"))),
    CHALLENGE(c -> c.challenge(MfaToken.of("t"), ChallengeRequest.oob())),
    VERIFY_OOB(c -> c.verifyOob(MfaToken.of("t"), "oob", "123456")),
    VERIFY_OTP(c -> c.verifyOtp(MfaToken.of("t"), "123456")),
    VERIFY_RECOVERY_CODE(c -> c.verifyRecoveryCode(MfaToken.of("t"), "ABCDEFGHJKLMNPQRSTUVWXYZ")),
    LIST(c -> c.listAuthenticators(MfaToken.of("t"))),
    DELETE(c -> {
      c.deleteAuthenticator(AccessToken.of("at"), "sms|dev_x");
      return null;
    });

    final Function<MfaClient, Object> call;

    Op(Function<MfaClient, Object> call) {
      this.call = call;
    }
  }

  private void assertCertificateFailure(MfaClient client, Op op, Class<? extends Throwable> cause) {
    MfaNetworkException e = assertThrows(MfaNetworkException.class, () -> op.call.apply(client), op::name);

    assertFalse(e instanceof MfaOutcomeUnknownException, op + ": nothing was sent, so the outcome is known");
    assertTrue(e.getMessage().startsWith("TLS failure during "), e.getMessage());
    assertTrue(e.getMessage().contains("the tenant's certificate was not accepted"), e.getMessage());
    assertTrue(e.getMessage().contains("nothing was sent, and it is not retried"), e.getMessage());
    Throwable t = e.getCause();
    while (t != null && !cause.isInstance(t)) {
      t = t.getCause();
    }
    assertTrue(cause.isInstance(t), op + ": expected a " + cause.getSimpleName() + " in " + e.getCause());
    assertEquals(List.of(), sleeper.sleeps, op + ": never retried");
    assertEquals(0, server.getRequestCount(), op + ": no request reached the server");
  }

  @ParameterizedTest
  @EnumSource(Op.class)
  void anUnknownIssuerFailsEveryOperationAtOnce(Op op) throws Exception {
    serve("localhost");
    enqueue(200, "{}");

    assertCertificateFailure(builder().baseUrl(server.url("/").uri()).build(), op, CertificateException.class);
  }

  @ParameterizedTest
  @EnumSource(value = Op.class, names = {"ASSOCIATE", "LIST"})
  void anotherHostsCertificateFailsEvenWhenItsIssuerIsTrusted(Op op) throws Exception {
    serve("other-host");
    enqueue(200, "{}");
    MfaClient client = builder().baseUrl(server.url("/").uri()).httpClient(trusting("other-host")).build();

    assertCertificateFailure(client, op, SSLPeerUnverifiedException.class);
  }

  /** The control: with its issuer trusted, the same server works, so the failures above are about trust. */
  @Test
  void aTrustedCertificateForThisHostWorks() throws Exception {
    serve("localhost");
    enqueueFixture(200, "authenticators.json");
    MfaClient client = builder().baseUrl(server.url("/").uri()).httpClient(trusting("localhost")).build();

    assertEquals(6, client.listAuthenticators(MfaToken.of("t")).size());
    assertEquals("https", server.url("/").scheme());
    X509Certificate cert = (X509Certificate) load("localhost").getCertificate("server");
    assertEquals("CN=localhost", cert.getSubjectX500Principal().getName());
  }

  @Test
  void plainHttpIsRefusedUnlessTheHostIsLoopback() {
    for (String url : List.of("http://acme.us.auth0.com", "http://10.0.0.1", "http://127.0.0.1.nip.io",
        "http://localhost.example.com", "http://0x7f000001", "http://[::2]:8080")) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MfaClient.builder().domain(url), url);
      assertTrue(e.getMessage().contains("https"), e.getMessage());
    }
    for (String url : List.of("http://127.0.0.1:8080", "http://127.1.2.3", "http://localhost:1", "http://[::1]:8080",
        "http://[::ffff:7f00:1]:8080")) {
      assertDoesNotThrow(() -> MfaClient.builder().baseUrl(URI.create(url)), url);
    }
  }

  /**
   * Nothing on the builder turns verification off. The one trust setting adds a certificate authority to the
   * system's (PrivateCertificateAuthorityTest shows that verification and host names still hold with it); otherwise
   * the only way to change trust is the caller's own client.
   */
  @Test
  void thereIsNoSwitchToDisableVerification() {
    for (Method m : MfaClient.Builder.class.getMethods()) {
      if (m.getName().equals("trustCertificateAuthority")) {
        assertEquals(List.of(String.class), List.of(m.getParameterTypes()), "PEM text only, no flag");
        continue;
      }
      assertFalse(m.getName().matches("(?i).*(insecure|trust|verif|hostname|ssl|tls|cert|unsafe|skip).*"),
          "a switch on the builder: " + m);
    }
    for (Method m : MfaClient.class.getMethods()) {
      assertFalse(m.getName().matches("(?i).*(insecure|trustall|unsafe).*"), m.toString());
    }
  }
}
