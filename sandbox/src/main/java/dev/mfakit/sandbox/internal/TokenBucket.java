package dev.mfakit.sandbox.internal;

/**
 * A token bucket on the virtual clock: {@code capacity} tokens, refilled continuously at one token per
 * {@code refillMillis}. Used for the global request rate, the failed-code lock, the SMS/e-mail send limits and
 * the push polling limit. Thread-safe; the critical sections are a few arithmetic operations.
 */
final class TokenBucket {
  final int capacity;
  private final double refillMillis;
  private double tokens;
  private long last;

  TokenBucket(int capacity, double refillMillis, long now) {
    this.capacity = capacity;
    this.refillMillis = refillMillis;
    this.tokens = capacity;
    this.last = now;
  }

  private void refill(long now) {
    if (now > last) {
      tokens = Math.min(capacity, tokens + (now - last) / refillMillis);
      last = now;
    }
  }

  /** Takes one token if there is one. */
  synchronized boolean tryTake(long now) {
    refill(now);
    if (tokens >= 1) {
      tokens -= 1;
      return true;
    }
    return false;
  }

  /** True if a token is available, without taking it. */
  synchronized boolean hasToken(long now) {
    refill(now);
    return tokens >= 1;
  }

  /** Epoch millis when the bucket is full again. */
  synchronized long fullAt(long now) {
    refill(now);
    return now + (long) Math.ceil((capacity - tokens) * refillMillis);
  }

  /** A snapshot for the X-RateLimit-* headers, taken atomically. */
  synchronized RateInfo info(long now, boolean resetIsNextToken) {
    refill(now);
    long reset = resetIsNextToken
        ? (tokens >= 1 ? now : now + (long) Math.ceil((1 - tokens) * refillMillis))
        : now + (long) Math.ceil((capacity - tokens) * refillMillis);
    long retry = tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) * refillMillis);
    return new RateInfo(capacity, (int) Math.floor(tokens), reset, retry);
  }
}
