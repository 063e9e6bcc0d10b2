package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --sandbox}: run one command against a fresh in-process sandbox tenant as its demo user. Offered only where
 * one run can succeed on its own ({@code associate}, {@code authenticators list}); see {@link SandboxRefusedOption}.
 */
final class SandboxOption {
  @Option(names = "--sandbox", order = 17,
      description = "Run against a fresh in-process sandbox tenant as its demo user; its messages go to stderr.")
  boolean sandbox;

  /**
   * Rejects options that make no sense with {@code --sandbox}. Call while validating.
   *
   * @param stateFile {@code --state}, or null
   * @throws Failure (exit 2) naming both options
   */
  void checkConflicts(TenantOptions t, Path stateFile, SignInOptions signIn, MfaTokenOptions token) {
    if (!sandbox) {
      return;
    }
    if (stateFile != null) {
      throw Failure.usage("--sandbox cannot be used with --state: the in-process tenant ends with this"
          + " process. Run mfa sandbox in another terminal and use --domain with its URL");
    }
    String conflict = t.domain != null ? "--domain"
        : t.clientId != null ? "--client-id"
        : t.clientSecret != null ? "--client-secret"
        : t.clientSecretFile != null ? "--client-secret-file"
        : t.privateKeyFile != null ? "--private-key-file"
        : t.clientAuth != null ? "--client-auth"
        : t.caFile != null ? "--ca-file"
        : t.profile != null ? "--profile"
        : signIn.username != null ? "--username"
        : signIn.password != null ? "--password"
        : signIn.passwordFile != null ? "--password-file"
        : signIn.realm != null ? "--realm"
        : signIn.audience != null ? "--audience"
        : signIn.scope != null ? "--scope"
        : token.mfaToken != null ? "--mfa-token"
        : token.mfaTokenFile != null ? "--mfa-token-file"
        : null;
    if (conflict != null) {
      throw Failure.usage("--sandbox and " + conflict + " conflict: the sandbox has its own tenant, client and"
          + " demo user. Drop one of them");
    }
  }
}
