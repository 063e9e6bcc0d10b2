package dev.mfakit.client;

import dev.mfakit.client.internal.Pacer;
import java.util.OptionalDouble;

/**
 * Paces every thread that shares an {@link MfaClient} to the tenant's rate limit, so that a program onboarding
 * users from many threads runs at the limit instead of into it (429s).
 *
 * <pre>{@code
 * MfaClient mfa = MfaClient.builder().domain("acme.us.auth0.com").clientId(id).clientSecret(secret)
 *     .pacer(RequestPacer.learning())     // or RequestPacer.startingAt(25) if you know the tenant's rate
 *     .build();
 * // ... any number of threads call mfa.signIn, associate, verifyOob ...
 * }</pre>
 *
 * <p>How it paces: it keeps a copy of the tenant's token bucket. Every answer's {@code X-RateLimit-Limit} and
 * {@code X-RateLimit-Remaining} set the copy right; between answers it refills at the rate the pacer has learned
 * (from how the tenant's count moved against the copy's over a few seconds; {@code X-RateLimit-Reset} gives a first
 * guess). A request is sent at once while the copy holds more than half the bucket, else at its turn. Half the bucket
 * stays unspent as slack for requests in flight and other applications of the tenant. A 429 of the tenant's bucket
 * empties the copy and slows the pace; a 429 of a per-user limit (the SMS limit, too many failed codes) slows no one
 * else. A tenant that sends no rate-limit headers gets plain spacing at the given rate, cut on each 429 and raised
 * slowly while none comes.
 *
 * <p>The pacer only delays requests that have not been sent. It never sends one again: whether a request is retried
 * is the {@link RetryPolicy}'s decision alone (a 429 is retried, in a later slot, because the tenant refused it
 * without acting on it; a POST that may have been applied is never replayed).
 *
 * <p>One pacer per tenant: it may be given to several clients of the same tenant (they then share its budget), never
 * to clients of different tenants. Its waits use the client's {@link MfaClient.Builder#clock clock} and {@link
 * MfaClient.Builder#sleeper sleeper}. Thread-safe.
 */
public final class RequestPacer {
  private final Pacer pacer;

  private RequestPacer(Pacer pacer) {
    this.pacer = pacer;
  }

  /**
   * A pacer that learns the tenant's rate from its answers. Until the first answer arrives nothing is held back;
   * then the tenant's bucket is spent down to half and the pace follows the tenant.
   *
   * @return a new pacer
   */
  public static RequestPacer learning() {
    return new RequestPacer(new Pacer(0));
  }

  /**
   * A pacer that starts at a known rate (e.g. the tenant's published limit) and then follows the tenant's answers.
   *
   * @param requestsPerSecond the starting pace, positive
   * @return a new pacer
   * @throws InvalidInputException naming {@code requestsPerSecond} if it is not a positive, finite number
   */
  public static RequestPacer startingAt(double requestsPerSecond) {
    if (!(requestsPerSecond > 0) || Double.isInfinite(requestsPerSecond)) {
      throw new InvalidInputException("requestsPerSecond", InvalidInputException.Kind.MALFORMED,
          "must be a positive number");
    }
    return new RequestPacer(new Pacer(requestsPerSecond));
  }

  /**
   * The pace the pacer holds now.
   *
   * @return requests per second, or null while it has none: a {@link #learning()} pacer before the tenant's answers
   *     told it one
   */
  public Double rate() {
    OptionalDouble rate = pacer.rate();
    return rate.isPresent() ? rate.getAsDouble() : null;
  }

  /** The algorithm, for the client's transport. */
  Pacer pacer() {
    return pacer;
  }

  @Override
  public String toString() {
    return "RequestPacer" + pacer.toString().substring("Pacer".length());
  }
}
