package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.squareup.moshi.JsonReader;
import com.squareup.moshi.Moshi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okio.Buffer;

/**
 * The test side of the wire: the JDK's HttpClient and Moshi, no code shared with the sandbox or the client.
 * Also a few journey steps and an independent RFC 6238 implementation.
 */
final class Wire {
  static final java.time.Clock FIXED = java.time.Clock.fixed(Instant.parse("2026-03-01T12:00:00Z"), ZoneOffset.UTC);
  static final String PASSWORD_REALM = "http://auth0.com/oauth/grant-type/password-realm";
  static final String MFA_OOB = "http://auth0.com/oauth/grant-type/mfa-oob";
  static final String MFA_OTP = "http://auth0.com/oauth/grant-type/mfa-otp";
  static final String MFA_RECOVERY = "http://auth0.com/oauth/grant-type/mfa-recovery-code";
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
  private static final Moshi MOSHI = new Moshi.Builder().build();

  final URI base;
  private final HttpClient http;

  Wire(SandboxTenant tenant) {
    this(tenant, HTTP);
  }

  /** Over a client of the test's own (say, one that trusts an HTTPS tenant's CA). */
  Wire(SandboxTenant tenant, HttpClient http) {
    this.base = tenant.baseUrl();
    this.http = http;
  }

  /** A response with its body read. */
  record Res(int status, java.net.http.HttpHeaders headers, String body) {
    String header(String name) {
      return headers.firstValue(name).orElse(null);
    }

    String contentType() {
      return header("Content-Type");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) parse(body);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> array() {
      return (List<Map<String, Object>>) parse(body);
    }

    String str(String field) {
      return (String) json().get(field);
    }

    /** Asserts an error answer: status, error code, exact description. */
    Res assertError(int expectedStatus, String error, String description) {
      assertEquals(expectedStatus, status, () -> "status; body: " + body);
      Map<String, Object> m = json();
      assertEquals(Map.of("error", error, "error_description", description), m, () -> "body: " + body);
      return this;
    }
  }

