package dev.mfakit.client;

/**
 * The server answered, but not with what the protocol promises (malformed JSON, an HTML page, a missing or
 * mistyped field). The message names the problem and the JSON path, never the body.
 */
public final class MfaDecodingException extends MfaException {
  /** The HTTP status of the answer. */
  private final int status;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status of the answer
   * @param message what was wrong, without the body
   */
  public MfaDecodingException(int status, String message) {
    super(message, null);
    this.status = status;
  }

  /**
   * The HTTP status of the undecodable answer.
   *
   * @return the status code
   */
  public int status() {
    return status;
  }
}
