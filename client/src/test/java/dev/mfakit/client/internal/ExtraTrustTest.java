package dev.mfakit.client.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.Test;

/** A private CA is trusted in addition to the JVM's anchors, never instead of them. */
class ExtraTrustTest {

  @Test
  void theSystemAnchorsStayAndTheExtraOneJoinsThem() throws Exception {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init((KeyStore) null);
    X509TrustManager system = null;
    for (TrustManager m : tmf.getTrustManagers()) {
      if (m instanceof X509TrustManager x) {
        system = x;
      }
    }
    X509Certificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("extra").build()
        .certificate();

    Set<X509Certificate> anchors = Set.of(ExtraTrust.of(List.of(ca)).trustManager().getAcceptedIssuers());

    assertTrue(system.getAcceptedIssuers().length > 10, "the JVM has its usual anchors");
    assertTrue(anchors.containsAll(List.of(system.getAcceptedIssuers())), "every system anchor is kept");
    assertTrue(anchors.contains(ca), "and the extra one added");
  }
}
