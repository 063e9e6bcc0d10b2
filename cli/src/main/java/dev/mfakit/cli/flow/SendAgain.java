package dev.mfakit.cli.flow;

import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.RateLimit;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Thrown by a {@link CodeSource} when the person asks for a new code instead of typing one ({@code r} at the
 * prompt): the flow sends one the way the protocol does (a new association when enrolling, a new challenge when
 * signing in) and asks again; if the tenant will not send one yet, the flow says until when and asks for the code
 * already sent.
 */
public final class SendAgain extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
      .withZone(ZoneOffset.UTC);

  /** A request for a new code. */
  public SendAgain() {
    super("a new code was asked for", null, false, false);
  }

  /**
   * What to tell the person when the tenant refused to send a new code yet (HTTP 429).
   *
   * @param refusal the tenant's rate-limit answer
   * @return one line: how long to wait, and to use the code already sent meanwhile
   */
  static String tooSoon(MfaApiException refusal) {
    RateLimit limit = refusal.rateLimit();
    String when;
    if (limit != null && limit.retryAfter() != null) {
      Duration wait = limit.retryAfter();
      when = "for another " + (wait.toSeconds() < 90 ? wait.toSeconds() + " s" : (wait.toMinutes() + 1) + " min");
    } else if (limit != null && limit.reset() != null) {
      when = "before " + TIME.format(limit.reset());
    } else {
      when = "for a while";
    }
    return "The tenant sends no new code " + when + " (it limits how often a user gets one); enter the code"
        + " already sent.";
  }
}
