package dev.mfakit.client.internal;

import dev.mfakit.client.InvalidInputException;
import dev.mfakit.client.InvalidInputException.Kind;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Trust in a private certificate authority in addition to the JVM's own trust anchors (never instead of them, and
 * never without checking): one PKIX trust manager over both sets, so certificates are verified and host names
 * checked exactly as for any public tenant.
 *
 * @param socketFactory TLS sockets that trust both sets
 * @param trustManager the trust manager behind it (OkHttp needs both)
 */
public record ExtraTrust(SSLSocketFactory socketFactory, X509TrustManager trustManager) {

  /**
   * The certificates of a PEM text (one or more {@code -----BEGIN CERTIFICATE-----} blocks).
   *
   * @throws InvalidInputException naming {@code field} when there is none, or one cannot be read
   */
  public static List<X509Certificate> parsePem(String pem, String field) {
    if (pem == null || !pem.contains("-----BEGIN CERTIFICATE-----")) {
      throw new InvalidInputException(field, Kind.MALFORMED,
          "must be PEM text with at least one -----BEGIN CERTIFICATE----- block");
    }
    try {
      Collection<? extends Certificate> read = CertificateFactory.getInstance("X.509")
          .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : read) {
        out.add((X509Certificate) c);
      }
      if (out.isEmpty()) {
        throw new InvalidInputException(field, Kind.MALFORMED, "holds no certificate");
      }
      return List.copyOf(out);
    } catch (CertificateException e) {
      throw new InvalidInputException(field, Kind.MALFORMED, "holds a certificate that cannot be read ("
          + e.getClass().getSimpleName() + ")");
    }
  }

  /** The JVM's default trust anchors (the {@code cacerts} file, or {@code javax.net.ssl.trustStore}) plus these. */
  public static ExtraTrust of(List<X509Certificate> extra) {
    try {
      TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      system.init((KeyStore) null);
      KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
      anchors.load(null, null);
      int i = 0;
      for (X509Certificate c : x509(system.getTrustManagers()).getAcceptedIssuers()) {
        anchors.setCertificateEntry("system-" + i++, c);
      }
      for (X509Certificate c : extra) {
        anchors.setCertificateEntry("extra-" + i++, c);
      }
      TrustManagerFactory both = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      both.init(anchors);
      X509TrustManager trustManager = x509(both.getTrustManagers());
      SSLContext tls = SSLContext.getInstance("TLS");
      tls.init(null, new TrustManager[] {trustManager}, null);
      return new ExtraTrust(tls.getSocketFactory(), trustManager);
    } catch (GeneralSecurityException | java.io.IOException e) {
      throw new IllegalStateException("cannot set up TLS trust", e);
    }
  }

  private static X509TrustManager x509(TrustManager[] managers) {
    for (TrustManager m : managers) {
      if (m instanceof X509TrustManager x) {
        return x;
      }
    }
    throw new IllegalStateException("no X.509 trust manager");
  }
}
