package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server whose certificate the client does not trust: a network error at once, never retried. */
class TlsTest extends MockServerTest {

  @Test
  void anUntrustedCertificateIsNeverRetried(@TempDir Path dir) throws Exception {
    char[] password = "changeit".toCharArray();
    Path keystore = dir.resolve("server.p12");
    // keytool ships with every JDK; it makes a self-signed certificate without extra test dependencies.
    Path keytool = Paths.get(System.getProperty("java.home"), "bin", "keytool");
    Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "server", "-keyalg", "RSA",
        "-keysize", "2048", "-validity", "2", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
        "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", "changeit", "-keypass", "changeit")
        .redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0 && Files.exists(keystore), "keytool failed");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(keystore.toFile())) {
      ks.load(in, password);
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(kmf.getKeyManagers(), null, null);
    server.useHttps(tls.getSocketFactory());
    enqueue(200, "[]");

    MfaNetworkException e = assertThrows(MfaNetworkException.class,
        () -> client().listAuthenticators(MfaToken.of("t")));

    assertFalse(e instanceof MfaOutcomeUnknownException);
    assertTrue(e.getMessage().contains("TLS failure"), e.getMessage());
    Throwable cause = e.getCause();
    while (cause.getCause() != null && !(cause instanceof java.security.cert.CertificateException)) {
      cause = cause.getCause();
    }
    assertTrue(cause instanceof java.security.cert.CertificateException, e.getCause().toString());
    assertEquals(List.of(), sleeper.sleeps);
    assertEquals(0, server.getRequestCount());
  }
}
