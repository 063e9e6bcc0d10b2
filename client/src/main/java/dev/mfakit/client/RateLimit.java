package dev.mfakit.client;

import java.time.Duration;
import java.time.Instant;

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
public record RateLimit(Integer limit, Integer remaining, Instant reset, Duration retryAfter) {}
