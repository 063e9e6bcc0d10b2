package dev.mfakit.client;

/**
 * A POST failed after its request may have reached the server (a timeout or a reset after sending): the
 * enrollment, challenge or verification may or may not have happened, and an SMS may have been sent. Never
 * retried automatically. List the user's authenticators before trying again.
 */
public final class MfaOutcomeUnknownException extends MfaNetworkException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   * @param cause the I/O failure, or null
   */
  public MfaOutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
