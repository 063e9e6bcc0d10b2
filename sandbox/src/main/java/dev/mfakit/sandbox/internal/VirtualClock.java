package dev.mfakit.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The tenant's time: a base clock plus an offset that only grows. Every TTL and limit reads it. */
final class VirtualClock {
  private final Clock base;
  private final AtomicLong offsetMillis = new AtomicLong();

  VirtualClock(Clock base) {
    this.base = base;
  }

  long millis() {
    return base.millis() + offsetMillis.get();
  }

  Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  void advance(Duration d) {
    if (d.isNegative()) {
      throw new IllegalArgumentException("the clock only moves forward");
    }
    offsetMillis.addAndGet(d.toMillis());
  }
}
