/**
 * mfa-sandbox: a local Auth0 MFA tenant over real HTTP, for development and tests. Only {@code dev.mfakit.sandbox}
 * is exported; {@code dev.mfakit.sandbox.internal} is the implementation.
 */
module dev.mfakit.sandbox {
  // The HTTP server (com.sun.net.httpserver): a JDK module that is not in java.se.
  requires jdk.httpserver;
  requires com.squareup.moshi;
  requires okio;
  // HTTPS: the CA and certificates made at start (HeldCertificate); none of its types is in the public API.
  requires okhttp3.tls;
  // Optional: only applications that register SandboxExtension need JUnit, and they bring their own (and require
  // org.junit.jupiter.api themselves). Not "transitive": javac would then demand JUnit of every application.
  requires static org.junit.jupiter.api;

  exports dev.mfakit.sandbox;
}
