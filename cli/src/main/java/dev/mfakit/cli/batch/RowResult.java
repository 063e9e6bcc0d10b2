package dev.mfakit.cli.batch;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row's result: a line of {@code mfa batch --json}, with every key always present (null when it does not apply):
 * {@code {"line":4,"username":"jane@example.com","factor":"phone","status":"confirmed","authenticator_id":"sms|dev_…",
 * "reason":null,"recovery_code":"…","sent_at":null}}.
 *
 * @param line the row's line in the input
 * @param username the user; null for a row too malformed to name one ({@code --skip-invalid})
 * @param factor the factor column ({@code phone}, {@code voice}, {@code email}, {@code authenticator_app}); null for
 *     a malformed row
 * @param status how it ended
 * @param authenticatorId the authenticator's id when known, or null
 * @param reason why it failed, was skipped or is unknown, or what needs doing about a row that succeeded, in one
 *     line; may be null when confirmed or sent
 * @param recoveryCode the recovery code this row produced (a secret; also in the recovery-codes file), or null
 * @param sentAt for {@code sent}: when the message went out; for {@code outcome_unknown}: when it may have; else null
 * @param recoveryCodeLost whether the row is done but its user's active recovery code was shown by an association
 *     whose answer was lost (nobody holds it): the row needs an administrator, and counts as not succeeded
 */
public record RowResult(int line, String username, BatchFactor factor, RowStatus status, String authenticatorId,
    String reason, String recoveryCode, Instant sentAt, boolean recoveryCodeLost) {

  /** The JSON keys, in order. */
  public static final List<String> KEYS = List.of("line", "username", "factor", "status", "authenticator_id",
      "reason", "recovery_code", "sent_at");

  /** The {@code --json} object: every key of {@link #KEYS}, null when it does not apply. */
  public Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("line", line);
    m.put("username", username);
    m.put("factor", factor == null ? null : factor.column());
    m.put("status", status.wireName());
    m.put("authenticator_id", authenticatorId);
    m.put("reason", reason);
    m.put("recovery_code", recoveryCode);
    m.put("sent_at", sentAt == null ? null : sentAt.toString());
    return m;
  }

  /** {@link #toJson()} as one line of JSON Lines (no line break). */
  public String toJsonLine() {
    return JsonLine.of(toJson());
  }

  /**
   * A malformed row skipped with {@code --skip-invalid}: failed, its problem as the reason.
   *
   * @param problem what is wrong with it
   */
  public static RowResult invalid(Problem problem) {
    return new RowResult(problem.line(), null, null, RowStatus.FAILED, null, problem.message(), null, null, false);
  }

  /** The recovery code hidden. */
  @Override
  public String toString() {
    return "RowResult[line=" + line + ", username=" + username + ", factor="
        + (factor == null ? null : factor.column()) + ", status="
        + status.wireName() + ", authenticatorId=" + authenticatorId + ", reason=" + reason + ", recoveryCode="
        + (recoveryCode == null ? null : "██") + ", sentAt=" + sentAt + ", recoveryCodeLost=" + recoveryCodeLost
        + "]";
  }
}
