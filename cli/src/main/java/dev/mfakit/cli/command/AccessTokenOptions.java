package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.SecretOption;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.client.AccessToken;
import java.nio.file.Path;
import java.time.Clock;
import picocli.CommandLine.Option;

/**
 * An access token for the MFA API given to the run: {@code --access-token -}, {@code --access-token-file} or
 * MFA_ACCESS_TOKEN, as the token alone or the JSON that {@code mfa login --token-file} writes. Without one, the verb
 * signs in for one itself.
 */
final class AccessTokenOptions {
  @Option(names = "--access-token", paramLabel = "-", order = 40,
      description = "Read an access token for the MFA API from stdin ('-'). Env: MFA_ACCESS_TOKEN. Without one, mfa"
          + " signs in for one (which asks for your second factor).")
  String accessToken;

  @Option(names = "--access-token-file", paramLabel = "FILE", order = 41,
      description = "Read it from FILE (mode 600): the token alone, or the JSON that mfa login --token-file wrote.")
  Path accessTokenFile;

  SecretOption secret() {
    return new SecretOption("--access-token", accessToken, accessTokenFile, "MFA_ACCESS_TOKEN");
  }

  /** Whether the token was given on the command line ({@code -} or a file). */
  boolean given() {
    return secret().given();
  }

  /** The option given, for messages. */
  String option() {
    return accessToken != null ? "--access-token" : "--access-token-file";
  }

  /**
   * Checks the options before anything is read: {@code -} claims stdin, and a token given conflicts with a sign-in
   * asked for.
   *
   * @throws Failure (exit 2) otherwise
   */
  void check(Secrets secrets, SignInOptions signIn) {
    secret().check(secrets);
    if (given() && signIn.requested()) {
      throw Failure.usage("--access-token/--access-token-file and --username/--password conflict: either use a"
          + " token or sign in. Drop one of them");
    }
  }

  /** Whether MFA_ACCESS_TOKEN will be used: it is set, and neither a token nor a sign-in was asked for. */
  boolean fromEnvironment(Secrets secrets, SignInOptions signIn) {
    return !given() && !signIn.requested() && secret().readEnv(secrets) != null;
  }

  /**
   * The access token given (stdin, file, else MFA_ACCESS_TOKEN unless a sign-in is asked for), checked for the job.
   *
   * @param need what it is for
   * @return the token, or null when none was given
   */
  AccessToken read(Session session, Secrets secrets, SignInOptions signIn, GivenToken.Need need, Clock clock) {
    Sourced s = secret().readGiven(secrets);
    if (!signIn.requested()) {
      s = session.settings().get(Key.ACCESS_TOKEN, s);
    }
    // The command that gets a right one names the user's own username and file.
    return s == null ? null : GivenToken.accessToken(s, need.of(session.username(signIn), accessTokenFile), clock);
  }
}
