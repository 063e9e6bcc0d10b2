package dev.mfakit.client;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The rate-limit headers of a response ({@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code
 * X-RateLimit-Reset}, {@code Retry-After}).
 *
 * @param limit the bucket size, or null
 * @param remaining the calls left, or null
 * @param reset when the bucket refills ({@code X-RateLimit-Reset}; if absent, the time of receipt plus {@code
 *     Retry-After}), or null
 * @param retryAfter how long to wait ({@code Retry-After}, seconds or HTTP date), or null
 */
public record RateLimit(Integer limit, Integer remaining, Instant reset, Duration retryAfter) {

  /**
   * How long to wait before trying again: {@code Retry-After} when the server sent it, else the time until
   * {@code reset}.
   *
   * @param now the current time, from the same clock the client uses
   * @return the wait (never negative), or empty when the response said nothing about it
   */
  public Optional<Duration> delayFrom(Instant now) {
    if (retryAfter != null) {
      return Optional.of(retryAfter.isNegative() ? Duration.ZERO : retryAfter);
    }
    if (reset != null) {
      Duration untilReset = Duration.between(now, reset);
      return Optional.of(untilReset.isNegative() ? Duration.ZERO : untilReset);
    }
    return Optional.empty();
  }
}
