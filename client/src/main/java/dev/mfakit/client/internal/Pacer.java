package dev.mfakit.client.internal;

import dev.mfakit.client.RateLimit;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;

/**
 * The pace of every thread that sends through one client: a copy of the tenant's token bucket, which every answer
 * sets right and the learned refill rate moves forward between answers. A request goes when the copy holds more
 * than a reserve (half the bucket), else it is given a slot in the future.
 *
 * <p>What the headers mean (protocol doc §7): {@code X-RateLimit-Limit} is the bucket size, {@code
 * X-RateLimit-Remaining} the tokens left after this request, {@code X-RateLimit-Reset} (epoch seconds) when the
 * bucket is full again. The reset is whole seconds on the tenant's clock, too coarse and too exposed to clock skew for
 * a bucket that refills in a second; so the refill rate is learned from the answers' {@code Remaining} alone: over a
 * window of a few seconds, how many more (or fewer) tokens the tenant reported than the copy predicted, per second,
 * is how far the rate is off. The reset only gives a first, low guess while nothing better is known.
 *
 * <p>A 429 whose headers name the tenant's bucket empties the copy and cuts the rate; a 429 of a per-user limit (a
 * {@code too_many_attempts}, or a bucket of another size, such as the SMS limit) concerns that user only and changes
 * nothing here. Without any rate-limit headers the pacer falls back to plain spacing at its rate, cut by a fifth on
 * a 429 and raised by 2 % after each window of paced requests without one.
 *
 * <p>The pacer only ever delays a request before it is sent: it never causes one to be sent again. Thread-safe; the
 * critical sections are a few arithmetic operations.
 */
public final class Pacer {
  /** The share of the tenant's bucket never spent: room for estimate errors, requests in flight, other clients. */
  static final double RESERVE = 0.5;
  /** A slot is never claimed further ahead than this; a thread that would wait longer asks again later. */
  static final Duration HORIZON = Duration.ofSeconds(1);
  private static final double HORIZON_SECONDS = 1;
  /** How soon to ask again when the bucket is at the reserve and no rate is known yet (an answer will say). */
  static final Duration ASK_AGAIN = Duration.ofMillis(100);
  /** The window over which the rate's error is measured: long enough for the ±1 of a whole-token count. */
  static final double WINDOW_SECONDS = 2;
  /** A stretch that ended with the bucket full raises the rate only if this long (whole tokens over a short one lie). */
  static final double LOWER_BOUND_SECONDS = 0.5;
  /** What a 429 of the tenant's bucket does to the rate. */
  static final double CUT = 0.8;
  /** Without headers: how much the rate grows after each window without a 429 in which requests were paced. */
  static final double RAISE = 1.02;
  /** What a full bucket does to the rate while requests wait for their slots. */
  static final double FULL_RAISE = 1.25;
  static final double MIN_RATE = 0.01;

  /**
   * A claim on the tenant's bucket, or a request to ask again.
   *
   * @param ticket the claim's number, or -1 when nothing was claimed (sleep {@code delay}, then ask again)
   * @param delay how long to wait before sending (or before asking again)
   */
  public record Slot(long ticket, Duration delay) {
    /** True when this slot is a claim: wait, then send. */
    public boolean claimed() {
      return ticket >= 0;
    }
  }

  private final double startRate;

  // All guarded by this.
  private double rate;
  private boolean rateFromDrift;
  private int limit;
  private double tokens;
  private Instant tokensAt;
  private int unanswered;
  private long nextTicket;
  private long firstTicketAfterChange;
  private boolean sawHeaders;
  private Instant lastSync;
  private boolean lastSyncUsable;
  private double driftTokens;
  private double driftSeconds;
  private Instant windowStart;
  private int windowAnswers;
  private double answerRate;
  private boolean pacedInWindow;
  private boolean cutInWindow;
  private boolean delayedSinceChange;

  /**
   * @param startRate requests per second to pace at until the tenant's answers say better; 0 to learn from them
   *     alone (until the first answer, nothing is held back)
   */
  public Pacer(double startRate) {
    if (!(startRate >= 0) || Double.isInfinite(startRate)) {
      throw new IllegalArgumentException("the rate must be a positive number of requests per second");
    }
    this.startRate = startRate;
    this.rate = startRate;
    this.tokens = startRate > 0 ? 1 : Double.POSITIVE_INFINITY;
  }

