package dev.mfakit.client.internal;

import com.squareup.moshi.JsonWriter;
import dev.mfakit.client.HttpLogger;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import okhttp3.Headers;
import okio.Buffer;

/**
 * Writes redacted request/response lines to the caller's {@link HttpLogger}. Redaction is structural: bodies are
 * rebuilt from their fields (requests) or parsed (responses) and every secret field replaced, so nothing depends on
 * a regex spotting a token. A body that is not JSON is not logged at all.
 */
final class HttpLog {
  /** Answer fields whose values are never secret (types, channels, ids, flags), shown as they are. */
  private static final Set<String> PLAIN_ANSWER_FIELDS = Set.of("error", "token_type", "expires_in", "scope",
      "authenticator_type", "authenticator_types", "oob_channel", "oob_channels", "binding_method", "challenge_type",
      "id", "active", "name", "type");

  private final HttpLogger logger;

  HttpLog(HttpLogger logger) {
    this.logger = logger;
  }

  void request(String method, String url, Headers headers, WireRequest.BodyType type, Map<String, Object> fields,
               int attempt) {
    if (logger == null) {
      return;
    }
    logger.log("--> " + method + " " + url + (attempt > 1 ? " (attempt " + attempt + ")" : ""));
    if (type == WireRequest.BodyType.FORM) {
      logger.log("Content-Type: application/x-www-form-urlencoded");
    } else if (type == WireRequest.BodyType.JSON) {
      logger.log("Content-Type: application/json; charset=utf-8");
    }
    headers(headers);
    if (fields != null) {
      logger.log(type == WireRequest.BodyType.FORM ? redactedForm(fields) : redactedJson(fields));
    }
    logger.log("--> END " + method);
  }

  /**
   * Logs an answer. A server may echo what it was sent, under any name (an error text, a field we do not know, a
   * header): so the secrets this request carried are masked wherever they appear, and strings of fields not known
   * to be harmless are sanitised like error descriptions.
   */
  void response(int status, String url, long millis, Headers headers, String body, List<String> sentSecrets) {
    if (logger == null) {
      return;
    }
    logger.log("<-- " + status + " " + url + " (" + millis + " ms)");
    for (int i = 0; i < headers.size(); i++) {
      logger.log(Redaction.without(headers.name(i) + ": " + headerValue(headers.name(i), headers.value(i)),
          sentSecrets));
    }
    if (body != null && !body.isEmpty()) {
      logger.log(Redaction.without(redactedResponseBody(body), sentSecrets));
    }
    logger.log("<-- END HTTP");
  }

  void failure(String url, long millis, Exception e) {
    if (logger != null) {
      // The class only: I/O messages are not ours and are not worth the risk.
      logger.log("<-- HTTP FAILED " + url + " (" + millis + " ms): " + e.getClass().getSimpleName());
    }
  }

  void note(String line) {
    if (logger != null) {
      logger.log(line);
    }
  }

  private void headers(Headers headers) {
    for (int i = 0; i < headers.size(); i++) {
      logger.log(headers.name(i) + ": " + headerValue(headers.name(i), headers.value(i)));
    }
  }

  static String headerValue(String name, String value) {
    String n = name.toLowerCase(Locale.ROOT);
    if (n.equals("authorization") || n.equals("proxy-authorization")) {
      int space = value.indexOf(' ');
      return space > 0 ? value.substring(0, space) + " " + Redaction.MASK : Redaction.MASK;
    }
    if (n.equals("cookie") || n.equals("set-cookie") || n.equals("dpop")) {
      return Redaction.MASK;
    }
    return value;
  }

  static String redactedForm(Map<String, Object> fields) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, Object> e : fields.entrySet()) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(e.getKey()).append('=').append(redactValue(e.getKey(), e.getValue()));
    }
    return out.toString();
  }

  static String redactedJson(Map<String, Object> fields) {
    return writeTree(redactTree(fields));
  }

  static String redactedResponseBody(String body) {
    Object tree = Json.parseOrNull(body);
    if (tree == null) {
      return "(" + body.length() + "-character body, not JSON, omitted)";
    }
    return writeTree(redactAnswer(null, tree));
  }

  /** Our own request fields: every key is known, so only the secret ones are masked. */
  private static Object redactTree(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        String key = String.valueOf(e.getKey());
        Object v = e.getValue();
        out.put(key, v instanceof Map || v instanceof List ? redactNested(key, v) : redactValue(key, v));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(redactTree(item));
      }
      return out;
    }
    return value;
  }

  private static Object redactNested(String key, Object value) {
    return Redaction.SECRET_FIELDS.contains(key) ? Redaction.MASK : redactTree(value);
  }

  /**
   * A server's answer: only the strings of {@link #PLAIN_ANSWER_FIELDS} are shown as they are; {@code
   * error_description} is sanitised, phone numbers masked, and every other string masked, because a field we do not
   * know may hold anything, an echo of our request included (list items take their field's rule).
   */
  private static Object redactAnswer(String key, Object value) {
    if (key != null && Redaction.SECRET_FIELDS.contains(key)) {
      return value == null ? null : Redaction.MASK;
    }
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.put(String.valueOf(e.getKey()), redactAnswer(String.valueOf(e.getKey()), e.getValue()));
      }
      return out;
    }
    if (value instanceof List<?> list) {
      List<Object> out = new ArrayList<>(list.size());
      for (Object item : list) {
        out.add(redactAnswer(key, item));
      }
      return out;
    }
    if (value instanceof String s && key != null && key.equals("phone_number")) {
      return Redaction.phone(s);
    }
    if (value instanceof String s && key != null && key.equals("error_description")) {
      return Redaction.sanitize(s);
    }
    if (value instanceof String && (key == null || !PLAIN_ANSWER_FIELDS.contains(key))) {
      return Redaction.MASK;
    }
    return value;
  }

  private static Object redactValue(String key, Object value) {
    if (value == null) {
      return null;
    }
    if (Redaction.SECRET_FIELDS.contains(key)) {
      return Redaction.MASK;
    }
    if (key.equals("phone_number")) {
      return Redaction.phone(String.valueOf(value));
    }
    if (key.equals("username") || key.equals("email")) {
      return Redaction.person(String.valueOf(value));
    }
    if (key.equals("error_description") && value instanceof String s) {
      return Redaction.sanitize(s);
    }
    return value;
  }

  private static String writeTree(Object tree) {
    Buffer buffer = new Buffer();
    try (JsonWriter writer = JsonWriter.of(buffer)) {
      writer.setSerializeNulls(true);
      Json.writeValue(writer, tree);
    } catch (IOException e) {
      return "(body omitted)";
    }
    return buffer.readUtf8();
  }
}
