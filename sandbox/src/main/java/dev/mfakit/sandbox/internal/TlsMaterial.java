package dev.mfakit.sandbox.internal;

import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import okhttp3.tls.HandshakeCertificates;
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
    sslContext = new HandshakeCertificates.Builder()
        .heldCertificate(server, ca.certificate())
        .build()
        .sslContext();
  }

  /** The JVM's certificates, made on the first call. */
  static TlsMaterial get() {
    return Holder.TLS;
  }
}
