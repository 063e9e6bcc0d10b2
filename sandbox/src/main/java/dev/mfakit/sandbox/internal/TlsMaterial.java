package dev.mfakit.sandbox.internal;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HeldCertificate;

/**
 * The certificates of an HTTPS tenant: a CA made for the occasion, and a server certificate it signed for {@code
 * 127.0.0.1}, {@code localhost} and {@code ::1}. One set per JVM, made on the first HTTPS start: the certificate
 * names no port, so every HTTPS tenant of the JVM can present it, and a tenant per test stays cheap. The CA's
 * private key never leaves this object; a client trusts the CA's PEM ({@link #caPem}) and nothing else changes.
 */
final class TlsMaterial {
  private static final class Holder {
    static final TlsMaterial TLS = new TlsMaterial();
  }

  final String caPem;
  final SSLContext sslContext;

  private TlsMaterial() {
    long now = System.currentTimeMillis();
    long from = now - TimeUnit.HOURS.toMillis(1); // a little slack for clocks a bit behind
    long until = now + TimeUnit.DAYS.toMillis(365);
    HeldCertificate ca = new HeldCertificate.Builder()
        .certificateAuthority(0)
        .commonName(Tenant.NAME + " CA")
        .organizationalUnit("mfakit sandbox, made " + java.time.Instant.ofEpochMilli(now))
        .validityInterval(from, until)
        .build();
    HeldCertificate server = new HeldCertificate.Builder()
        .commonName("localhost")
        .addSubjectAlternativeName("127.0.0.1")
        .addSubjectAlternativeName("localhost")
        .addSubjectAlternativeName("::1")
        .validityInterval(from, until)
        .signedBy(ca)
        .build();
    caPem = ca.certificatePem();
    // The JDK's own TLS set-up from here: OkHttp's HandshakeCertificates would first probe its platforms (and load
    // its client classes), half a second of a cold start for nothing a server needs.
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      char[] none = new char[0];
      store.setKeyEntry("sandbox", server.keyPair().getPrivate(), none,
          new Certificate[] {server.certificate(), ca.certificate()});
      KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      keys.init(store, none);
      sslContext = SSLContext.getInstance("TLS");
      sslContext.init(keys.getKeyManagers(), null, null);
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot set up TLS", e);
    }
  }

  /** The JVM's certificates, made on the first call. */
  static TlsMaterial get() {
    return Holder.TLS;
  }
}
