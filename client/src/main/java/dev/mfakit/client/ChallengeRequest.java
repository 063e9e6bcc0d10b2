package dev.mfakit.client;

import dev.mfakit.client.internal.Validation;

/**
 * What to challenge with {@link MfaClient#challenge(MfaToken, ChallengeRequest)}.
 *
 * @param challengeType {@code "otp"}, {@code "oob"}, {@code "oob otp"}, or null for every type the user has
 * @param authenticatorId the authenticator to challenge (e.g. {@code sms|dev_abc}), or null to let the tenant pick
 */
public record ChallengeRequest(String challengeType, String authenticatorId) {

  /**
   * Validates the type list and the id.
   *
   * @param challengeType see {@link #challengeType()}
   * @param authenticatorId see {@link #authenticatorId()}
   */
  public ChallengeRequest {
    if (challengeType != null) {
      Validation.challengeType(challengeType, "challenge_type");
    }
    if (authenticatorId != null) {
      Validation.authenticatorId(authenticatorId, "authenticator_id");
    }
  }

  /**
   * Challenge a TOTP authenticator (nothing is sent; the user reads the app).
   *
   * @return the request
   */
  public static ChallengeRequest otp() {
    return new ChallengeRequest("otp", null);
  }

  /**
   * Challenge an out-of-band authenticator (send an SMS, call, e-mail or push).
   *
   * @return the request
   */
  public static ChallengeRequest oob() {
    return new ChallengeRequest("oob", null);
  }

  /**
   * Challenge with any type the user has (no {@code challenge_type} sent).
   *
   * @return the request
   */
  public static ChallengeRequest any() {
    return new ChallengeRequest(null, null);
  }

  /**
   * Challenge one listed authenticator; the type is {@code otp} for a TOTP authenticator, {@code oob} otherwise.
   *
   * @param authenticator an entry of {@link MfaClient#listAuthenticators(Bearer)}
   * @return the request
   */
  public static ChallengeRequest forAuthenticator(Authenticator authenticator) {
    Validation.required(authenticator, "authenticator");
    boolean otp = authenticator.authenticatorType() == AuthenticatorType.OTP || isOtpId(authenticator.id());
    return new ChallengeRequest(otp ? "otp" : "oob", authenticator.id());
  }

  /**
   * Challenge one authenticator by id; the type is inferred from the id prefix ({@code totp|…} is {@code otp},
   * anything else {@code oob}).
   *
   * @param authenticatorId e.g. {@code sms|dev_abc}
   * @return the request
   */
  public static ChallengeRequest forAuthenticatorId(String authenticatorId) {
    Validation.authenticatorId(authenticatorId, "authenticator_id");
    return new ChallengeRequest(isOtpId(authenticatorId) ? "otp" : "oob", authenticatorId);
  }

  private static boolean isOtpId(String id) {
    return id.startsWith("totp|") || id.startsWith("otp|");
  }
}
