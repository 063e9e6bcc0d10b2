package dev.mfakit.client.internal;

import dev.mfakit.client.HttpLogger;
import dev.mfakit.client.MfaNetworkException;
import dev.mfakit.client.MfaOutcomeUnknownException;
import dev.mfakit.client.RateLimit;
import dev.mfakit.client.RetryPolicy;
import dev.mfakit.client.Sleeper;
import java.io.IOException;
import java.net.Proxy;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import okhttp3.Call;
import okhttp3.ConnectionSpec;
import okhttp3.FormBody;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;

/**
 * The one retry loop. OkHttp is built with {@code retryOnConnectionFailure(false)}: its own silent replay of a
 * POST on a stale pooled connection would enroll twice and send a second SMS. Here:
 *
 * <ul>
 *   <li>429 (unless {@code too_many_attempts} or {@code slow_down}, which the caller must act on) is retried on every
 *       method after the server's wait ({@code
 *       Retry-After}, else {@code X-RateLimit-Reset}, else backoff), unless that wait exceeds {@code maxWait} or
 *       outlives the call's credential: then the 429 is returned at once, to be thrown as RATE_LIMITED.
 *   <li>408, 5xx and I/O errors are retried for GET and DELETE only, with capped exponential backoff and jitter.
 *   <li>A POST that fails after its request may have been written is an {@link MfaOutcomeUnknownException}; one
 *       that failed before (connect, DNS, TLS) is an {@link MfaNetworkException}. Neither is retried.
 *   <li>Certificate failures are never retried: they happen in the handshake, before anything is sent.
 *   <li>A 404 to a DELETE whose earlier attempt may have reached the server counts as done.
 *   <li>With a {@link Pacer}, every attempt (first or retry) waits for its slot before it is sent, and every answer
 *       teaches the pacer. The pacer only ever delays a request that has not been sent; what may be retried is
 *       decided above and nowhere else. A 429 is an answer: the tenant refused the request without acting on it (no
 *       SMS went out), so sending it again in a later slot is not a replay. A POST whose outcome is unknown is
 *       never sent again, paced or not.
 * </ul>
 */
public final class Transport {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
  private static final long MAX_BODY_BYTES = 1024 * 1024;

  private final OkHttpClient http;
  private final RetryPolicy policy;
  private final HttpLog log;
  private final Clock clock;
  private final Sleeper sleeper;
  private final String userAgent;
  private final Pacer pacer;

  /**
   * A transport over {@code http} (built by {@link #httpClient}), sleeping and timing with the given tools.
   *
   * @param pacer the pace shared by every thread (and client) that uses it, or null for none
   */
  public Transport(OkHttpClient http, RetryPolicy policy, HttpLogger logger, Clock clock, Sleeper sleeper,
                   String userAgent, Pacer pacer) {
    this.http = http;
    this.policy = policy;
    this.log = new HttpLog(logger);
    this.clock = clock;
    this.sleeper = sleeper;
    this.userAgent = userAgent;
    this.pacer = pacer;
  }

