package dev.mfakit.cli.command;

import dev.mfakit.cli.io.SecretOption;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Where an existing {@code mfa_token} comes from. Without any of these (or MFA_TOKEN), the verb signs in. */
final class MfaTokenOptions {

  @Option(names = "--mfa-token", paramLabel = "-", order = 30,
      description = "Read the mfa_token from stdin ('-'). Env: MFA_TOKEN.")
  String mfaToken;

  @Option(names = "--mfa-token-file", paramLabel = "FILE", order = 31,
      description = "Read the mfa_token from FILE (mode 600).")
  Path mfaTokenFile;

  @Option(names = "--state", paramLabel = "FILE", order = 32,
      description = "State file of a split journey: read the mfa_token (and tenant) from it, and keep"
          + " progress in it (mode 600). A run that signs in anew never replaces a FILE whose step still waits for its"
          + " code.")
  Path state;

  /** {@code --mfa-token -}, {@code --mfa-token-file} or MFA_TOKEN. */
  SecretOption secret() {
    return new SecretOption("--mfa-token", mfaToken, mfaTokenFile, "MFA_TOKEN");
  }

  boolean given() {
    return secret().given();
  }

  /**
   * Whether {@code --state} is where the mfa_token comes from (a file left by an earlier step): it exists, and
   * neither a sign-in nor another token was given.
   */
  boolean stateIsSource(SignInOptions signIn) {
    return state != null && !signIn.requested() && !given() && Files.exists(state);
  }
}
