package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.security.cert.CertificateException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * A tenant behind a private certificate authority (the sandbox with HTTPS), over real TLS: trusted in addition to the
 * system's CAs, with verification and host names still checked; untrusted, a clear certificate error before anything
 * is sent, never retried.
 */
class PrivateCertificateAuthorityTest {

  private static MfaClient.Builder builder(SandboxTenant tenant, List<Duration> sleeps) {
    return MfaClient.builder().baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).clock(tenant.clock()).sleeper(sleeps::add);
  }

  @Test
  void aClientThatTrustsTheSandboxCaDoesAWholeJourney() {
    try (SandboxTenant tenant = SandboxTenant.builder().https().start()) {
      MfaClient client = builder(tenant, new ArrayList<>()).trustCertificateAuthority(tenant.certificateAuthorityPem())
          .build();
      MfaRequired required = assertInstanceOf(MfaRequired.class,
          client.signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD)));
      Association a = client.associate(required.mfaToken(), Enrollment.sms("+15550001234"));
      Tokens tokens = client.verifyOob(required.mfaToken(), a.oobCode(),
          tenant.lastMessageTo("+15550001234").code());
      assertNotNull(tokens.idToken());
      assertEquals(3, client.listAuthenticators(required.mfaToken()).stream().filter(Authenticator::active).count(),
          "sms, its voice twin and the recovery code");
    }
  }

  @Test
  void aClientThatDoesNotTrustItGetsACertificateErrorAndSendsNothingTwice() {
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    List<Duration> sleeps = new ArrayList<>();
    try (SandboxTenant tenant = SandboxTenant.builder().https().log(served::add).start()) {
      MfaClient client = builder(tenant, sleeps).build();
      for (Runnable call : List.<Runnable>of(
          () -> client.signIn(PasswordSignIn.of(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD)),
          () -> client.listAuthenticators(MfaToken.of("t")))) {
        MfaNetworkException e = assertThrows(MfaNetworkException.class, call::run);
        assertFalse(e instanceof MfaOutcomeUnknownException, "nothing was sent: the outcome is known");
        assertTrue(e.getMessage().contains("the tenant's certificate was not accepted"), e.getMessage());
        assertTrue(e.getMessage().contains("trustCertificateAuthority"), e.getMessage());
        Throwable t = e;
        while (t != null && !(t instanceof CertificateException)) {
          t = t.getCause();
        }
        assertNotNull(t, "a certificate error underneath: " + e.getCause());
      }
      assertEquals(List.of(), served, "no request got through the handshake, so none was sent twice");
      assertEquals(List.of(), sleeps, "never retried, not even the GET");
    }
  }

  @Test
  void anotherCaIsNotTrustedBecauseOfThisOne() {
    HeldCertificate otherCa = new HeldCertificate.Builder().certificateAuthority(0).commonName("other").build();
    List<String> served = Collections.synchronizedList(new ArrayList<>());
    try (SandboxTenant tenant = SandboxTenant.builder().https().log(served::add).start()) {
      MfaClient client = builder(tenant, new ArrayList<>()).trustCertificateAuthority(otherCa.certificatePem()).build();
      MfaNetworkException e = assertThrows(MfaNetworkException.class, () -> client.listAuthenticators(MfaToken.of("t")));
      assertTrue(e.getMessage().startsWith("TLS failure"), e.getMessage());
      assertEquals(List.of(), served);
    }
  }

  @Test
  void withTheCaTrustedAHostNameTheCertificateDoesNotNameStillFails() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("private").build();
    HeldCertificate forOtherHost = new HeldCertificate.Builder().addSubjectAlternativeName("other-host")
        .commonName("other-host").signedBy(ca).build();
    try (MockWebServer server = new MockWebServer()) {
      server.useHttps(new HandshakeCertificates.Builder().heldCertificate(forOtherHost, ca.certificate()).build()
          .sslSocketFactory());
      server.enqueue(new MockResponse.Builder().body("[]").build());
      server.start();
      MfaClient client = MfaClient.builder().baseUrl(server.url("/").uri()).clientId("c")
          .trustCertificateAuthority(ca.certificatePem()).sleeper(d -> { }).build();
      MfaNetworkException e = assertThrows(MfaNetworkException.class, () -> client.listAuthenticators(MfaToken.of("t")));
      Throwable t = e;
      while (t != null && !(t instanceof SSLPeerUnverifiedException)) {
        t = t.getCause();
      }
      assertNotNull(t, "the host name is checked: " + e.getCause());
      assertEquals(0, server.getRequestCount());
    }
  }

  @Test
  void textThatHoldsNoCertificateIsRefusedAtOnce() {
    for (String bad : new String[] {"", "not a pem", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n"}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
          () -> MfaClient.builder().trustCertificateAuthority(bad));
      assertTrue(e.getMessage().startsWith("certificateAuthority"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> MfaClient.builder().trustCertificateAuthority(null));
  }
}
