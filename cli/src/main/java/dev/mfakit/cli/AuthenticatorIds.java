package dev.mfakit.cli;

import dev.mfakit.client.ChallengeRequest;

/** Authenticator ids given on the command line ({@code sms|dev_AbC123}): checked before any request. */
final class AuthenticatorIds {
  private AuthenticatorIds() {}

  /**
   * Checks an id with the client's own rule (safe in a URL path).
   *
   * @throws Failure (exit 2) naming {@code option} otherwise
   */
  static void check(String option, String id) {
    try {
      ChallengeRequest.forAuthenticatorId(id);
    } catch (IllegalArgumentException e) {
      String shown = id.strip().replaceAll("\\p{Cntrl}", "?");
      throw Failure.usage(option + ": '" + shown + "' is not an authenticator id (like sms|dev_AbC123)."
          + " See mfa authenticators list");
    }
  }
}
