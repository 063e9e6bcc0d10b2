package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every client operation, with logging on, under every kind of answer (success, an error that echoes every secret,
 * an HTML page, an undecodable body, a rate limit, a dropped connection) and every client authentication: no
 * canary secret may appear in a log line, an OkHttp (java.util.logging) record, an exception message, toString or
 * stack trace, or the toString of a result. A control checks that every canary really crossed the wire.
 */
class SecretCanaryClientTest extends MockServerTest {
  static final String PASSWORD = "pw-CANARY-7f3a91-password";
  static final String CLIENT_SECRET = "cs-CANARY-2b8e44-client-secret";
  static final String MFA = "Fe26.2**CANARY-mfa-token-5c19d0";
  static final String OOB = "Fe26.2*CANARY-oob-code-8d42a7";
  static final String BINDING = "482913";
  static final String OTP = "736250";
  static final String RECOVERY = "RCANARYQ4X7Z2M9K5W3H8J6T";
  static final String NEW_RECOVERY = "NCANARYB7D3F9G2L5P8R4V6X";
  static final String ACCESS = "eyJhbGciOiJIUzI1NiJ9.CANARY-access-token.sig91";
  static final String ID = "eyJhbGciOiJIUzI1NiJ9.CANARY-id-token.sig27";
  static final String REFRESH = "v1.CANARY-refresh-token-0e6b3c";
  static final String TOTP_SECRET = "JBSWY3DPCANARYXXJBSWY3DPEHPK3PXP";
  static final String BARCODE = "otpauth://totp/mfakit:jane?secret=JBSWY3DPCANARYXXJBSWY3DPEHPK3PXP";
  /** A push enrollment's QR code: no TOTP secret, but whoever scans it enrolls a phone. */
  static final String PUSH_BARCODE = "otpauth://totp/mfakit:jane?enrollment_tx_id=CANARYpushTx7Q2&base_url=https%3A"
      + "%2F%2Fcanary.guardian.example";
  static final String PHONE = "+15559871234";

  private static KeyPair key;
  private static String pem;
  private static final Set<String> ASSERTIONS = ConcurrentHashMap.newKeySet();
  private static final List<String> WIRE = Collections.synchronizedList(new ArrayList<>());
  private static int runs;
  private static int texts;