  /** The rate the pacer holds now, in requests per second; empty while it knows none. */
  public synchronized OptionalDouble rate() {
    return rate > 0 ? OptionalDouble.of(rate) : OptionalDouble.empty();
  }

  /**
   * Claims the next slot: the caller sleeps {@link Slot#delay()} and then sends, or, when nothing was claimed, asks
   * again after it.
   */
  public synchronized Slot claim(Instant now) {
    refill(now);
    double needed = reserve() + 1;
    if (tokens >= needed) {
      tokens -= 1;
      return claimed(Duration.ZERO);
    }
    Duration wait = rate > 0 ? seconds((needed - tokens) / rate) : null;
    if (wait == null || wait.compareTo(HORIZON) > 0) {
      if (limit > 0 && unanswered == 0 && (lastSync == null || seconds(lastSync, now) >= HORIZON_SECONDS)) {
        // Following the tenant's headers, with nothing in flight and the last word old: one request goes, so that
        // its answer tells the truth (a copy with no rate, or a tiny one, would otherwise wait for news that never
        // comes). Without headers there is no news to wait for: plain spacing.
        tokens -= 1;
        return claimed(Duration.ZERO);
      }
      Duration later = wait == null ? ASK_AGAIN : wait.minus(HORIZON);
      return new Slot(-1, later.compareTo(ASK_AGAIN) < 0 ? ASK_AGAIN : later.compareTo(HORIZON) > 0 ? HORIZON : later);
    }
    tokens -= 1;
    pacedInWindow = true;
    delayedSinceChange = true;
    return claimed(wait);
  }

  private Slot claimed(Duration wait) {
    unanswered++;
    return new Slot(nextTicket++, wait);
  }

  /** The claim was given up before anything was sent (interrupted while waiting): its token goes back. */
  public synchronized void cancelled(Slot slot) {
    if (slot.claimed()) {
      unanswered--;
      tokens += 1;
    }
  }

  /** The claimed request got no answer (network failure): the tenant may have counted it, so it stays spent. */
  public synchronized void unanswered(Slot slot) {
    if (slot.claimed()) {
      unanswered--;
    }
  }

  /**
   * Learns from an answer to a claimed request.
   *
   * @param now when the answer arrived
   * @param status its HTTP status
   * @param headers its rate-limit headers, or null
   * @param error for a 429, the body's {@code error} code (or null)
   */
  public synchronized void answered(Slot slot, Instant now, int status, RateLimit headers, String error) {
    if (!slot.claimed()) {
      return;
    }
    unanswered--;
    refill(now);
    meter(now);
    boolean refused = status == 429;
    if (refused && "too_many_attempts".equals(error)) {
      return; // that user's failed codes: not the tenant's rate
    }
    boolean complete = headers != null && headers.limit() != null && headers.remaining() != null
        && headers.limit() > 0;
    if (complete && (!refused || limit == 0 || headers.limit() == limit)) {
      follow(slot, now, refused, headers);
    } else if (refused && (headers == null || headers.limit() == null)) {
      // A 429 that says nothing about buckets: take it as the tenant's limit.
      if (slot.ticket() >= firstTicketAfterChange) {
        rate = Math.max(MIN_RATE, (rate > 0 ? rate : answerRate(now)) * CUT);
        tokens = Math.min(tokens, 0);
        firstTicketAfterChange = nextTicket;
        cutInWindow = true;
      }
    }
    // Else a 429 from a bucket of another size: a per-user limit (e.g. SMS sends), that user's business.
  }