  /**
   * Derives the OkHttp client the transport needs from the caller's (or a fresh one): no silent retries, no
   * redirects, and the interceptor that tells "not sent" from "possibly sent". A fresh client for a plain-http
   * (loopback) tenant is cleartext only, so OkHttp does not load the JDK's trust store and set up TLS for requests
   * that never use it (about 40 ms of a short-lived command's start).
   */
  public static OkHttpClient httpClient(OkHttpClient base, boolean plainHttp, Duration connectTimeout,
                                        Duration readTimeout, Duration callTimeout, Proxy proxy,
                                        ExtraTrust extraTrust) {
    OkHttpClient.Builder b;
    if (base != null) {
      b = base.newBuilder();
    } else {
      b = new OkHttpClient.Builder()
          .connectTimeout(Duration.ofSeconds(10))
          .readTimeout(Duration.ofSeconds(30))
          .writeTimeout(Duration.ofSeconds(30))
          .callTimeout(Duration.ofSeconds(60));
      if (plainHttp) {
        b.connectionSpecs(List.of(ConnectionSpec.CLEARTEXT));
      }
    }
    if (connectTimeout != null) {
      b.connectTimeout(connectTimeout);
    }
    if (readTimeout != null) {
      b.readTimeout(readTimeout).writeTimeout(readTimeout);
    }
    if (callTimeout != null) {
      b.callTimeout(callTimeout);
    }
    if (proxy != null) {
      b.proxy(proxy);
    }
    if (extraTrust != null && !plainHttp) {
      b.sslSocketFactory(extraTrust.socketFactory(), extraTrust.trustManager());
    }
    if (base != null && !plainHttp && base.connectionSpecs().equals(List.of(ConnectionSpec.CLEARTEXT))) {
      // Derived (MfaClient.newBuilder) from a client made for a plain-http sandbox, now for an https tenant.
      b.connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
    }
    if (!b.networkInterceptors().contains(SendMark.INTERCEPTOR)) {
      // Not twice: a client derived with MfaClient.newBuilder() starts from one that has it.
      b.addNetworkInterceptor(SendMark.INTERCEPTOR);
    }
    return b.retryOnConnectionFailure(false)
        .followRedirects(false)
        .followSslRedirects(false)
        .build();
  }

  /** Runs the call to a final answer (any status); throws only for network failures. */
  Reply execute(WireRequest request) {
    boolean mayHaveReachedServer = false;
    for (int attempt = 1; ; attempt++) {
      // The slot first: a client assertion built after the wait is as fresh as it can be.
      Pacer.Slot slot = awaitSlot(request);
      WireRequest.Parts parts;
      Request httpRequest;
      SendMark mark = new SendMark();
      try {
        parts = request.body().get();
        httpRequest = toHttp(request, parts, mark);
      } catch (RuntimeException e) {
        if (slot != null) {
          pacer.cancelled(slot);
        }
        throw e;
      }
      log.request(request.method(), request.url().toString(), httpRequest.headers(), request.bodyType(),
          parts.fields(), attempt);
      long started = System.nanoTime();
      Reply reply;
      try {
        reply = exchange(httpRequest, secretsOf(parts));
      } catch (RuntimeException e) {
        if (slot != null) {
          pacer.unanswered(slot);
        }
        throw e;
      } catch (IOException e) {
        if (slot != null) {
          pacer.unanswered(slot);
        }
        log.failure(request.url().toString(), elapsedMillis(started), e);
        String where = request.operation().label() + " (" + request.method() + " " + request.url().encodedPath() + ")";
        if (Thread.currentThread().isInterrupted()) {
          // The caller wants out: no retry, whatever the method.
          throw mark.sent && !request.idempotent()
              ? new MfaOutcomeUnknownException("Interrupted after the request was sent during " + where
                  + ": it may or may not have been processed. List the user's authenticators before trying again", e)
              : new MfaNetworkException("Interrupted during " + where, e);
        }
        if (isCertificateFailure(e)) {
          throw new MfaNetworkException("TLS failure during " + where + ": the tenant's certificate was not accepted"
              + " (not trusted, expired, or for another name); nothing was sent, and it is not retried. A tenant"
              + " behind a private certificate authority (a sandbox with HTTPS) needs it trusted:"
              + " trustCertificateAuthority", e);
        }
        if (!request.idempotent()) {
          if (mark.sent) {
            throw new MfaOutcomeUnknownException("The connection failed after the request was sent during " + where
                + ": it may or may not have been processed. List the user's authenticators before trying again", e);
          }
          throw new MfaNetworkException("Could not send the request during " + where + " (" + kind(e)
              + "); nothing was sent, safe to try again", e);
        }
        mayHaveReachedServer |= mark.sent;
        if (attempt >= policy.maxAttempts()) {
          throw new MfaNetworkException("Network failure during " + where + " (" + kind(e) + ") after " + attempt
              + (attempt == 1 ? " attempt" : " attempts"), e);
        }
        pause(backoff(attempt), request);
        continue;
      }
      log.response(reply.status(), request.url().toString(), elapsedMillis(started), reply.headers(), reply.body(),
          reply.sentSecrets());
      if (slot != null) {
        pacer.answered(slot, reply.receivedAt(), reply.status(), reply.rateLimit(),
            reply.status() == 429 ? reply.error() : null);
      }

      int status = reply.status();
      if (status == 429) {
        if (isTooManyAttempts(reply) || isSlowDown(reply) || attempt >= policy.maxAttempts()) {
          return reply;
        }
        Duration wait = rateLimitWait(reply, attempt);
        Instant now = clock.instant();
        boolean tooLong = wait.compareTo(policy.maxWait()) > 0;
        boolean outlivesCredential = request.credentialExpiry() != null
            && !now.plus(wait).isBefore(request.credentialExpiry());
        if (tooLong || outlivesCredential) {
          log.note("<-- not retrying the 429: the wait of " + wait.toSeconds() + " s is "
              + (tooLong ? "over the cap" : "beyond the token's expiry"));
          return reply;
        }
        pause(wait, request);
        continue;
      }
      if ((status == 408 || status >= 500) && request.idempotent() && attempt < policy.maxAttempts()) {
        mayHaveReachedServer = true;
        Duration wait = reply.rateLimit() != null && reply.rateLimit().retryAfter() != null
            && reply.rateLimit().retryAfter().compareTo(policy.maxWait()) <= 0
            ? reply.rateLimit().retryAfter() : backoff(attempt);
        pause(wait, request);
        continue;
      }
      if (status == 404 && request.method().equals("DELETE") && mayHaveReachedServer) {
        log.note("<-- 404 after a retried DELETE: the earlier attempt deleted it");
        return new Reply(204, reply.headers(), "", reply.rateLimit(), reply.receivedAt(), reply.sentSecrets());
      }
      return reply;
    }
  }

