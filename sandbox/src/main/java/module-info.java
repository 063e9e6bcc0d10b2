/**
 * mfa-sandbox: a local Auth0 MFA tenant over real HTTP, for development and tests. Only {@code dev.mfakit.sandbox}
 * is exported; {@code dev.mfakit.sandbox.internal} is the implementation.
 */
module dev.mfakit.sandbox {
  // The HTTP server (com.sun.net.httpserver): a JDK module that is not in java.se.
  requires jdk.httpserver;
  requires com.squareup.moshi;
  requires okio;
  // Optional: only applications that register SandboxExtension need JUnit, and they bring their own; its types are
  // in SandboxExtension's signatures, so whoever reads this module and uses the extension reads JUnit too.
  requires static transitive org.junit.jupiter.api;

  exports dev.mfakit.sandbox;
}
