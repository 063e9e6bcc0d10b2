package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/**
 * {@link MfaClient#newBuilder()}: a variant that shares the connection pool, dispatcher and pacer of the client it
 * came from and differs only in what was set, while that client stays as it was.
 */
class NewBuilderTest extends MockServerTest {
  private static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");

  @Test
  void theVariantUsesTheSameConnectionAndChangesOnlyWhatWasSet() {
    for (int i = 0; i < 3; i++) {
      enqueueFixture(200, "token.json");
    }
    MfaClient original = client();
    MfaClient variant = original.newBuilder().clientId("other-client").build();

    original.verifyOtp(MFA_TOKEN, "123456");
    logLines.clear();
    variant.verifyOtp(MFA_TOKEN, "654321");
    boolean variantLogged = !logLines.isEmpty();
    original.verifyOtp(MFA_TOKEN, "111111");

    RecordedRequest first = take();
    RecordedRequest second = take();
    RecordedRequest third = take();
    // One connection served all three calls: the variant took it from the pool it shares.
    assertEquals(List.of(0, 0, 0), List.of(first.getConnectionIndex(), second.getConnectionIndex(),
        third.getConnectionIndex()));
    assertEquals(List.of(0, 1, 2), List.of(first.getExchangeIndex(), second.getExchangeIndex(),
        third.getExchangeIndex()));
    Map<String, String> variantForm = form(second);
    assertEquals("other-client", variantForm.get("client_id"));
    assertEquals(CLIENT_SECRET, variantForm.get("client_secret"), "the secret it was not given is the original's");
    assertTrue(variantLogged, "the original's logger logs the variant's calls");
    assertEquals(CLIENT_ID, form(third).get("client_id"), "the original is unchanged");
    assertEquals(CLIENT_ID, original.clientId());
  }

  @Test
  void theVariantSharesTheHttpClientsPoolAndDispatcherAndSetsOnlyItsOwnTimeout() {
    MfaClient original = builder().connectTimeout(Duration.ofSeconds(3)).build();
    MfaClient variant = original.newBuilder().callTimeout(Duration.ofSeconds(120)).build();

    OkHttpClient a = original.httpClient();
    OkHttpClient b = variant.httpClient();
    assertSame(a.connectionPool(), b.connectionPool());
    assertSame(a.dispatcher(), b.dispatcher());
    assertEquals(60_000, a.callTimeoutMillis(), "the original keeps its own");
    assertEquals(120_000, b.callTimeoutMillis());
    assertEquals(3_000, b.connectTimeoutMillis(), "what the variant did not set is the original's");
    assertEquals(a.readTimeoutMillis(), b.readTimeoutMillis());
    assertEquals(a.networkInterceptors(), b.networkInterceptors(), "the send mark is not added twice");
    assertFalse(b.retryOnConnectionFailure());
    assertFalse(b.followRedirects());
  }

  @Test
  void theVariantWaitsItsTurnInTheSamePacer() {
    enqueueFixture(200, "token.json");
    enqueueFixture(200, "token.json");
    MfaClient original = builder().pacer(RequestPacer.startingAt(10)).build();
    MfaClient variant = original.newBuilder().clientId("other-client").build();

    original.verifyOtp(MFA_TOKEN, "123456");
    variant.verifyOtp(MFA_TOKEN, "123456");

    // A tenth of a second after the original's request, on the sleeper the variant took over from it.
    assertEquals(List.of(Duration.ofMillis(100)), sleeper.sleeps);
  }

  @Test
  void aVariantOfAPlainHttpClientCanSpeakHttpsToARealTenant() {
    MfaClient sandbox = client(); // http://localhost: cleartext only
    assertEquals(List.of(ConnectionSpec.CLEARTEXT), sandbox.httpClient().connectionSpecs());

    MfaClient tenant = sandbox.newBuilder().domain("acme.us.auth0.com").build();

    assertEquals(URI.create("https://acme.us.auth0.com"), tenant.baseUrl());
    assertTrue(tenant.httpClient().connectionSpecs().contains(ConnectionSpec.MODERN_TLS),
        tenant.httpClient().connectionSpecs()::toString);
    assertEquals(List.of(ConnectionSpec.CLEARTEXT), sandbox.httpClient().connectionSpecs());
  }

  @Test
  void aVariantOfAClientThatTrustsAPrivateCaKeepsTheTrustAndTheConnections() throws Exception {
    HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("private").build();
    HeldCertificate localhost = new HeldCertificate.Builder().addSubjectAlternativeName("localhost")
        .commonName("localhost").signedBy(ca).build();
    try (MockWebServer tls = new MockWebServer()) {
      tls.useHttps(new HandshakeCertificates.Builder().heldCertificate(localhost, ca.certificate()).build()
          .sslSocketFactory());
      tls.enqueue(new MockResponse.Builder().body("[]").build());
      tls.enqueue(new MockResponse.Builder().body("[]").build());
      tls.start();
      MfaClient original = MfaClient.builder().baseUrl(tls.url("/").uri()).clientId("c")
          .trustCertificateAuthority(ca.certificatePem()).sleeper(sleeper).build();
      MfaClient variant = original.newBuilder().readTimeout(Duration.ofSeconds(5)).build();

      original.listAuthenticators(MFA_TOKEN);
      variant.listAuthenticators(MFA_TOKEN);

      assertSame(original.httpClient().sslSocketFactory(), variant.httpClient().sslSocketFactory());
      tls.takeRequest();
      assertEquals(0, tls.takeRequest().getConnectionIndex(), "the variant reused the original's TLS connection");

      MfaClient retrusted = original.newBuilder().trustCertificateAuthority(ca.certificatePem()).build();
      assertNotEquals(original.httpClient().sslSocketFactory(), retrusted.httpClient().sslSocketFactory(),
          "trust set again is set up again");
    }
  }
}
