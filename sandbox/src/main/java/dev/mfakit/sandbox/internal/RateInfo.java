package dev.mfakit.sandbox.internal;

/**
 * What the X-RateLimit-* headers (and Retry-After, on a 429) of one response say.
 *
 * @param limit bucket capacity
 * @param remaining whole tokens left
 * @param resetMillis epoch millis of the reset (sent as epoch seconds, rounded up)
 * @param retryAfterMillis wait until the next token; 0 when one is available
 */
record RateInfo(int limit, int remaining, long resetMillis, long retryAfterMillis) {}
