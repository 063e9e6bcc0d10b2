package dev.mfakit.client.internal;

import dev.mfakit.client.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import okhttp3.Headers;

/** Reads {@code X-RateLimit-*} and {@code Retry-After}. Malformed values are ignored, never fatal. */
final class RateLimits {
  /**
   * Waits and resets further out than this are clamped to it: they are all far over any retry cap, and clamping
   * keeps {@code now + wait} inside {@link Instant}'s range (a server's {@code Retry-After: 9223372036854775807}
   * must not become a DateTimeException).
   */
  static final Duration LONGEST = Duration.ofDays(366);

  private RateLimits() {}

  static RateLimit from(Headers headers, Instant now) {
    Integer limit = integer(headers.get("X-RateLimit-Limit"));
    Integer remaining = integer(headers.get("X-RateLimit-Remaining"));
    Instant reset = epochSeconds(headers.get("X-RateLimit-Reset"));
    if (reset != null && reset.isAfter(now.plus(LONGEST))) {
      reset = now.plus(LONGEST);
    }
    Duration retryAfter = retryAfter(headers.get("Retry-After"), now);
    if (limit == null && remaining == null && reset == null && retryAfter == null) {
      return null;
    }
    if (reset == null && retryAfter != null) {
      reset = now.plus(retryAfter);
    }
    return new RateLimit(limit, remaining, reset, retryAfter);
  }

  private static Integer integer(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Integer.valueOf(value.trim());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Instant epochSeconds(String value) {
    if (value == null) {
      return null;
    }
    try {
      long seconds = Long.parseLong(value.trim());
      return seconds < 0 ? null : Instant.ofEpochSecond(seconds);
    } catch (NumberFormatException | java.time.DateTimeException e) {
      return null;
    }
  }

  /** Delta-seconds or an HTTP date; a date in the past means no wait. */
  static Duration retryAfter(String value, Instant now) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long seconds = Long.parseLong(v);
      return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, LONGEST.toSeconds()));
    } catch (NumberFormatException notSeconds) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d.compareTo(LONGEST) > 0 ? LONGEST : d;
      } catch (DateTimeParseException notADate) {
        return null;
      }
    }
  }
}
