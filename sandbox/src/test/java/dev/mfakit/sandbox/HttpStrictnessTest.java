package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;

/** Paths, methods, content types, body size and malformed bodies. */
class HttpStrictnessTest {
  @AutoClose private final SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start();
  private final Wire w = new Wire(tenant);

  @Test
  void unknownPathsAreJson404() {
    for (String path : new String[] {"/", "/nope", "/oauth/token/", "/mfa/", "/mfa/enroll", "/sandbox/nope",
        "/mfa/authenticators/a/b"}) {
      Wire.Res r = w.get(path).assertError(404, "not_found", "Not Found");
      assertTrue(r.contentType().startsWith("application/json"), path);
    }
  }

  @Test
  void wrongMethodIs405WithAllow() {
    Wire.Res r = w.get("/oauth/token").assertError(405, "method_not_allowed", "Method Not Allowed");
    assertEquals("POST", r.header("Allow"));
    assertEquals("application/json", r.contentType());
    assertEquals("GET", w.send("POST", "/mfa/authenticators", "application/json", "{}").header("Allow"));
    assertEquals("DELETE", w.get("/mfa/authenticators/sms%7Cdev_x").header("Allow"));
    assertEquals(405, w.send("PUT", "/mfa/associate", "application/json", "{}").status());
    assertEquals(405, w.delete("/sandbox/messages").status());
    Wire.Res head = w.send("HEAD", "/sandbox/messages", null, null);
    assertEquals(405, head.status());
    assertEquals("GET", head.header("Allow"));
    assertEquals("", head.body());
    assertEquals(200, w.get("/sandbox/messages").status(), "the connection is still good");
  }

  @Test
  void contentTypesAreChecked() {
    String form = "grant_type=password";
    w.send("POST", "/oauth/token", "text/plain", form).assertError(400, "invalid_request",
        "Unsupported Content-Type: send application/json or application/x-www-form-urlencoded");
    w.send("POST", "/oauth/token", null, form).assertError(400, "invalid_request",
        "Unsupported Content-Type: send application/json or application/x-www-form-urlencoded");
    String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
    w.send("POST", "/mfa/associate", "application/x-www-form-urlencoded", "authenticator_types=otp",
        "Authorization", "Bearer " + mfa)
        .assertError(400, "invalid_request", "Unsupported Content-Type: send application/json");
    w.send("POST", "/mfa/challenge", "application/x-www-form-urlencoded", "mfa_token=x")
        .assertError(400, "invalid_request", "Unsupported Content-Type: send application/json");
    Wire.Res ok = w.send("POST", "/mfa/associate", "application/json; charset=UTF-8",
        "{\"authenticator_types\":[\"otp\"]}", "Authorization", "Bearer " + mfa);
    assertEquals(200, ok.status(), ok.body());
  }

  @Test
  void malformedBodiesAre400() {
    w.send("POST", "/oauth/token", "application/json", "{\"grant_type\":").assertError(400, "invalid_request",
        "Malformed JSON body");
    w.send("POST", "/oauth/token", "application/json", "[1,2]").assertError(400, "invalid_request",
        "The request body must be a JSON object");
    w.send("POST", "/oauth/token", "application/json", "").assertError(400, "invalid_request", "Malformed JSON body");
    w.send("POST", "/oauth/token", "application/json", "{} {}").assertError(400, "invalid_request",
        "Malformed JSON body");
    w.send("POST", "/oauth/token", "application/json", "{\"a\":1,\"a\":2}").assertError(400, "invalid_request",
        "Malformed JSON body");
    w.send("POST", "/oauth/token", "application/x-www-form-urlencoded", "grant_type=%zz")
        .assertError(400, "invalid_request", "Malformed form body");
    Wire.Res r = w.send("POST", "/oauth/token", "application/json", "{\"grant_type\":");
    assertNotNull(r.header("X-RateLimit-Limit"), "rate headers on errors too");
  }

  @Test
  void bodiesOver64KiBAre413() {
    String big = "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}";
    w.send("POST", "/oauth/token", "application/json", big)
        .assertError(413, "invalid_request", "Request body too large");
    String justFits = "{\"grant_type\":\"" + "a".repeat(60 * 1024) + "\"}";
    assertEquals(400, w.send("POST", "/oauth/token", "application/json", justFits).status(),
        "under the cap, parsed (and refused for other reasons)");
  }

  @Test
  void chunkedBodyOverTheCapIs413Too() throws Exception {
    try (Socket s = new Socket("127.0.0.1", tenant.port())) {
      OutputStream out = s.getOutputStream();
      out.write(("POST /oauth/token HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
          + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = ("8000\r\n" + "a".repeat(0x8000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
      for (int i = 0; i < 3; i++) {
        out.write(chunk);
      }
      out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
      assertEquals("HTTP/1.1 413", status);
    }
  }

  @Test
  void secretsAreNeverEchoed() {
    String secret = "super-secret-value-123";
    Wire.Res r = w.postForm("/oauth/token", Wire.map("grant_type", "password", "username", "demo@example.com",
        "password", secret, "client_id", SandboxTenant.CLIENT_ID, "client_secret", SandboxTenant.CLIENT_SECRET));
    assertTrue(!r.body().contains(secret));
    Wire.Res g = w.postForm("/oauth/token", Wire.map("grant_type", secret, "client_id", SandboxTenant.CLIENT_ID,
        "client_secret", secret));
    assertTrue(!g.body().contains(secret), g.body());
  }
}
