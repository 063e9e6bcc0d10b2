package dev.mfakit.sandbox.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** The tenant's time: a base clock plus an offset that only grows. Every TTL and limit reads it. */
final class VirtualClock {
  /**
   * The latest virtual time, in epoch millis (about the year 146 million). Every deadline is the time plus a
   * lifetime in millis: the margin up to {@code Long.MAX_VALUE} keeps those sums from wrapping to the past.
   */
  static final long LATEST_MILLIS = Long.MAX_VALUE / 2;

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
    long step = d.compareTo(Duration.ofMillis(LATEST_MILLIS)) > 0 ? LATEST_MILLIS : d.toMillis();
    offsetMillis.updateAndGet(offset -> {
      if (base.millis() + offset > LATEST_MILLIS - step) {
        throw new IllegalArgumentException("the clock cannot be advanced that far");
      }
      return offset + step;
    });
  }
}
