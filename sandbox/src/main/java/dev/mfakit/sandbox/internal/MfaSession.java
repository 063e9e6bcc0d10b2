package dev.mfakit.sandbox.internal;

/**
 * What an mfa_token stands for: a user who passed the password step on a client, and the audience and
 * scope the tokens will carry once MFA is done.
 */
record MfaSession(User user, Client client, String audience, String scope, long expiresAt) {
  @Override
  public String toString() {
    return "MfaSession[" + user + "]";
  }
}