  /**
   * Waits for the pacer's slot (none without a pacer). Nothing has been sent yet, so an interrupt here gives the
   * slot back and fails with "nothing was sent".
   */
  private Pacer.Slot awaitSlot(WireRequest request) {
    if (pacer == null) {
      return null;
    }
    while (true) {
      Pacer.Slot slot = pacer.claim(clock.instant());
      if (!slot.delay().isZero()) {
        log.note("... pacing " + request.method() + " " + request.url().encodedPath() + ": "
            + (slot.claimed() ? "sending in " : "asking again in ") + slot.delay().toMillis() + " ms");
      }
      try {
        sleep(sleeper, slot.delay());
      } catch (MfaNetworkException interrupted) {
        pacer.cancelled(slot);
        throw interrupted;
      }
      if (slot.claimed()) {
        return slot;
      }
    }
  }

  private Request toHttp(WireRequest request, WireRequest.Parts parts, SendMark mark) {
    Request.Builder b = new Request.Builder()
        .url(request.url())
        .header("User-Agent", userAgent)
        .header("Accept", "application/json")
        .tag(SendMark.class, mark);
    for (Map.Entry<String, String> h : parts.headers().entrySet()) {
      b.header(h.getKey(), h.getValue());
    }
    RequestBody body = null;
    if (request.bodyType() == WireRequest.BodyType.FORM) {
      FormBody.Builder form = new FormBody.Builder();
      parts.fields().forEach((k, v) -> form.add(k, String.valueOf(v)));
      body = form.build();
    } else if (request.bodyType() == WireRequest.BodyType.JSON) {
      body = RequestBody.create(Json.write(parts.fields()), JSON);
    }
    return b.method(request.method(), body).build();
  }

  private Reply exchange(Request request, List<String> sentSecrets) throws IOException {
    Call call = http.newCall(request);
    try (Response response = call.execute()) {
      String text = readBody(response.body());
      Instant now = clock.instant();
      RateLimit rateLimit = RateLimits.from(response.headers(), now);
      return new Reply(response.code(), response.headers(), text, rateLimit, now, sentSecrets);
    }
  }