  /** Sets the copy of the tenant's bucket to what the tenant said, and measures how far the rate is off. */
  private void follow(Slot slot, Instant now, boolean refused, RateLimit headers) {
    sawHeaders = true;
    if (!refused || limit == 0) {
      limit = headers.limit();
    }
    int remaining = Math.max(0, Math.min(headers.remaining(), limit));
    // Our claims still unanswered may or may not be in this count: taking them off again errs on the safe side.
    double observed = remaining - unanswered;
    // A bucket (nearly) full may have thrown refill away: such a stretch says nothing about the rate.
    boolean usable = remaining <= limit - 2;
    if (lastSync != null && !Double.isInfinite(tokens)) {
      double drift = observed - tokens;
      double elapsed = seconds(lastSync, now);
      if (usable && lastSyncUsable) {
        // With no rate yet the copy predicts no refill, and the drift is the whole rate.
        driftTokens += drift;
        driftSeconds += elapsed;
        if (driftSeconds >= WINDOW_SECONDS) {
          rate = Math.max(MIN_RATE, rate + driftTokens / driftSeconds);
          rateFromDrift = true;
          driftTokens = 0;
          driftSeconds = 0;
        }
      } else if (elapsed >= LOWER_BOUND_SECONDS && drift > 1) {
        // The bucket filled up faster than the copy, maybe throwing refill away: the rate is at least this much.
        rate = Math.max(rate, rate + (drift - 1) / elapsed);
      }
    }
    if (!usable && !refused && delayedSinceChange && rate > 0 && slot.ticket() >= firstTicketAfterChange) {
      // The tenant's bucket is full while our requests wait for their slots: the pace is too slow, whatever the
      // copy says (the waiting requests count against it, and a full bucket hides how fast it refills).
      rate *= FULL_RAISE;
      firstTicketAfterChange = nextTicket;
      delayedSinceChange = false;
    }
    if (!rateFromDrift && startRate == 0 && usable && headers.reset() != null && headers.reset().isAfter(now)) {
      // First guess: the refill that the reset implies, as a lower bound (the count is whole tokens, the reset is
      // rounded up to the second). Only until the drift has measured the real rate.
      double low = (limit - remaining - 1) / seconds(now, headers.reset());
      if (low > rate) {
        rate = low;
      }
    }
    tokens = observed;
    lastSync = now;
    lastSyncUsable = usable;
    if (refused && slot.ticket() >= firstTicketAfterChange) {
      // The copy was wrong by more than the reserve: something else spends this tenant's budget, or the rate fell.
      if (rate > 0) {
        rate = Math.max(MIN_RATE, rate * CUT);
      }
      firstTicketAfterChange = nextTicket;
      driftTokens = 0;
      driftSeconds = 0;
    }
  }

  private double reserve() {
    return limit > 0 ? limit * RESERVE : 0;
  }

  private void refill(Instant now) {
    if (tokensAt == null) {
      tokensAt = now;
      windowStart = now;
      return;
    }
    if (!now.isAfter(tokensAt)) {
      return;
    }
    double elapsed = seconds(tokensAt, now);
    tokensAt = now;
    if (rate > 0 && !Double.isInfinite(tokens)) {
      // With headers the tenant's bucket caps the copy (our requests in flight are left in: the next answer
      // corrects it, and the reserve covers them); without, plain spacing (one request may go at once).
      double cap = limit > 0 ? limit : 1;
      tokens = Math.max(tokens, Math.min(cap, tokens + elapsed * rate));
    }
  }

  /** Counts answers per window; without headers, a window of successes with paced requests raises the rate. */
  private void meter(Instant now) {
    windowAnswers++;
    double elapsed = seconds(windowStart, now);
    if (elapsed < WINDOW_SECONDS) {
      return;
    }
    answerRate = windowAnswers / elapsed;
    if (!sawHeaders && rate > 0 && pacedInWindow && !cutInWindow) {
      rate *= RAISE;
    }
    windowStart = now;
    windowAnswers = 0;
    pacedInWindow = false;
    cutInWindow = false;
  }

  /** Answers per second: of the last whole window, or of the current one while there is none. */
  private double answerRate(Instant now) {
    double elapsed = seconds(windowStart, now);
    return answerRate > 0 || elapsed <= 0 ? answerRate : windowAnswers / elapsed;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e9;
  }

  private static Duration seconds(double s) {
    return Duration.ofNanos((long) Math.ceil(s * 1e9));
  }

  @Override
  public synchronized String toString() {
    return "Pacer[rate=" + (rate > 0 ? String.format(java.util.Locale.ROOT, "%.1f/s", rate) : "unknown")
        + ", limit=" + (limit > 0 ? limit : "unknown") + "]";
  }
}
