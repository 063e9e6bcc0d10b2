package dev.mfakit.client;

import dev.mfakit.client.internal.ErrorText;
import java.util.Collection;
import java.util.List;

/**
 * The server refused the call. {@link #reason()} tells what happened in typed form; {@link #error()} and {@link
 * #errorDescription()} keep the raw wire values. The message reads like {@code "The one-time password is wrong
 * (HTTP 403 invalid_grant): Invalid otp_code."} plus a hint where one helps; the description in it is sanitised.
 */
public final class MfaApiException extends MfaException {
  /** The HTTP status. */
  private final int status;
  /** The typed cause. */
  private final ErrorReason reason;
  /** The wire {@code error}, or null. */
  private final String error;
  /** The wire {@code error_description}, or null. */
  private final String errorDescription;
  /** The wire {@code error_uri}, or null. */
  private final String errorUri;
  /** The rate-limit headers of the answer, or null. */
  private final RateLimit rateLimit;
  /** The wire {@code error}, sanitised for printing, or null. */
  private final String safeError;
  /** The wire {@code error_description}, sanitised for printing, or null. */
  private final String safeDescription;

  /**
   * Creates the exception from what a server answered, for code that stands in for an {@link MfaClient} (a test
   * double, a wrapper that rethrows with another reason); the message is derived from the arguments and sanitised
   * like the client's own.
   *
   * @param status the HTTP status
   * @param reason the typed cause; null means {@link ErrorReason#UNKNOWN}
   * @param error the wire {@code error}, or null if the body had none
   * @param errorDescription the wire {@code error_description}, or null if the body had none
   * @param errorUri the wire {@code error_uri}, or null if the body had none
   * @param rateLimit the rate-limit headers of the answer, or null if it had none
   */
  public MfaApiException(int status, ErrorReason reason, String error, String errorDescription, String errorUri,
                         RateLimit rateLimit) {
    this(status, reason, error, errorDescription, errorUri, rateLimit, List.of());
  }

  /**
   * The client's own: also masks {@code knownSecrets} (the password, codes and tokens of the failed request) wherever
   * the message would quote them, however short they are. Reached from the client's internals through the factory
   * that {@link MfaClient} hands them ({@code MfaApiException::new}), so the redaction is no part of the API.
   */
  MfaApiException(int status, ErrorReason reason, String error, String errorDescription, String errorUri,
                  RateLimit rateLimit, Collection<String> knownSecrets) {
    super(ErrorText.message(status, reason, error, errorDescription, rateLimit, knownSecrets), null);
    this.status = status;
    this.reason = reason == null ? ErrorReason.UNKNOWN : reason;
    this.error = error;
    this.errorDescription = errorDescription;
    this.errorUri = errorUri;
    this.rateLimit = rateLimit;
    this.safeError = ErrorText.safeError(error);
    this.safeDescription = ErrorText.safeDescription(errorDescription, knownSecrets);
  }

  /**
   * The HTTP status.
   *
   * @return e.g. 403
   */
  public int status() {
    return status;
  }

  /**
   * The typed cause.
   *
   * @return the reason, {@link ErrorReason#UNKNOWN} for an unrecognised answer
   */
  public ErrorReason reason() {
    return reason;
  }

  /**
   * The raw wire {@code error}.
   *
   * @return e.g. {@code "invalid_grant"}, or null if the body had none
   */
  public String error() {
    return error;
  }

  /**
   * The raw wire {@code error_description}, unsanitised: do not log it blindly.
   *
   * @return the description, or null if the body had none
   */
  public String errorDescription() {
    return errorDescription;
  }

  /**
   * The raw wire {@code error_uri}: a page about the error, which Auth0 sends with some answers (the grant a client
   * may not use). As the server gave it: check it before showing it as a link.
   *
   * @return the URI text, or null if the body had none
   */
  public String errorUri() {
    return errorUri;
  }

  /**
   * The wire {@code error} as the message shows it, safe to print: the code when it has the shape of one (a short
   * word such as {@code invalid_grant}), else {@code <unexpected error code>}.
   *
   * @return the code, or null if the body had none
   */
  public String safeError() {
    return safeError;
  }

  /**
   * The wire {@code error_description} as the message shows it, safe to print: e-mail addresses, phone-like
   * numbers, long digit runs and token-like words masked, the request's own secrets masked, control characters
   * dropped, at most 200 characters.
   *
   * @return the sanitised description, or null if the body had none
   */
  public String safeDescription() {
    return safeDescription;
  }

  /**
   * The rate-limit headers of that answer ({@code X-RateLimit-*}, {@code Retry-After}).
   *
   * @return the rate limit, or null if the answer had none of those headers
   */
  public RateLimit rateLimit() {
    return rateLimit;
  }
}
