package dev.mfakit.cli.batch;

import java.time.Instant;
import java.util.Set;

/**
 * What confirming an answered association needs, as the journal keeps it (the journal is a secret file, 0600): the
 * short-lived mfa_token and oob_code, nothing more. An app's secret is not kept (its file has it; a row resumed is
 * associated anew, which sends nothing), nor the recovery code (its file has it).
 *
 * @param mfaToken the sign-in's mfa_token, or null
 * @param mfaTokenExpiresAt when it expires, or null
 * @param oobCode the association's oob_code (phone, voice, e-mail), or null
 * @param oobCodeExpiresAt when the code expires, or null
 * @param emailIdsBefore for an e-mail row: the ids of the e-mail authenticators the user had before the association
 *     (a verified address is listed as one, active, with no enrollment), so that only a new one proves the row's
 *     confirmation; null when not known
 */
public record SentAssociation(String mfaToken, Instant mfaTokenExpiresAt, String oobCode, Instant oobCodeExpiresAt,
    Set<String> emailIdsBefore) {

  /** Copies the ids. */
  public SentAssociation {
    emailIdsBefore = emailIdsBefore == null ? null : Set.copyOf(emailIdsBefore);
  }

  /** Until when the association can still be confirmed: the earlier of the two expiries (null: unknown). */
  public Instant confirmableUntil() {
    if (mfaTokenExpiresAt == null) {
      return oobCodeExpiresAt;
    }
    if (oobCodeExpiresAt == null) {
      return mfaTokenExpiresAt;
    }
    return mfaTokenExpiresAt.isBefore(oobCodeExpiresAt) ? mfaTokenExpiresAt : oobCodeExpiresAt;
  }

  /** Secrets hidden. */
  @Override
  public String toString() {
    return "SentAssociation[mfaToken=" + (mfaToken == null ? null : "██") + ", mfaTokenExpiresAt=" + mfaTokenExpiresAt
        + ", oobCode=" + (oobCode == null ? null : "██") + ", oobCodeExpiresAt=" + oobCodeExpiresAt
        + ", emailIdsBefore=" + emailIdsBefore + "]";
  }
}
