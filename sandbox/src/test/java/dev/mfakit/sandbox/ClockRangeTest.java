package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** The virtual clock only moves forward: a step too large for its arithmetic is refused, never wrapped. */
class ClockRangeTest {
  static final Instant START = Instant.parse("2024-09-20T10:55:32Z");

  @Test
  void aStepThatWouldOverflowIsRefusedAndLeavesTheClockAlone() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Clock.fixed(START, ZoneOffset.UTC)).start()) {
      assertThrows(IllegalArgumentException.class, () -> tenant.advanceClock(Duration.ofMillis(Long.MAX_VALUE)));
      assertThrows(IllegalArgumentException.class, () -> tenant.advanceClock(ChronoUnit.FOREVER.getDuration()));
      assertEquals(START, tenant.now());

      tenant.advanceClock(Duration.ofDays(365));
      assertEquals(START.plus(Duration.ofDays(365)), tenant.now());
    }
  }
}
