package dev.mfakit.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import okhttp3.MediaType;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;

/**
 * A canned tenant: the JDK server the sandbox uses, answering every request with a recorded body. No state, no
 * tokens, no checks: what is left of a call here is HTTP, the client and the JSON on both ends. Two sets of answers:
 * those a sandbox gave (the HTTP floor of the journeys) and those a real Auth0 tenant gave ({@link #auth0()}, the
 * server of the client benchmarks).
 */
final class CannedTenant implements AutoCloseable {
  /** One recorded answer: status, the headers a client reads, body. */
  record Canned(int status, Map<String, String> headers, byte[] body) {
    static Canned of(int status, Map<String, String> headers, String body) {
      return new Canned(status, new LinkedHashMap<>(headers), body.getBytes(StandardCharsets.UTF_8));
    }

    /** A top-level string field of the body (the harness needs two; no JSON library for that). */
    String bodyField(String field) {
      String text = new String(body, StandardCharsets.UTF_8).replace("\": \"", "\":\"");
      String key = "\"" + field + "\":\"";
      int from = text.indexOf(key) + key.length();
      return text.substring(from, text.indexOf('"', from));
    }
  }

  /** The answers of one journey plus the list, as recorded. */
  record Answers(Canned mfaRequired, Canned associate, Canned tokens, Canned authenticators) {
    /** The recorded answer to a request path (and, on /oauth/token, its grant). */
    Canned to(String path, byte[] request) {
      return switch (path) {
        case "/oauth/token" -> new String(request, StandardCharsets.ISO_8859_1).contains("mfa-oob")
            ? tokens : mfaRequired;
        case "/mfa/associate" -> associate;
        case "/mfa/authenticators" -> authenticators;
        default -> new Canned(404, Map.of(), new byte[0]);
      };
    }

    /** The answer as an OkHttp response, without a socket: the request body is written out all the same. */
    Response answer(Request request) throws IOException {
      Buffer sent = new Buffer();
      if (request.body() != null) {
        request.body().writeTo(sent);
      }
      Canned c = to(request.url().encodedPath(), sent.readByteArray());
      Response.Builder b = new Response.Builder().request(request).protocol(Protocol.HTTP_1_1).code(c.status())
          .message(c.status() == 200 ? "OK" : "Error");
      c.headers().forEach(b::header);
      String type = c.headers().getOrDefault("Content-Type", "application/json");
      return b.body(ResponseBody.create(c.body(), MediaType.get(type))).build();
    }
  }

  /**
   * Real Auth0 answers (the recorded fixtures in {@code recorded/}), with the headers Auth0 sends: {@code
   * /oauth/token} answers {@code application/json} with no-store and the X-RateLimit trio, {@code /mfa/*} answers
   * {@code application/json; charset=utf-8} (docs/protocol.md, "Transport").
   */
  static Answers auth0() {
    Map<String, String> token = new LinkedHashMap<>();
    token.put("Content-Type", "application/json");
    token.put("Cache-Control", "no-store");
    token.put("Pragma", "no-cache");
    token.put("X-RateLimit-Limit", "100");
    token.put("X-RateLimit-Remaining", "95");
    token.put("X-RateLimit-Reset", "1630704494");
    Map<String, String> mfa = Map.of("Content-Type", "application/json; charset=utf-8");
    return new Answers(Canned.of(403, token, fixture("mfa-required.json")), Canned.of(200, mfa,
        fixture("associate-sms.json")), Canned.of(200, token, fixture("token.json")),
        Canned.of(200, mfa, fixture("authenticators.json")));
  }

  private static String fixture(String name) {
    try (var in = CannedTenant.class.getResourceAsStream("/recorded/" + name)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private final HttpServer http;
  private final ExecutorService executor;
  private final Answers answers;

  CannedTenant(Answers answers, int threads) {
    this.answers = answers;
    try {
      http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    executor = Executors.newFixedThreadPool(threads, r -> {
      Thread t = new Thread(r, "canned-tenant");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(executor);
    http.createContext("/", this::handle);
    http.start();
  }

  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      // Read the whole request, as any server must before the connection can be reused.
      byte[] request = ex.getRequestBody().readAllBytes();
      Canned c = answers.to(ex.getRequestURI().getRawPath(), request);
      c.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
      ex.sendResponseHeaders(c.status(), c.body().length == 0 ? -1 : c.body().length);
      if (c.body().length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(c.body());
        }
      }
    }
  }

  @Override
  public void close() {
    http.stop(0);
    executor.shutdownNow();
  }
}