  /** Canary name to value; the private key is represented by a slice of its PEM body (any slice would do). */
  static Map<String, String> canaries() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("password", PASSWORD);
    m.put("client secret", CLIENT_SECRET);
    m.put("private key", pem.lines().skip(3).findFirst().orElseThrow());
    m.put("mfa_token", MFA);
    m.put("oob_code", OOB);
    m.put("binding code", BINDING);
    m.put("otp", OTP);
    m.put("recovery code", RECOVERY);
    m.put("new recovery code", NEW_RECOVERY);
    m.put("access token", ACCESS);
    m.put("id token", ID);
    m.put("refresh token", REFRESH);
    m.put("TOTP secret", TOTP_SECRET);
    m.put("barcode URI", BARCODE);
    m.put("push barcode URI", "CANARYpushTx7Q2");
    m.put("phone number", PHONE.substring(2));
    return m;
  }

  @BeforeAll
  static void generateKey() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    key = gen.generateKeyPair();
    pem = "-----BEGIN PRIVATE KEY-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getPrivate().getEncoded())
        + "\n-----END PRIVATE KEY-----\n";
  }

  enum Auth { SECRET_POST, SECRET_BASIC, PRIVATE_KEY_JWT }

  enum Kind { POST, GET, DELETE }

  static final String TOKENS = "{\"access_token\":\"" + ACCESS + "\",\"id_token\":\"" + ID + "\",\"refresh_token\":\""
      + REFRESH + "\",\"expires_in\":600,\"token_type\":\"Bearer\",\"scope\":\"openid offline_access\","
      + "\"recovery_code\":\"" + NEW_RECOVERY + "\"}";

  /** Every public operation, with a success answer full of secrets. */
  enum Op {
    SIGN_IN_MFA_REQUIRED(Kind.POST, c -> c.signIn(PasswordSignIn.of("jane@example.com", PASSWORD)), 403,
        "{\"error\":\"mfa_required\",\"error_description\":\"Multifactor authentication required\",\"mfa_token\":\""
            + MFA + "\"}"),
    SIGN_IN_TOKENS(Kind.POST, c -> c.signIn(PasswordSignIn.of("jane@example.com", PASSWORD)
        .withRealm("Username-Password-Authentication")), 200, TOKENS),
    ASSOCIATE_SMS(Kind.POST, c -> c.associate(MfaToken.of(MFA), Enrollment.sms(PHONE)), 200,
        "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_channel\":\"sms\",\"oob_code\":\"" + OOB
            + "\",\"recovery_codes\":[\"" + RECOVERY + "\"]}"),
    ASSOCIATE_OTP(Kind.POST, c -> c.associate(AccessToken.of(ACCESS), Enrollment.otp()), 200,
        "{\"authenticator_type\":\"otp\",\"secret\":\"" + TOTP_SECRET + "\",\"barcode_uri\":\"" + BARCODE
            + "\",\"recovery_codes\":[\"" + RECOVERY + "\"]}"),
    ASSOCIATE_PUSH(Kind.POST, c -> c.associate(MfaToken.of(MFA), Enrollment.push()), 200,
        "{\"authenticator_type\":\"oob\",\"barcode_uri\":\"" + PUSH_BARCODE + "\",\"oob_channel\":\"auth0\","
            + "\"oob_code\":\"" + OOB + "\",\"recovery_codes\":[\"" + RECOVERY + "\"]}"),
    CHALLENGE(Kind.POST, c -> c.challenge(MfaToken.of(MFA), ChallengeRequest.forAuthenticatorId("sms|dev_x")), 200,
        "{\"challenge_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_code\":\"" + OOB + "\"}"),
    VERIFY_OOB(Kind.POST, c -> c.verifyOob(MfaToken.of(MFA), OOB, BINDING), 200, TOKENS),
    POLL_PUSH(Kind.POST, c -> c.pollPushApproval(MfaToken.of(MFA), OOB), 200, TOKENS),
    AWAIT_PUSH(Kind.POST, c -> c.awaitPushApproval(MfaToken.of(MFA), OOB, Duration.ofSeconds(30)), 200, TOKENS),
    VERIFY_OTP(Kind.POST, c -> c.verifyOtp(MfaToken.of(MFA), OTP), 200, TOKENS),
    VERIFY_RECOVERY_CODE(Kind.POST, c -> c.verifyRecoveryCode(MfaToken.of(MFA), RECOVERY), 200, TOKENS),
    LIST(Kind.GET, c -> c.listAuthenticators(AccessToken.of(ACCESS)), 200,
        "[{\"id\":\"sms|dev_x\",\"authenticator_type\":\"oob\",\"active\":true,\"oob_channel\":\"sms\","
            + "\"name\":\"+1******1234\"}]"),
    DELETE(Kind.DELETE, c -> {
      c.deleteAuthenticator(AccessToken.of(ACCESS), "sms|dev_x");
      return "deleted";
    }, 204, "");

    final Kind kind;
    final Function<MfaClient, Object> call;
    final int status;
    final String body;

    Op(Kind kind, Function<MfaClient, Object> call, int status, String body) {
      this.kind = kind;
      this.call = call;
      this.status = status;
      this.body = body;
    }
  }

  /** How the tenant answers. */
  enum Answer { SUCCESS, ERROR_ECHOING_SECRETS, HTML_ECHOING_SECRETS, UNDECODABLE_WITH_SECRETS, RATE_LIMITED_ECHOING,
    DROPPED_AFTER_REQUEST }

  static Stream<Arguments> cases() {
    return Stream.of(Op.values()).flatMap(op -> Stream.of(Answer.values())
        .flatMap(a -> Stream.of(Auth.values()).map(auth -> Arguments.of(op, a, auth))));
  }

  private static String allSecrets() {
    return String.join(" ", PASSWORD, CLIENT_SECRET, MFA, OOB, "code " + BINDING, "otp " + OTP, RECOVERY, NEW_RECOVERY,
        ACCESS, ID, REFRESH, TOTP_SECRET, BARCODE, PUSH_BARCODE, "phone " + PHONE, "assertion " + pem);
  }

  private MockResponse answer(Op op, Answer a) {
    String echo = allSecrets().replace("\"", "").replace("\n", " ");
    return switch (a) {
      case SUCCESS -> new MockResponse.Builder().code(op.status).addHeader("Content-Type", "application/json")
          .body(op.body).build();
      case ERROR_ECHOING_SECRETS -> new MockResponse.Builder().code(403).addHeader("Content-Type", "application/json")
          .body("{\"error\":\"invalid_grant\",\"error_description\":\"Invalid " + echo + "\",\"mfa_token\":\"" + MFA
              + "\",\"access_token\":\"" + ACCESS + "\",\"password\":\"" + PASSWORD + "\"}").build();
      case HTML_ECHOING_SECRETS -> new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
          .body("<html><body>" + echo + "</body></html>").build();
      case UNDECODABLE_WITH_SECRETS -> new MockResponse.Builder().code(200).addHeader("Content-Type", "application/json")
          .body(op.kind == Kind.GET ? "{\"authenticators\":\"" + echo + "\"}"
              : "{\"access_token\":[\"" + ACCESS + "\"],\"mfa_token\":{\"v\":\"" + MFA + "\"},\"oob_code\":7,"
              + "\"authenticator_type\":[\"" + echo + "\"],\"challenge_type\":{\"x\":\"" + echo + "\"},"
              + "\"expires_in\":\"" + echo + "\"").build();
      case RATE_LIMITED_ECHOING -> new MockResponse.Builder().code(429).addHeader("Retry-After", "120")
          .body("{\"error\":\"too_many_requests\",\"error_description\":\"" + echo + "\"}").build();
      case DROPPED_AFTER_REQUEST -> new MockResponse.Builder().body(op.body)
          .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
    };
  }

  private MfaClient.Builder configured(Auth auth) {
    // Paced at one request a second (the fake clock moves, nothing waits), so that the pacer's log lines are checked.
    MfaClient.Builder b = builder().pacer(RequestPacer.startingAt(1));
    return switch (auth) {
      case SECRET_POST -> b.clientSecret(CLIENT_SECRET);
      case SECRET_BASIC -> b.clientAuthentication(ClientAuthentication.clientSecretBasic(CLIENT_SECRET));
      case PRIVATE_KEY_JWT -> b.clientAuthentication(ClientAuthentication.privateKeyJwtFromPem(pem));
    };
  }

  @ParameterizedTest(name = "{0} / {1} / {2}")
  @MethodSource("cases")
  void noSecretInLogsMessagesOrToString(Op op, Answer answer, Auth auth) throws Exception {
    if (op == Op.AWAIT_PUSH) {
      enqueue(400, "{\"error\":\"authorization_pending\",\"error_description\":\"Authorization pending: " + OOB + "\"}");
    }
    int attempts = op.kind == Kind.POST || answer == Answer.SUCCESS || answer == Answer.UNDECODABLE_WITH_SECRETS
        || answer == Answer.ERROR_ECHOING_SECRETS || answer == Answer.RATE_LIMITED_ECHOING ? 1 : 3;
    for (int i = 0; i < attempts; i++) {
      server.enqueue(answer(op, answer));
    }
    List<String> jul = Collections.synchronizedList(new ArrayList<>());
    Handler handler = capture(jul);
    Logger okhttp = Logger.getLogger("okhttp3");
    Level before = okhttp.getLevel();
    okhttp.setLevel(Level.ALL);
    okhttp.addHandler(handler);
    MfaClient client = configured(auth).build();
    List<String> seen = new ArrayList<>();
    try {
      Object result = op.call.apply(client);
      seen.add(String.valueOf(result));
      seen.add(String.valueOf(List.of(result)));
    } catch (RuntimeException e) {
      seen.add(e.getMessage());
      seen.add(e.toString());
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      seen.add(trace.toString());
    } finally {
      okhttp.removeHandler(handler);
      okhttp.setLevel(before);
    }
    seen.add(client.toString());
    seen.add(String.join("\n", logLines));
    int checked = seen.size(); // OkHttp's own records vary with timing; they are checked but not counted
    seen.addAll(jul);

    String where = op + " / " + answer + " / " + auth;
    for (String text : seen) {
      assertClean(where, text);
    }
    assertFalse(logLines.isEmpty(), "the logger was on");
    RecordedRequest r;
    while ((r = server.takeRequest(1, TimeUnit.MILLISECONDS)) != null) {
      String body = r.getBody() == null ? "" : r.getBody().utf8();
      StringBuilder headers = new StringBuilder();
      r.getHeaders().forEach(h -> headers.append(h.getFirst()).append(": ").append(h.getSecond()).append('\n'));
      String wire = headers + body + "\n" + java.net.URLDecoder.decode(body,
          java.nio.charset.StandardCharsets.UTF_8);
      WIRE.add(wire);
      int at = wire.indexOf("client_assertion=");
      if (at >= 0) {
        String assertion = wire.substring(at + "client_assertion=".length()).split("[&\\s]")[0];
        ASSERTIONS.add(assertion);
        assertClean(where, seen, assertion);
      }
    }
    synchronized (ASSERTIONS) {
      runs++;
      texts += checked;
    }
  }

  private static void assertClean(String where, String text) {
    if (text == null) {
      return;
    }
    for (Map.Entry<String, String> c : canaries().entrySet()) {
      assertFalse(text.contains(c.getValue()), () -> where + ": the " + c.getKey() + " leaked into:\n" + text);
    }
  }

  private static void assertClean(String where, List<String> texts, String assertion) {
    for (String text : texts) {
      assertFalse(text != null && text.contains(assertion.substring(0, 40)),
          () -> where + ": the client assertion leaked into:\n" + text);
    }
  }

  private static Handler capture(List<String> into) {
    SimpleFormatter formatter = new SimpleFormatter();
    Handler h = new Handler() {
      @Override
      public void publish(LogRecord record) {
        into.add(formatter.format(record));
      }

      @Override
      public void flush() {}

      @Override
      public void close() {}
    };
    h.setLevel(Level.ALL);
    return h;
  }

  /** The control: the canaries really went over the wire, so their absence elsewhere means something. */
  @AfterAll
  static void everyRequestSideCanaryWasSent() {
    if (runs < Op.values().length * Answer.values().length * Auth.values().length) {
      return; // a filtered run
    }
    String wire = String.join("\n", WIRE);
    for (String sent : List.of("password=" + PASSWORD, "client_secret=" + CLIENT_SECRET, MFA,
        "binding_code=" + BINDING, "otp=" + OTP, "recovery_code=" + RECOVERY, "Bearer " + ACCESS, PHONE, OOB)) {
      assertTrue(wire.contains(sent), "never sent: " + sent);
    }
    assertTrue(wire.contains("Authorization: Basic "), "Basic client authentication was exercised");
    assertFalse(ASSERTIONS.isEmpty(), "private_key_jwt was exercised");
    assertEquals(Op.values().length * Answer.values().length * Auth.values().length, runs);
    DocBlock.check("reliability.md", "client-canaries", "Client: " + canaries().size() + " canary values ("
        + String.join(", ", canaries().keySet()) + ", and each signed client assertion) checked in "
        + texts + " texts from " + runs + " runs (" + Op.values().length + " operations × " + Answer.values().length
        + " kinds of answer × " + Auth.values().length + " client authentications): log lines, OkHttp's own log "
        + "records, exception messages, toString and stack traces, result toString. Leaks found: 0.\n");
  }
}
