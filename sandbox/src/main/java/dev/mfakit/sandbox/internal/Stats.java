package dev.mfakit.sandbox.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the tenant served on {@code /oauth/token} and {@code /mfa/*} (the control API is not counted): for scripts and
 * benchmarks that must check the tenant's own view (how many 429s, how many messages) rather than trust a client's.
 * Lock-free counters; a snapshot read while requests run may be a few requests apart between fields.
 */
final class Stats {
  private final LongAdder requests = new LongAdder();
  private final LongAdder rateLimited = new LongAdder();
  private final LongAdder messages = new LongAdder();
  private final AtomicLongArray byStatus = new AtomicLongArray(600);
  /** Virtual epoch millis of the first and last counted request; Long.MIN_VALUE before any. */
  private final AtomicLong first = new AtomicLong(Long.MIN_VALUE);
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);

  void answered(int status, long now) {
    requests.increment();
    if (status == 429) {
      rateLimited.increment();
    }
    if (status >= 100 && status < 600) {
      byStatus.incrementAndGet(status);
    }
    first.compareAndSet(Long.MIN_VALUE, now);
    last.accumulateAndGet(now, Math::max);
  }

  void messageSent() {
    messages.increment();
  }

  long requests() {
    return requests.sum();
  }

  long rateLimited() {
    return rateLimited.sum();
  }

  long messages() {
    return messages.sum();
  }

  long byStatus(int status) {
    return byStatus.get(status);
  }

  /** Epoch millis, or Long.MIN_VALUE before any request. */
  long first() {
    return first.get();
  }

  long last() {
    return last.get();
  }
}
