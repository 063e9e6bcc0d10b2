package dev.mfakit.client;

import dev.mfakit.client.internal.Validation;
import java.time.Duration;

/**
 * How often and how long the client retries on its own.
 *
 * <p>429 responses are retried on every method, waiting as the server says ({@code Retry-After}, else {@code
 * X-RateLimit-Reset}); 408, 5xx and I/O errors are retried only for GET and DELETE. A POST is never replayed
 * after it may have reached the server.
 *
 * @param maxAttempts total attempts per call, including the first; at least 1
 * @param maxWait the longest single wait the client accepts for a 429; a longer wait fails at once with {@link
 *     ErrorReason#RATE_LIMITED}
 * @param initialBackoff the first backoff for retries without a server-given wait; doubled on each retry
 * @param maxBackoff the cap on that backoff
 */
public record RetryPolicy(int maxAttempts, Duration maxWait, Duration initialBackoff, Duration maxBackoff) {

  /**
   * Validates the components.
   *
   * @param maxAttempts see {@link #maxAttempts()}
   * @param maxWait see {@link #maxWait()}
   * @param initialBackoff see {@link #initialBackoff()}
   * @param maxBackoff see {@link #maxBackoff()}
   * @throws InvalidInputException naming the component that is out of range
   */
  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new InvalidInputException("maxAttempts", InvalidInputException.Kind.MALFORMED, "must be at least 1");
    }
    Validation.nonNegative(maxWait, "maxWait");
    Validation.nonNegative(initialBackoff, "initialBackoff");
    Validation.nonNegative(maxBackoff, "maxBackoff");
    if (maxBackoff.compareTo(initialBackoff) < 0) {
      throw new InvalidInputException("maxBackoff", InvalidInputException.Kind.MALFORMED,
          "must not be shorter than initialBackoff");
    }
  }

  /**
   * The default: 3 attempts, waits up to 30 s for a 429, backoff from 250 ms up to 4 s with jitter.
   *
   * @return the default policy
   */
  public static RetryPolicy defaults() {
    return new RetryPolicy(3, Duration.ofSeconds(30), Duration.ofMillis(250), Duration.ofSeconds(4));
  }

  /**
   * No retries at all: one attempt per call.
   *
   * @return a policy with a single attempt
   */
  public static RetryPolicy none() {
    return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);
  }
}
