package dev.mfakit.client.internal;

/** The calls of the MFA API; the error mapping and messages depend on which one failed. */
public enum Operation {
  SIGN_IN("sign in"),
  ASSOCIATE("associate"),
  CHALLENGE("challenge"),
  VERIFY_OOB("verify oob"),
  VERIFY_OTP("verify otp"),
  VERIFY_RECOVERY_CODE("verify recovery code"),
  LIST_AUTHENTICATORS("list authenticators"),
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
