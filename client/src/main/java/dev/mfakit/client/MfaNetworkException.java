package dev.mfakit.client;

/**
 * No answer was received and the request did not reach the server (connection refused, DNS, TLS or certificate
 * failure, an interrupted wait) or was idempotent and retried until the attempts ran out. Safe to try again.
 * See the subclass {@link MfaOutcomeUnknownException} for a POST that may have been processed.
 */
public sealed class MfaNetworkException extends MfaException permits MfaOutcomeUnknownException {

  /**
   * Creates the exception.
   *
   * @param message what failed, without secrets
   * @param cause the I/O failure, or null
   */
  public MfaNetworkException(String message, Throwable cause) {
    super(message, cause);
  }
}
