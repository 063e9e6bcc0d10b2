package dev.mfakit.cli.command;

import dev.mfakit.cli.io.SecretOption;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Which tenant and application to talk to. Each value comes from the flag, else the state file ({@code --state},
 * for the domain and client id), else the environment, else the profile.
 */
final class TenantOptions {

  /** How a confidential client sends its secret to /oauth/token. */
  enum ClientAuth { basic, post }

  @Option(names = "--domain", paramLabel = "DOMAIN|URL", order = 10,
      description = "Tenant domain (acme.us.auth0.com) or base URL; http:// only for loopback."
          + " Env: AUTH0_DOMAIN. Profile: domain.")
  String domain;

  @Option(names = "--client-id", paramLabel = "ID", order = 11,
      description = "Application client id. Env: AUTH0_CLIENT_ID. Profile: client_id.")
  String clientId;

  @Option(names = "--client-secret", paramLabel = "-", order = 12,
      description = "Read the client secret from stdin ('-'). Env: AUTH0_CLIENT_SECRET.")
  String clientSecret;

  @Option(names = "--client-secret-file", paramLabel = "FILE", order = 13,
      description = "Read the client secret from FILE (mode 600). Profile: client_secret_file.")
  Path clientSecretFile;

  @Option(names = "--private-key-file", paramLabel = "FILE", order = 14,
      description = "Authenticate the client with private_key_jwt using this PKCS#8 PEM key (mode 600)."
          + " Profile: private_key_file.")
  Path privateKeyFile;

  @Option(names = "--client-auth", paramLabel = "basic|post", order = 15,
      description = "How the client secret is sent to /oauth/token (default: post). Profile: client_auth.")
  ClientAuth clientAuth;

  /** {@code --client-secret -}, {@code --client-secret-file} or AUTH0_CLIENT_SECRET. */
  SecretOption clientSecret() {
    return new SecretOption("--client-secret", clientSecret, clientSecretFile, "AUTH0_CLIENT_SECRET");
  }

  @Option(names = "--ca-file", paramLabel = "FILE", order = 17,
      description = "Also trust the certificate authority in this PEM file, for a tenant behind a private CA"
          + " (mfa sandbox --https writes one); the system's CAs stay trusted and certificates are still checked.")
  Path caFile;

  @Option(names = "--profile", paramLabel = "NAME", order = 16,
      description = "Profile in ~/.config/mfakit/profiles (default: 'default'). Env: MFA_PROFILE.")
  String profile;
}