  /**
   * The values a server might echo back that must never reach a message: secret fields, phones, and what the
   * Authorization header carries (a bearer token, or the client secret of client_secret_basic).
   */
  private static List<String> secretsOf(WireRequest.Parts parts) {
    List<String> out = new ArrayList<>();
    if (parts.fields() != null) {
      parts.fields().forEach((k, v) -> {
        if ((Redaction.SECRET_FIELDS.contains(k) || k.equals("phone_number")) && v instanceof String s) {
          out.add(s);
        }
      });
    }
    String authorization = parts.headers().get("Authorization");
    if (authorization != null && authorization.startsWith("Bearer ")) {
      out.add(authorization.substring("Bearer ".length()));
    } else if (authorization != null && authorization.startsWith("Basic ")) {
      out.add(basicSecret(authorization.substring("Basic ".length())));
    }
    return List.copyOf(out);
  }

  /** The secret half of HTTP Basic credentials we encoded ourselves: base64 of form-encoded id ':' secret. */
  private static String basicSecret(String base64) {
    String credentials = new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    return URLDecoder.decode(credentials.substring(credentials.indexOf(':') + 1), StandardCharsets.UTF_8);
  }

  private static String readBody(ResponseBody body) throws IOException {
    BufferedSource source = body.source();
    // A body over the cap is cut; the cut text is not valid JSON, so it decodes as an error, never as data.
    source.request(MAX_BODY_BYTES);
    long size = Math.min(source.getBuffer().size(), MAX_BODY_BYTES);
    return source.getBuffer().readUtf8(size);
  }

  private static boolean isTooManyAttempts(Reply reply) {
    return "too_many_attempts".equals(reply.error());
  }

  /** A poll answered too soon: the caller's polling loop slows down (Auth0 answers 429 on its other polling grants). */
  private static boolean isSlowDown(Reply reply) {
    return "slow_down".equals(reply.error());
  }

  private Duration rateLimitWait(Reply reply, int attempt) {
    RateLimit rl = reply.rateLimit();
    if (rl != null && rl.retryAfter() != null) {
      return rl.retryAfter();
    }
    if (rl != null && rl.reset() != null) {
      Duration d = Duration.between(reply.receivedAt(), rl.reset());
      return d.isNegative() ? Duration.ZERO : d;
    }
    return backoff(attempt);
  }

  /** Exponential backoff, capped, with "equal jitter": a random duration in [half, full]. */
  Duration backoff(int attempt) {
    // Saturating: a policy may say "no cap" with ChronoUnit.FOREVER, whose millis do not fit in a long.
    long initial = saturatedMillis(policy.initialBackoff());
    long cap = saturatedMillis(policy.maxBackoff());
    long full = Math.min(initial, cap);
    for (int i = 1; i < attempt && full < cap; i++) {
      full = full > cap / 2 ? cap : full * 2;
    }
    long half = full / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(full - half + 1));
  }

  private static long saturatedMillis(Duration d) {
    try {
      return d.toMillis();
    } catch (ArithmeticException tooLong) {
      return Long.MAX_VALUE;
    }
  }

  private void pause(Duration wait, WireRequest request) {
    log.note("... retrying " + request.method() + " " + request.url().encodedPath() + " in " + wait.toMillis() + " ms");
    sleep(sleeper, wait);
  }

  /** Sleeps; an interrupt becomes an {@link MfaNetworkException} and the thread's interrupt flag is restored. */
  static void sleep(Sleeper sleeper, Duration wait) {
    if (wait.isZero() || wait.isNegative()) {
      return;
    }
    try {
      sleeper.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new MfaNetworkException("Interrupted while waiting", e);
    }
  }

  private static boolean isCertificateFailure(IOException e) {
    if (e instanceof SSLPeerUnverifiedException) {
      return true;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException || t instanceof SSLHandshakeException) {
        return true;
      }
    }
    return false;
  }

  private static String kind(IOException e) {
    return e.getClass().getSimpleName();
  }

  private static long elapsedMillis(long startedNanos) {
    return (System.nanoTime() - startedNanos) / 1_000_000;
  }

  /** Set by a network interceptor, which OkHttp runs only once a connection exists and just before writing. */
  static final class SendMark {
    volatile boolean sent;

    static final Interceptor INTERCEPTOR = chain -> {
      SendMark mark = chain.request().tag(SendMark.class);
      if (mark != null) {
        mark.sent = true;
      }
      return chain.proceed(chain.request());
    };
  }

}
