package dev.mfakit.cli.batch;

import java.time.Instant;

/**
 * What confirming an answered association needs, as the journal keeps it (the journal is a secret file, 0600).
 *
 * @param mfaToken the sign-in's mfa_token, or null
 * @param mfaTokenExpiresAt when it expires, or null
 * @param oobCode the association's oob_code (phone, voice, e-mail), or null
 * @param oobCodeExpiresAt when the code expires, or null
 * @param secret the TOTP secret (authenticator app), or null
 * @param recoveryCode the recovery code the association handed out, or null
 */
public record SentAssociation(String mfaToken, Instant mfaTokenExpiresAt, String oobCode, Instant oobCodeExpiresAt,
    String secret, String recoveryCode) {

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
        + ", oobCode=" + (oobCode == null ? null : "██") + ", oobCodeExpiresAt=" + oobCodeExpiresAt + ", secret="
        + (secret == null ? null : "██") + ", recoveryCode=" + (recoveryCode == null ? null : "██") + "]";
  }
}
