package dev.mfakit.sandbox.internal;

/**
 * One HTTP response before it is written: status, body and the few headers that vary. The front end adds the
 * Content-Type of the endpoint family, the X-RateLimit-* headers and the Cache-Control of /oauth/token.
 *
 * @param status HTTP status
 * @param body the JSON body, or null for none (204)
 * @param rate X-RateLimit-* values that replace the global ones (per-user limits), or null
 * @param headers extra header name/value pairs, flattened
 */
record Reply(int status, byte[] body, RateInfo rate, String... headers) {

  static Reply json(int status, byte[] body) {
    return new Reply(status, body, null);
  }

  static Reply noContent() {
    return new Reply(204, null, null);
  }

  boolean isError() {
    return status >= 400;
  }
}
