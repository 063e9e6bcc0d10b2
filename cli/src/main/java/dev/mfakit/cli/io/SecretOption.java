package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.io.Settings.Tier;
import java.nio.file.Path;

/**
 * A secret the user passes as {@code -} (stdin), in a file, or in an environment variable: {@code --password},
 * {@code --client-secret}, {@code --mfa-token}, {@code --access-token}. Checked and read the same way for each, in
 * that order of precedence.
 *
 * @param option the stdin option, e.g. {@code --password}; the file option is this plus {@code -file}
 * @param dash the stdin option's value (must be {@code -}), or null when absent
 * @param file the file option's value, or null when absent
 * @param env the environment variable, or null when there is none (the password: a prompt instead)
 */
public record SecretOption(String option, String dash, Path file, String env) {

  String fileOption() {
    return option + "-file";
  }

  /** Whether the secret was given on the command line ({@code -} or a file). */
  public boolean given() {
    return dash != null || file != null;
  }

  /**
   * Checks, before anything is read: the value is {@code -} (a secret on the command line would land in shell
   * history and {@code ps}), not together with the file option, and {@code -} claims stdin.
   *
   * @throws Failure (exit 2) otherwise
   */
  public void check(Secrets secrets) {
    if (dash != null && !dash.equals("-")) {
      throw Failure.usage(option + " takes no value but '-': pass a secret as '-' (stdin) or with " + fileOption()
          + " FILE" + (env == null ? " (or answer the prompt)" : " or " + env) + ", never on the command line");
    }
    if (dash != null && file != null) {
      throw Failure.usage(option + " and " + fileOption() + " conflict. Drop one of them");
    }
    if (dash != null) {
      secrets.claimStdin(option);
    }
  }

  /** The secret from stdin or the file (after {@link #check}), or null when neither was given. */
  public Sourced readGiven(Secrets secrets) {
    if (dash != null) {
      return new Sourced(secrets.readStdin(option), option + " -", Tier.FLAG);
    }
    if (file != null) {
      return new Sourced(secrets.readFile(fileOption(), file), fileOption(), Tier.FLAG);
    }
    return null;
  }

  /** The secret from the environment variable, or null when it is unset or blank. */
  public Sourced readEnv(Secrets secrets) {
    String value = env == null ? null : secrets.env(env);
    return value == null ? null : new Sourced(value, env, Tier.ENV);
  }
}
