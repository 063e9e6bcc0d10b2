package dev.mfakit.sandbox.internal;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A user and everything that changes per user. Every field below the constructor's is guarded by
 * {@code synchronized (user)}: one lock per user, so concurrent journeys of different users never wait on
 * each other.
 */
final class User {
  // Limits of docs/protocol.md, "Rate limits" (per user): 10 failed codes, refill 1 every 6 minutes; SMS/voice 10,
  // refill 1 an hour; e-mail 20, refill 1 a minute.
  static final int FAILED_CODES = 10;
  static final long FAILED_CODE_REFILL_MS = 6 * 60_000L;
  static final int PHONE_SENDS = 10;
  static final long PHONE_REFILL_MS = 60 * 60_000L;
  static final int EMAIL_SENDS = 20;
  static final long EMAIL_REFILL_MS = 60_000L;
  /** Bounds memory when a script associates again and again without confirming. */
  static final int MAX_AUTHENTICATORS = 32;

  final String id;
  final String username;
  final String password;
  final boolean mfa;
  /** When the user was added (tenant time): the ID token's {@code updated_at}. */
  final long createdAt;

  final List<Authenticator> authenticators = new ArrayList<>();
  /** The current recovery code (plain: it is a sandbox), or null before the first enrollment. */
  String recoveryCode;
  final TokenBucket failedCodes;
  final TokenBucket phoneSends;
  final TokenBucket emailSends;
  /** Whether the e-mail address is verified: it is then listed as an e-mail authenticator. */
  volatile boolean emailVerified;
  /** Push transactions waiting for approval, newest last. */
  final ArrayDeque<OobCode> pendingPushes = new ArrayDeque<>();
  long nextGroup;
  /** Successful associations, for the stats (written under the lock, read without it). */
  volatile int associations;

  User(String id, String username, String password, boolean mfa, long now) {
    this.id = id;
    this.username = username;
    this.password = password;
    this.mfa = mfa;
    this.createdAt = now;
    this.failedCodes = new TokenBucket(FAILED_CODES, FAILED_CODE_REFILL_MS, now);
    this.phoneSends = new TokenBucket(PHONE_SENDS, PHONE_REFILL_MS, now);
    this.emailSends = new TokenBucket(EMAIL_SENDS, EMAIL_REFILL_MS, now);
  }

  /**
   * True when a factor the user enrolled is active: not the recovery code, and not the verified e-mail address,
   * which is listed as an active authenticator but does not count as enrolled (docs/protocol.md, "Authenticators").
   * Caller holds the lock.
   */
  boolean enrolled() {
    for (Authenticator a : authenticators) {
      if (a.active && a.kind != Kind.RECOVERY_CODE && !a.verifiedEmail) {
        return true;
      }
    }
    return false;
  }

  /** The user's e-mail address: the username when it is one, else null. */
  String email() {
    return username.indexOf('@') > 0 ? username : null;
  }

  /** The ID token's {@code nickname}: the local part of the e-mail address, as Auth0 makes it. */
  String nickname() {
    int at = username.indexOf('@');
    return at > 0 ? username.substring(0, at) : username;
  }

  /** The authenticator of the verified e-mail address, or null. Caller holds the lock. */
  Authenticator verifiedEmailAuthenticator() {
    for (Authenticator a : authenticators) {
      if (a.verifiedEmail) {
        return a;
      }
    }
    return null;
  }

  Authenticator find(String id) {
    for (Authenticator a : authenticators) {
      if (a.id.equals(id)) {
        return a;
      }
    }
    return null;
  }

  Authenticator recoveryAuthenticator() {
    for (Authenticator a : authenticators) {
      if (a.kind == Kind.RECOVERY_CODE) {
        return a;
      }
    }
    return null;
  }

  @Override
  public String toString() {
    return "User[" + username + "]";
  }
}
