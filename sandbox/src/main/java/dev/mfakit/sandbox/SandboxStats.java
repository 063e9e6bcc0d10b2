package dev.mfakit.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * What the tenant served so far on {@code /oauth/token} and {@code /mfa/*}, counted by the tenant itself (the control
 * API under {@code /sandbox/} is not counted). {@code GET /sandbox/stats} answers the same as JSON.
 *
 * @param requests every request answered, 429s included
 * @param rateLimited how many of them were answered 429 (the tenant-wide or per-client limit, or a per-user limit)
 * @param associationsByUser per username, how many associations succeeded ({@code POST /mfa/associate} answered
 *     200, which for SMS, voice and e-mail sent a message); users with none are left out
 * @param messagesSent SMS, voice calls and e-mails sent (enrollments and challenges)
 * @param byStatus how many answers had each HTTP status
 * @param firstRequestAt when the first counted request was answered (virtual time), or null before any
 * @param lastRequestAt when the last one was, or null before any
 */
public record SandboxStats(long requests, long rateLimited, Map<String, Integer> associationsByUser,
    long messagesSent, Map<Integer, Long> byStatus, Instant firstRequestAt, Instant lastRequestAt) {

  /**
   * Creates the counts, copying the maps.
   *
   * @param requests every request answered, 429s included
   * @param rateLimited how many of them were answered 429
   * @param associationsByUser per username, how many associations succeeded
   * @param messagesSent SMS, voice calls and e-mails sent
   * @param byStatus how many answers had each HTTP status
   * @param firstRequestAt when the first counted request was answered, or null before any
   * @param lastRequestAt when the last one was, or null before any
   */
  public SandboxStats {
    associationsByUser = Map.copyOf(associationsByUser);
    byStatus = Map.copyOf(byStatus);
  }
}
