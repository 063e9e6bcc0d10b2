package dev.mfakit.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Expired tokens, codes, assertion ids and idle rate buckets do not stay in memory. */
class EvictionTest {

  @Test
  void stateReturnsToZeroWhenEverythingExpired() {
    try (SandboxTenant tenant = SandboxTenant.builder().clock(Wire.FIXED).start()) {
      Wire w = new Wire(tenant);
      assertEquals(0, tenant.stateSize());
      for (int i = 0; i < 20; i++) {
        String user = "u" + i + "@example.com";
        tenant.addUser(user, "pw");
        String mfa = w.mfaToken(user, "pw");
        w.associateSms(mfa, "+1555000" + String.format("%04d", i));
        w.associate(mfa, "authenticator_types", List.of("oob"), "oob_channels", List.of("auth0"));
      }
      assertTrue(tenant.stateSize() >= 60, "20 mfa_tokens + 40 oob codes + a rate bucket: " + tenant.stateSize());
      tenant.advanceClock(Duration.ofMinutes(5));
      assertEquals(20, tenant.stateSize(), "oob codes and the refilled bucket gone after 5 minutes; mfa_tokens left");
      tenant.advanceClock(Duration.ofMinutes(5));
      assertEquals(0, tenant.stateSize(), "mfa_tokens gone after 10 minutes");
    }
  }

  @Test
  void usedCodesLeaveAtOnceAndTheSweeperRunsWithoutClockMoves() {
    MutableClock base = new MutableClock(Wire.FIXED.instant());
    try (SandboxTenant tenant = SandboxTenant.builder().clock(base).start()) {
      Wire w = new Wire(tenant);
      String mfa = w.mfaToken(SandboxTenant.DEMO_USERNAME, SandboxTenant.DEMO_PASSWORD);
      String oob = w.associateSms(mfa, "+15550001111").str("oob_code");
      assertEquals(3, tenant.stateSize(), "mfa_token, oob code, rate bucket");
      w.verifyOob(mfa, oob, tenant.lastMessageTo("+15550001111").code());
      assertEquals(2, tenant.stateSize(), "a used oob code is removed at once");
      // The base clock moves on its own (no advanceClock); ordinary requests trigger the sweep.
      base.plus(Duration.ofMinutes(11));
      w.get("/sandbox/messages");
      assertEquals(0, tenant.stateSize());
    }
  }

  /** A base clock the test moves by hand, like real time passing. */
  static final class MutableClock extends Clock {
    private final AtomicLong millis;

    MutableClock(Instant start) {
      millis = new AtomicLong(start.toEpochMilli());
    }

    void plus(Duration d) {
      millis.addAndGet(d.toMillis());
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis.get());
    }
  }
}
