package dev.mfakit.client.internal;

import java.time.Instant;
import java.util.Map;
import java.util.function.Supplier;
import okhttp3.HttpUrl;

/**
 * One logical call, before it becomes HTTP. The body is a supplier so that every attempt gets fresh client
 * authentication (a private_key_jwt assertion's {@code jti} must never repeat).
 *
 * @param operation which call, for messages and error mapping
 * @param method GET, POST or DELETE
 * @param url the full URL
 * @param bodyType how {@code body} is encoded, or null without a body
 * @param body headers (Authorization) and body fields (String or List of String values), built per attempt
 * @param credentialExpiry when the credential of this call expires (a 429 wait beyond it fails at once), or null
 */
record WireRequest(Operation operation, String method, HttpUrl url, BodyType bodyType,
                          Supplier<Parts> body, Instant credentialExpiry) {

  /** Body encodings. */
  public enum BodyType { FORM, JSON }

  /**
   * What one attempt sends besides the URL.
   *
   * @param headers extra headers such as Authorization
   * @param fields body fields, or null
   */
  public record Parts(Map<String, String> headers, Map<String, Object> fields) {}

  boolean idempotent() {
    return method.equals("GET") || method.equals("DELETE");
  }
}
