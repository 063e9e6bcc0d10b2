package dev.mfakit.client;

/**
 * Every failure of an {@link MfaClient} call: the server said no ({@link MfaApiException}), the network failed
 * ({@link MfaNetworkException}, {@link MfaOutcomeUnknownException}), or the answer made no sense ({@link
 * MfaDecodingException}). Unchecked. Messages never contain tokens, codes, secrets, phone numbers or bodies.
 */
public abstract sealed class MfaException extends RuntimeException
    permits MfaApiException, MfaNetworkException, MfaDecodingException {

  MfaException(String message, Throwable cause) {
    super(message, cause);
  }
}