  static Object parse(String body) {
    try (JsonReader reader = JsonReader.of(new Buffer().writeUtf8(body))) {
      return reader.readJsonValue();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String toJson(Object value) {
    return MOSHI.adapter(Object.class).serializeNulls().toJson(value);
  }

  /** An ordered map from alternating keys and values. */
  static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  static String form(Map<String, ?> params) {
    return params.entrySet().stream()
        .map(e -> enc(e.getKey()) + "=" + enc(String.valueOf(e.getValue())))
        .collect(Collectors.joining("&"));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  Res send(String method, String path, String contentType, String body, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Res(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A JWT's header or payload (segment 0 or 1), decoded by the test's own means. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> jwtPart(String jwt, int segment) {
    return (Map<String, Object>) parse(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[segment]), StandardCharsets.UTF_8));
  }

  Res postJson(String path, Map<String, ?> body, String... headers) {
    return send("POST", path, "application/json", toJson(body), headers);
  }

  Res postForm(String path, Map<String, ?> body, String... headers) {
    return send("POST", path, "application/x-www-form-urlencoded", form(body), headers);
  }

  Res get(String path, String... headers) {
    return send("GET", path, null, null, headers);
  }

  Res delete(String path, String... headers) {
    return send("DELETE", path, null, null, headers);
  }

  static String[] bearer(String token) {
    return new String[] {"Authorization", "Bearer " + token};
  }

  // ---- journey steps ---------------------------------------------------------------------------------

  static Map<String, Object> clientAuth() {
    return map("client_id", SandboxTenant.CLIENT_ID, "client_secret", SandboxTenant.CLIENT_SECRET);
  }

  static Map<String, Object> with(Map<String, Object> base, Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>(base);
    m.putAll(map(kv));
    return m;
  }

  Res signIn(String username, String password, Object... extra) {
    Map<String, Object> p = with(clientAuth(), "grant_type", PASSWORD_REALM, "username", username,
        "password", password, "realm", SandboxTenant.REALM, "scope", "openid profile");
    p.putAll(map(extra));
    return postForm("/oauth/token", p);
  }

  /** Signs in a user who must use MFA and returns the mfa_token. */
  String mfaToken(String username, String password) {
    Res r = signIn(username, password);
    assertEquals(403, r.status(), r.body());
    String token = r.str("mfa_token");
    assertNotNull(token);
    return token;
  }

  Res associate(String bearer, Object... body) {
    return postJson("/mfa/associate", with(clientAuth(), body), bearer(bearer));
  }

  Res associateSms(String mfaToken, String phone) {
    return associate(mfaToken, "authenticator_types", List.of("oob"), "oob_channels", List.of("sms"),
        "phone_number", phone);
  }

  Res verifyOob(String mfaToken, String oobCode, String bindingCode) {
    Map<String, Object> p = with(clientAuth(), "grant_type", MFA_OOB, "mfa_token", mfaToken, "oob_code", oobCode);
    if (bindingCode != null) {
      p.put("binding_code", bindingCode);
    }
    return postForm("/oauth/token", p);
  }

  Res verifyOtp(String mfaToken, String otp) {
    return postForm("/oauth/token", with(clientAuth(), "grant_type", MFA_OTP, "mfa_token", mfaToken, "otp", otp));
  }

  Res verifyRecovery(String mfaToken, String code) {
    return postForm("/oauth/token",
        with(clientAuth(), "grant_type", MFA_RECOVERY, "mfa_token", mfaToken, "recovery_code", code));
  }

  Res challenge(String mfaToken, Object... extra) {
    return postJson("/mfa/challenge", with(with(clientAuth(), "mfa_token", mfaToken), extra));
  }

  Res list(String bearer) {
    return get("/mfa/authenticators", bearer(bearer));
  }

  /** Enrolls SMS for a fresh mfa_token and returns the token response of the confirmation. */
  Res enrollSms(SandboxTenant tenant, String mfaToken, String phone) {
    Res a = associateSms(mfaToken, phone);
    assertEquals(200, a.status(), a.body());
    String code = tenant.lastMessageTo(phone).code();
    Res t = verifyOob(mfaToken, a.str("oob_code"), code);
    assertEquals(200, t.status(), t.body());
    return t;
  }

  /** An access token for the /mfa/ audience, after an SMS challenge; the user must have SMS enrolled. */
  String mfaAccessToken(SandboxTenant tenant, String username, String password, String phone, String scope) {
    Res r = signIn(username, password, "audience", base + "/mfa/", "scope", scope);
    assertEquals(403, r.status(), r.body());
    String mfaToken = r.str("mfa_token");
    Res c = challenge(mfaToken, "challenge_type", "oob");
    assertEquals(200, c.status(), c.body());
    Res t = verifyOob(mfaToken, c.str("oob_code"), tenant.lastMessageTo(phone).code());
    assertEquals(200, t.status(), t.body());
    return t.str("access_token");
  }

  // ---- RFC 6238, written independently of the sandbox ----------------------------------------------------

  static byte[] base32Decode(String s) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteBuffer out = ByteBuffer.allocate(s.length() * 5 / 8);
    long buffer = 0;
    int bits = 0;
    for (char c : s.toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.put((byte) (buffer >> (bits - 8)));
        bits -= 8;
      }
    }
    return out.array();
  }

  static String totp(byte[] key, long epochSeconds, int digits) {
    try {
      long counter = epochSeconds / 30;
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(key, "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(counter).array());
      int o = h[19] & 0xf;
      int bin = ((h[o] & 0x7f) << 24) | ((h[o + 1] & 0xff) << 16) | ((h[o + 2] & 0xff) << 8) | (h[o + 3] & 0xff);
      int mod = (int) Math.pow(10, digits);
      return String.format("%0" + digits + "d", bin % mod);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  static String totp(String base32Secret, Instant at) {
    return totp(base32Decode(base32Secret), at.getEpochSecond(), 6);
  }

  static Map<String, Object> jwtPayload(String jwt) {
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) parse(
        new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    return m;
  }
}
