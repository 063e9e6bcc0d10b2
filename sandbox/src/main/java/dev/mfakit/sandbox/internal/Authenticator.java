package dev.mfakit.sandbox.internal;

/**
 * One authenticator of a user. Mutable state is guarded by the owning {@link User}'s lock. Authenticators
 * created together (sms + voice, push + its totp) share a {@code group}: they are confirmed and deleted
 * together.
 */
final class Authenticator {
  final String id;
  final Kind kind;
  final long group;
  /** E.164 phone or e-mail address for sms/voice/email; null otherwise. */
  final String recipient;
  /** The masked {@code name} shown by the list endpoint, or null. */
  final String name;
  /** The TOTP key for totp authenticators, or null. */
  final byte[] totpSecret;
  /**
   * The user's verified e-mail address, listed as an active e-mail authenticator: it can be challenged but not
   * deleted, and does not count as enrolled.
   */
  final boolean verifiedEmail;
  boolean active;
  /** The last TOTP time step accepted, so a code works once (RFC 6238 §5.2). */
  long lastOtpStep = Long.MIN_VALUE;

  Authenticator(String id, Kind kind, long group, String recipient, String name, byte[] totpSecret) {
    this(id, kind, group, recipient, name, totpSecret, false);
  }

  Authenticator(String id, Kind kind, long group, String recipient, String name, byte[] totpSecret,
      boolean verifiedEmail) {
    this.verifiedEmail = verifiedEmail;
    this.active = verifiedEmail;
    this.id = id;
    this.kind = kind;
    this.group = group;
    this.recipient = recipient;
    this.name = name;
    this.totpSecret = totpSecret;
  }

  @Override
  public String toString() {
    return "Authenticator[" + id + ", active=" + active + "]";
  }
}
