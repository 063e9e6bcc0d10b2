package dev.mfakit.client.internal;

import dev.mfakit.client.RateLimit;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;

/**
 * A complete HTTP answer, body read and connection released.
 *
 * @param status the HTTP status
 * @param headers the response headers
 * @param body the body as UTF-8 text (possibly empty)
 * @param rateLimit the rate-limit headers, or null
 * @param receivedAt when the answer arrived (injected clock)
 * @param sentSecrets the secret values the request carried, masked in any error message that quotes them
 */
record Reply(int status, Headers headers, String body, RateLimit rateLimit, Instant receivedAt,
                    List<String> sentSecrets) {
  boolean successful() {
    return status >= 200 && status < 300;
  }

  /** The {@code error} code of a JSON error body, or null (no JSON object, no string code). */
  String error() {
    return Json.parseOrNull(body) instanceof Map<?, ?> map && map.get("error") instanceof String s ? s : null;
  }
}
