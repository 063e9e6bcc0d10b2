package dev.mfakit.client.internal;

/** The calls of the MFA API; the error mapping and messages depend on which one failed. */
enum Operation {
  /** Password sign-in on /oauth/token. */
  SIGN_IN("sign in"),
  /** POST /mfa/associate. */
  ASSOCIATE("associate"),
  /** POST /mfa/challenge. */
  CHALLENGE("challenge"),
  /** The mfa-oob grant (codes and push polls). */
  VERIFY_OOB("verify oob"),
  /** The mfa-otp grant. */
  VERIFY_OTP("verify otp"),
  /** The mfa-recovery-code grant. */
  VERIFY_RECOVERY_CODE("verify recovery code"),
  /** GET /mfa/authenticators. */
  LIST_AUTHENTICATORS("list authenticators"),
  /** DELETE /mfa/authenticators/{id}. */
  DELETE_AUTHENTICATOR("delete authenticator");

  private final String label;

  Operation(String label) {
    this.label = label;
  }

  /** A short human name for messages. */
  public String label() {
    return label;
  }

  /** True for the {@code /mfa/*} calls authorised by a Bearer token. */
  boolean bearerAuthorised() {
    return this == ASSOCIATE || this == LIST_AUTHENTICATORS || this == DELETE_AUTHENTICATOR;
  }
}
