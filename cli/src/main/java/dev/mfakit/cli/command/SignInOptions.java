package dev.mfakit.cli.command;

import dev.mfakit.cli.io.SecretOption;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * How to sign in with a password. Any of {@code --username}, {@code --password}, {@code --password-file} means
 * "sign in".
 */
final class SignInOptions {

  @Option(names = {"-u", "--username"}, paramLabel = "NAME", order = 20,
      description = "Sign in as NAME (else prompted). Profile: username.")
  String username;

  @Option(names = "--password", paramLabel = "-", order = 21,
      description = "Read the password from stdin ('-'); without it, a no-echo prompt.")
  String password;

  @Option(names = "--password-file", paramLabel = "FILE", order = 22,
      description = "Read the password from FILE (mode 600).")
  Path passwordFile;

  @Option(names = "--realm", paramLabel = "CONNECTION", order = 23,
      description = "Database connection to sign in with (password-realm grant). Profile: realm.")
  String realm;

  @Option(names = "--audience", paramLabel = "URI", order = 24,
      description = "API audience of the tokens. Profile: audience.")
  String audience;

  @Option(names = "--scope", paramLabel = "SCOPE", order = 25,
      description = "Scopes of the tokens, space-separated. Profile: scope.")
  String scope;

  /** {@code --password -} or {@code --password-file} (else a prompt). */
  SecretOption password() {
    return new SecretOption("--password", password, passwordFile, null);
  }

  /** True when the user asked to sign in explicitly (this overrides MFA_TOKEN). */
  boolean requested() {
    return username != null || password != null || passwordFile != null;
  }
}
