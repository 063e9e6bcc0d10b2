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

/**
 * The HTTP floor: the JDK server the sandbox uses, with as many worker threads, answering every request with a
 * canned body that a real sandbox gave for the same request. No state, no tokens, no checks: what is left of a
 * journey here is HTTP, the client and the JSON on both ends.
 */
final class CannedTenant implements AutoCloseable {
  /** One recorded answer: status, the headers a client reads, body. */
  record Canned(int status, Map<String, String> headers, byte[] body) {
    static Canned of(int status, Map<String, String> headers, String body) {
      return new Canned(status, new LinkedHashMap<>(headers), body.getBytes(StandardCharsets.UTF_8));
    }
  }

  /** The answers of one journey plus the list, as recorded. */
  record Answers(Canned mfaRequired, Canned associate, Canned tokens, Canned authenticators) {}

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
      String path = ex.getRequestURI().getRawPath();
      Canned c;
      switch (path) {
        case "/oauth/token" -> c = new String(request, StandardCharsets.ISO_8859_1).contains("mfa-oob")
            ? answers.tokens() : answers.mfaRequired();
        case "/mfa/associate" -> c = answers.associate();
        case "/mfa/authenticators" -> c = answers.authenticators();
        default -> c = new Canned(404, Map.of(), new byte[0]);
      }
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
