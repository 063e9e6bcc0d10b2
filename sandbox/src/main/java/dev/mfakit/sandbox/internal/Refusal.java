package dev.mfakit.sandbox.internal;

/**
 * A protocol error answered as {@code {"error": ..., "error_description": ...}}. Thrown from deep inside a
 * handler and turned into a {@link Reply} by the front end. Descriptions are fixed texts: they never echo a
 * secret, token or code from the request.
 */
final class Refusal extends RuntimeException {
  private static final long serialVersionUID = 1L;

  final int status;
  final String error;
  final String description;
  final transient RateInfo rate;
  final String[] headers;
  /** The optional {@code error_uri} member, or null. */
  final String errorUri;

  Refusal(int status, String error, String description, RateInfo rate, String... headers) {
    this(status, error, description, null, rate, headers);
  }

  private Refusal(int status, String error, String description, String errorUri, RateInfo rate, String... headers) {
    super(error, null, false, false); // no stack trace: refusals are ordinary, frequent answers
    this.status = status;
    this.error = error;
    this.description = description;
    this.errorUri = errorUri;
    this.rate = rate;
    this.headers = headers;
  }

  /** An answer that also names the page explaining it ({@code error_uri}). */
  static Refusal withErrorUri(int status, String error, String description, String errorUri) {
    return new Refusal(status, error, description, errorUri, null);
  }

  Refusal(int status, String error, String description) {
    this(status, error, description, null);
  }

  static Refusal invalidRequest(String description) {
    return new Refusal(400, "invalid_request", description);
  }

  /** A 429 of a rate limit, with the limit's own X-RateLimit-* values. */
  static Refusal tooManyRequests(RateInfo rate) {
    return new Refusal(429, "too_many_requests",
        "Too many requests. Check the X-RateLimit-Limit, X-RateLimit-Remaining and X-RateLimit-Reset headers.", rate);
  }

  static Refusal missing(String parameter) {
    return invalidRequest("Missing required parameter: " + parameter);
  }

  Reply toReply() {
    byte[] body = new Json.Out().beginObject()
        .field("error", error)
        .field("error_description", description)
        .optional("error_uri", errorUri)
        .endObject().bytes();
    return new Reply(status, body, rate, headers);
  }
}
