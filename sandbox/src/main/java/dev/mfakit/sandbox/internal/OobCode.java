package dev.mfakit.sandbox.internal;

/**
 * A pending out-of-band transaction (an enrollment or a challenge): the code the user must type in, or the
 * push the user must approve. Mutable state is guarded by the user's lock.
 */
final class OobCode {
  enum Push { PENDING, APPROVED, REJECTED }

  // docs/protocol.md, "Rate limits": "MFA OOB token exchange": burst 12, 12 a minute, per session.
  static final int EXCHANGES = 12;
  static final long EXCHANGE_REFILL_MS = 5_000L;

  final String id;
  final User user;
  /** The mfa_token session that started it (an associate or challenge with it), or null (an access token). */
  final MfaSession session;
  /** The access token that started it (an associate with it), as {@link MfaEndpoints#accessTokenId}; else null. */
  final String accessTokenId;
  final Authenticator authenticator;
  final boolean enrollment;
  /** The 6-digit code for sms/voice/email; null for push. */
  final String bindingCode;
  final long expiresAt;
  final TokenBucket exchanges;
  Push push;
  boolean used;

  OobCode(String id, User user, MfaSession session, String accessTokenId, Authenticator authenticator,
      boolean enrollment, String bindingCode, long expiresAt, long now) {
    this.id = id;
    this.user = user;
    this.session = session;
    this.accessTokenId = accessTokenId;
    this.authenticator = authenticator;
    this.enrollment = enrollment;
    this.bindingCode = bindingCode;
    this.expiresAt = expiresAt;
    this.exchanges = new TokenBucket(EXCHANGES, EXCHANGE_REFILL_MS, now);
    this.push = bindingCode == null ? Push.PENDING : null;
  }

  @Override
  public String toString() {
    return "OobCode[" + authenticator.id + "]";
  }
}
