package dev.mfakit.bench;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Run in a fresh JVM by {@link SandboxBench}: what a tenant costs to start, plain or with {@code https()}. Prints one
 * line, {@code cold_ms warm_us first_jwks_ms second_jwks_ms}:
 *
 * <ul>
 *   <li>cold: the JVM's first {@code start()} and {@code close()} (class loading, and for HTTPS the CA and
 *       certificate, made once per JVM);
 *   <li>warm: the median of 200 start-and-close cycles after 50 unmeasured ones (a tenant per test method);
 *   <li>first and second JWKS answer of a warm tenant: the first makes the RSA signing key (once per JVM, on first
 *       use), the second is what every later one costs.
 * </ul>
 */
public final class StartProbe {
  private StartProbe() {}

  public static void main(String[] args) throws Exception {
    boolean https = args.length > 0 && args[0].equals("https");
    long t0 = System.nanoTime();
    start(https).close();
    double coldMs = (System.nanoTime() - t0) / 1e6;

    for (int i = 0; i < 50; i++) {
      start(https).close();
    }
    long[] warm = new long[200];
    for (int i = 0; i < warm.length; i++) {
      long s = System.nanoTime();
      start(https).close();
      warm[i] = System.nanoTime() - s;
    }
    Arrays.sort(warm);

    double firstJwks;
    double secondJwks;
    try (SandboxTenant tenant = start(https)) {
      HttpClient http = client(tenant, https);
      get(http, tenant, "/.well-known/openid-configuration"); // the connection and the HTTP stack, not the key
      long s = System.nanoTime();
      get(http, tenant, "/.well-known/jwks.json");
      firstJwks = (System.nanoTime() - s) / 1e6;
      s = System.nanoTime();
      get(http, tenant, "/.well-known/jwks.json");
      secondJwks = (System.nanoTime() - s) / 1e6;
    }
    System.out.printf(java.util.Locale.ROOT, "%.1f %.0f %.1f %.2f%n", coldMs, warm[warm.length / 2] / 1e3, firstJwks,
        secondJwks);
  }

  private static SandboxTenant start(boolean https) {
    SandboxTenant.Builder b = SandboxTenant.builder();
    if (https) {
      b.https();
    }
    return b.start();
  }

  private static HttpClient client(SandboxTenant tenant, boolean https) throws Exception {
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
    if (https) {
      KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
      store.load(null, null);
      store.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(
          new ByteArrayInputStream(tenant.certificateAuthorityPem().getBytes(StandardCharsets.US_ASCII))));
      TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(store);
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, tmf.getTrustManagers(), null);
      b.sslContext(tls);
    }
    return b.build();
  }

  private static void get(HttpClient http, SandboxTenant tenant, String path) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tenant.baseUrl() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException(path + ": " + r.statusCode());
    }
  }
}
