package dev.mfakit.client;

import java.time.Duration;
import java.time.Instant;

/**
 * The rate-limit headers of a response ({@code X-RateLimit-Limit}, {@code X-RateLimit-Remaining}, {@code
 * X-RateLimit-Reset}, {@code Retry-After}).
 *
 * @param limit the bucket size ({@code X-RateLimit-Limit}), or null if the answer had no usable one
 * @param remaining the calls left ({@code X-RateLimit-Remaining}), or null if the answer had no usable one
 * @param reset when the bucket refills ({@code X-RateLimit-Reset}; if absent, the time of receipt plus {@code
 *     Retry-After}), or null if the answer had neither
 * @param retryAfter how long to wait ({@code Retry-After}, seconds or HTTP date), or null if the answer had no
 *     usable one
 */
public record RateLimit(Integer limit, Integer remaining, Instant reset, Duration retryAfter) {

  /**
   * How long to wait before trying again: {@code Retry-After} when the server sent it, else the time until
   * {@code reset}.
   *
   * @param now the current time, from the same clock the client uses
   * @return the wait (never negative), or null when the answer said nothing about it (no {@code Retry-After} and
   *     no {@code X-RateLimit-Reset})
   */
  public Duration delayFrom(Instant now) {
    if (retryAfter != null) {
      return retryAfter.isNegative() ? Duration.ZERO : retryAfter;
    }
    if (reset != null) {
      Duration untilReset = Duration.between(now, reset);
      return untilReset.isNegative() ? Duration.ZERO : untilReset;
    }
    return null;
  }
}
