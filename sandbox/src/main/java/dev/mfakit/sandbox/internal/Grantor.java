package dev.mfakit.sandbox.internal;

/**
 * Who an MFA grant speaks for: the session of an mfa_token, or, to confirm an enrolment made with it, an access
 * token for the /mfa/ audience with scope {@code enroll} sent as the mfa_token (docs/protocol.md, "Confirming an
 * enrolment made with an access token").
 *
 * @param user the user
 * @param client the client the mfa_token or access token was issued to
 * @param session the mfa_token's session, or null for an access token
 * @param accessTokenId the access token, as {@link MfaEndpoints#accessTokenId}; null for an mfa_token
 * @param audience the audience of the tokens the grant issues
 * @param scope the scope of the tokens the grant issues
 */
record Grantor(User user, Client client, MfaSession session, String accessTokenId, String audience, String scope) {
  static Grantor of(MfaSession s) {
    return new Grantor(s.user(), s.client(), s, null, s.audience(), s.scope());
  }

  /** Whether an access token speaks: it may only confirm an enrolment it started. */
  boolean accessToken() {
    return accessTokenId != null;
  }

  @Override
  public String toString() {
    return "Grantor[" + user + (accessToken() ? ", access token" : "") + "]";
  }
}
