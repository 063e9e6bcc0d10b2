package dev.mfakit.sandbox.internal;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The JDK's built-in HTTP (or HTTPS) server on 127.0.0.1 with a fixed pool of daemon worker threads. It is enough
 * for a loopback tenant: HTTP/1.1 keep-alive, no dependency, and thousands of requests per second.
 */
public final class Server implements AutoCloseable {
  static {
    // The JDK server writes response headers and body in two TCP segments; with Nagle on, a keep-alive client
    // with delayed ACKs stalls ~40 ms per request. The property is read once, when the server classes load.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
  }

  private final HttpServer http;
  private final ThreadPoolExecutor executor;
  private final Tenant tenant;
  private final URI baseUrl;
  private final String caPem;
  private final AtomicBoolean closed = new AtomicBoolean();

  private Server(HttpServer http, ThreadPoolExecutor executor, Tenant tenant, URI baseUrl, String caPem) {
    this.http = http;
    this.executor = executor;
    this.tenant = tenant;
    this.baseUrl = baseUrl;
    this.caPem = caPem;
  }

  /**
   * Binds and starts a tenant.
   *
   * @param port 0 for an ephemeral port
   * @param threads worker threads; {@code <= 0} for the default, max(4, 2 x cores)
   * @param log one line per request (method, path, status; never a body or header), or null
   * @param https whether to serve HTTPS with the JVM's sandbox certificate ({@link TlsMaterial})
   * @param issuer the issuer, or null for the base URL with a trailing slash
   */
  public static Server start(int port, Clock clock, int threads, int ratePerSecond, int rateBurst,
      int outboxCapacity, Consumer<String> log, boolean https, URI issuer) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535");
    }
    TlsMaterial tls = https ? TlsMaterial.get() : null;
    HttpServer http;
    try {
      InetSocketAddress address = new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), port);
      if (tls != null) {
        HttpsServer server = HttpsServer.create(address, 1024);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.sslContext));
        http = server;
      } else {
        http = HttpServer.create(address, 1024);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind 127.0.0.1:" + port, e);
    }
    int actualPort = http.getAddress().getPort();
    URI base = URI.create((tls != null ? "https" : "http") + "://127.0.0.1:" + actualPort);
    Tenant tenant = new Tenant(base.toString(), issuer == null ? null : issuer.toString(), clock, outboxCapacity,
        ratePerSecond, rateBurst);
    int n = threads > 0 ? threads : Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    AtomicInteger counter = new AtomicInteger();
    ThreadFactory factory = r -> {
      Thread t = new Thread(r, "mfa-sandbox-" + actualPort + "-" + counter.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
    // Unbounded queue: the JDK dispatcher must never see a RejectedExecutionException.
    ThreadPoolExecutor executor = new ThreadPoolExecutor(n, n, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        factory);
    http.setExecutor(executor);
    http.createContext("/", new HttpFront(tenant, log));
    http.start();
    return new Server(http, executor, tenant, base, tls == null ? null : tls.caPem);
  }

  /** The tenant this server serves. */
  public Tenant tenant() {
    return tenant;
  }

  /** {@code http://127.0.0.1:PORT} or {@code https://127.0.0.1:PORT}. */
  public URI baseUrl() {
    return baseUrl;
  }

  /** The PEM of the CA that signed the HTTPS certificate, or null when serving plain HTTP. */
  public String caPem() {
    return caPem;
  }

  /** The bound port. */
  public int port() {
    return baseUrl.getPort();
  }

  /** Stops accepting, closes connections, and stops the worker threads. Idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    http.stop(0);
    executor.shutdownNow();
    try {
      executor.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
