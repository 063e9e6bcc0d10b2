package dev.mfakit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;

/**
 * A tenant on a MockWebServer that answers each step of the protocol healthily, unless a test scripted a fault
 * for that step; it counts the complete requests it read per step. Every secret it hands out is a field, so a
 * test can use canary values.
 */
final class ScriptedTenant extends Dispatcher implements AutoCloseable {
  /** The steps the CLI takes, told apart by path, method and grant. */
  enum Step { SIGN_IN, ASSOCIATE, CHALLENGE, VERIFY, LIST, DELETE, OTHER }

  String mfaToken = "Fe26.2**scripted-mfa-token";
  String oobCode = "Fe26.2*scripted-oob-code";
  String recoveryCode = "ABCDEFGHJKLMNPQRSTUVWXYZ";
  String newRecoveryCode = "ZYXWVUTSRQPNMLKJHGFEDCBA";
  String accessToken = "scripted-access-token";
  String idToken = "scripted-id-token";
  String refreshToken = "scripted-refresh-token";
  String totpSecret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  String appBarcodeUri = "otpauth://totp/Scripted:jane%40example.com?secret=" + totpSecret + "&issuer=Scripted";
  String pushBarcodeUri = "otpauth://totp/Scripted:jane%40example.com?enrollment_tx_id=scriptedTx&base_url=https%3A"
      + "%2F%2Fscripted.guardian.example";

  private final MockWebServer server = new MockWebServer();
  private final Map<Step, Deque<MockResponse>> scripted = new EnumMap<>(Step.class);
  private final Map<Step, Integer> seen = new EnumMap<>(Step.class);
  final List<RecordedRequest> requests = Collections.synchronizedList(new ArrayList<>());

  ScriptedTenant() {
    server.setDispatcher(this);
    try {
      server.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String url() {
    return "http://127.0.0.1:" + server.getPort();
  }

  /** Answers the next request of {@code step} with {@code response} (in order, once each). */
  synchronized ScriptedTenant script(Step step, MockResponse... responses) {
    Deque<MockResponse> q = scripted.computeIfAbsent(step, s -> new ArrayDeque<>());
    Collections.addAll(q, responses);
    return this;
  }

  /** Forgets what was scripted for {@code step}: it answers healthily again. */
  synchronized ScriptedTenant clearScript(Step step) {
    scripted.remove(step);
    return this;
  }

  /** The complete requests read for {@code step}. */
  synchronized int seen(Step step) {
    return seen.getOrDefault(step, 0);
  }

  /** All steps with a request, e.g. {@code SIGN_IN 1, ASSOCIATE 1}. */
  synchronized String seenSummary() {
    StringBuilder sb = new StringBuilder();
    seen.forEach((step, n) -> sb.append(sb.length() == 0 ? "" : ", ").append(step.name().toLowerCase().replace('_', '-'))
        .append(' ').append(n));
    return sb.length() == 0 ? "none" : sb.toString();
  }

  @Override
  public MockResponse dispatch(RecordedRequest r) {
    requests.add(r);
    Step step = stepOf(r);
    synchronized (this) {
      seen.merge(step, 1, Integer::sum);
      Deque<MockResponse> q = scripted.get(step);
      if (q != null && !q.isEmpty()) {
        return q.poll();
      }
    }
    return healthy(step, r);
  }

  static Step stepOf(RecordedRequest r) {
    String path = r.getUrl().encodedPath();
    String body = r.getBody() == null ? "" : URLDecoder.decode(r.getBody().utf8(), StandardCharsets.UTF_8);
    if (path.equals("/oauth/token")) {
      return body.contains("grant_type=password") || body.contains("grant-type/password-realm") ? Step.SIGN_IN
          : Step.VERIFY;
    }
    if (path.equals("/mfa/associate")) {
      return Step.ASSOCIATE;
    }
    if (path.equals("/mfa/challenge")) {
      return Step.CHALLENGE;
    }
    if (path.startsWith("/mfa/authenticators")) {
      return "DELETE".equals(r.getMethod()) ? Step.DELETE : Step.LIST;
    }
    return Step.OTHER;
  }

  private MockResponse healthy(Step step, RecordedRequest r) {
    return switch (step) {
      case SIGN_IN -> json(403, "{\"error\":\"mfa_required\",\"error_description\":\"Multifactor authentication"
          + " required\",\"mfa_token\":\"" + mfaToken + "\"}");
      case ASSOCIATE -> associated(r.getBody() == null ? "" : r.getBody().utf8());
      case CHALLENGE -> json(200, "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\""
          + oobCode + "\"}");
      case VERIFY -> json(200, "{\"access_token\":\"" + accessToken + "\",\"id_token\":\"" + idToken
          + "\",\"refresh_token\":\"" + refreshToken + "\",\"expires_in\":600,\"token_type\":\"Bearer\","
          + "\"scope\":\"openid offline_access\"" + (r.getBody() != null
          && r.getBody().utf8().contains("mfa-recovery-code") ? ",\"recovery_code\":\"" + newRecoveryCode + "\"" : "")
          + "}");
      case LIST -> json(200, "[{\"id\":\"sms|dev_scripted0001\",\"authenticator_type\":\"oob\",\"active\":true,"
          + "\"oob_channel\":\"sms\",\"name\":\"+1******4567\"},{\"id\":\"recovery-code|dev_scripted0002\","
          + "\"authenticator_type\":\"recovery-code\",\"active\":true}]");
      case DELETE -> new MockResponse.Builder().code(204).build();
      case OTHER -> json(404, "{\"error\":\"not_found\",\"error_description\":\"Not found\"}");
    };
  }

  /** The healthy answer to an association: an app's secret and QR code, a push's QR code, or a code sent. */
  private MockResponse associated(String body) {
    if (body.contains("\"otp\"")) {
      return json(200, "{\"authenticator_type\":\"otp\",\"secret\":\"" + totpSecret + "\",\"barcode_uri\":\""
          + appBarcodeUri + "\",\"recovery_codes\":[\"" + recoveryCode + "\"]}");
    }
    if (body.contains("\"auth0\"")) {
      return json(200, "{\"authenticator_type\":\"oob\",\"barcode_uri\":\"" + pushBarcodeUri + "\",\"oob_channel\":"
          + "\"auth0\",\"oob_code\":\"" + oobCode + "\",\"recovery_codes\":[\"" + recoveryCode + "\"]}");
    }
    return json(200, "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_channel\":"
        + "\"sms\",\"oob_code\":\"" + oobCode + "\",\"recovery_codes\":[\"" + recoveryCode + "\"]}");
  }

  static MockResponse json(int code, String body) {
    return new MockResponse.Builder().code(code).addHeader("Content-Type", "application/json; charset=utf-8")
        .body(body).build();
  }

  @Override
  public void close() {
    server.close();
  }
}
