package dev.mfakit.cli.flow;

import dev.mfakit.client.PasswordSignIn;

/**
 * How a sign-in gets its password again after the tenant refused it: a person at a prompt types it again (three
 * tries in all, like codes); a password from a file or stdin is not asked for again. It keeps the password that
 * worked, so that a later sign-in of the same run (a new mfa_token, the one for the MFA API) uses it.
 */
public interface PasswordRetry {
  /**
   * The sign-in with the password that last worked, when it was typed again.
   *
   * @param request a sign-in of this run
   * @return {@code request}, or the same with the corrected password
   */
  PasswordSignIn current(PasswordSignIn request);

  /**
   * Asks for the password again.
   *
   * @param refused the sign-in the tenant refused
   * @param triesLeft how many tries remain, this one included
   * @return the sign-in with the new password, or null when it cannot be asked again
   * @throws dev.mfakit.cli.Failure when the person gives none
   */
  PasswordSignIn again(PasswordSignIn refused, int triesLeft);

  /**
   * No second try (a password from a file or stdin).
   *
   * @return the retry that never asks
   */
  static PasswordRetry none() {
    return None.INSTANCE;
  }

  /** {@link #none()}. */
  final class None implements PasswordRetry {
    private static final None INSTANCE = new None();

    private None() {}

    @Override
    public PasswordSignIn current(PasswordSignIn request) {
      return request;
    }

    @Override
    public PasswordSignIn again(PasswordSignIn refused, int triesLeft) {
      return null;
    }
  }
}
