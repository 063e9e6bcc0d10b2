package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/** An HTTPS tenant over real TLS: a client that trusts its CA does a whole journey; one that does not, nothing. */
class HttpsTest {

  /** A JDK HttpClient that trusts exactly the given PEM's certificates. */
  static SSLContext trusting(String pem) throws Exception {
    KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
    store.load(null, null);
    int i = 0;
    for (Certificate c : CertificateFactory.getInstance("X.509")
        .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))) {
      store.setCertificateEntry("ca" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(store);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(null, tmf.getTrustManagers(), null);
    return tls;
  }

  @Test
  void aClientThatTrustsTheCaDoesAWholeJourney() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().https().start()) {
      assertTrue(tenant.baseUrl().toString().startsWith("https://127.0.0.1:"), tenant.baseUrl().toString());
      assertEquals(URI.create(tenant.baseUrl() + "/"), tenant.issuer());
      HttpClient http = HttpClient.newBuilder().sslContext(trusting(tenant.certificateAuthorityPem()))
          .version(HttpClient.Version.HTTP_1_1).build();
      Wire w = new Wire(tenant, http);
      assertEquals(tenant.baseUrl() + "/", w.get("/.well-known/openid-configuration").json().get("issuer"));
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      Wire.Res tokens = w.enrollSms(tenant, mfa, "+15551239999");
      assertEquals(200, tokens.status());
      // The certificate names localhost too.
      HttpResponse<String> byName = http.send(HttpRequest.newBuilder(
          URI.create("https://localhost:" + tenant.port() + "/.well-known/jwks.json")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, byName.statusCode());
    }
  }

  @Test
  void aClientThatDoesNotTrustItGetsACertificateErrorAndNothingReachesTheTenant() {
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    try (SandboxTenant tenant = SandboxTenant.builder().https().log(served::add).start()) {
      Wire w = new Wire(tenant); // the JDK's default trust: the system's CAs only
      UncheckedIOException e = assertThrows(UncheckedIOException.class,
          () -> w.signIn(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD));
      assertTrue(e.getCause() instanceof SSLHandshakeException, e.getCause().toString());
      assertEquals(List.of(), served, "no request got through the handshake");
    }
  }

  @Test
  void theCertificateIsForLoopbackNamesAndSignedByTheCa() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.builder().https().start()) {
      SSLContext tls = trusting(tenant.certificateAuthorityPem());
      X509Certificate server;
      try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", tenant.port())) {
        socket.startHandshake();
        server = (X509Certificate) socket.getSession().getPeerCertificates()[0];
      }
      Set<String> names = server.getSubjectAlternativeNames().stream().map(n -> n.get(1).toString())
          .collect(Collectors.toSet());
      assertTrue(names.containsAll(Set.of("127.0.0.1", "localhost")), names.toString());
      assertTrue(names.stream().anyMatch(n -> n.equals("0:0:0:0:0:0:0:1") || n.equals("::1")), names.toString());
      X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(tenant.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII)));
      server.verify(ca.getPublicKey());
      assertTrue(ca.getBasicConstraints() >= 0, "the PEM is a CA");
      assertTrue(server.getBasicConstraints() < 0, "the server certificate is not");
    }
  }

  @Test
  void aPlainTenantHasNoCertificateAuthority() {
    try (SandboxTenant tenant = SandboxTenant.start()) {
      IllegalStateException e = assertThrows(IllegalStateException.class, tenant::certificateAuthorityPem);
      assertTrue(e.getMessage().contains("https()"), e.getMessage());
    }
  }
}
