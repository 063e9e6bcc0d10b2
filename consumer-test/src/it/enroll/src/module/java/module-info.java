/** The consumer as a module: it reads mfa-client and mfa-sandbox by their module names. */
module dev.mfakit.consumer {
  requires dev.mfakit.client;
  requires dev.mfakit.sandbox;
}
