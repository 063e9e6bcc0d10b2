package dev.mfakit.client;

import dev.mfakit.client.internal.Validation;

/**
 * What to challenge with {@link MfaClient#challenge(MfaToken, ChallengeRequest)}.
 *
 * @param challengeType {@link ChallengeType#OTP} or {@link ChallengeType#OOB}; or null to send no {@code
 *     challenge_type}, which lets the tenant use every type the user has
 * @param authenticatorId the authenticator to challenge (e.g. {@code sms|dev_abc}), or null to let the tenant pick
 */
public record ChallengeRequest(ChallengeType challengeType, String authenticatorId) {

  /**
   * Validates the type and the id.
   *
   * @param challengeType see {@link #challengeType()}
   * @param authenticatorId see {@link #authenticatorId()}
   * @throws InvalidInputException naming {@code challenge_type} for {@link ChallengeType#UNKNOWN} (it cannot be
   *     sent), or {@code authenticator_id} for an id that cannot be
   */
  public ChallengeRequest {
    if (challengeType == ChallengeType.UNKNOWN) {
      throw new InvalidInputException("challenge_type", InvalidInputException.Kind.MALFORMED,
          "must be OTP or OOB (or null for every type the user has), not UNKNOWN");
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
    return new ChallengeRequest(ChallengeType.OTP, null);
  }

  /**
   * Challenge an out-of-band authenticator (send an SMS, call, e-mail or push).
   *
   * @return the request
   */
  public static ChallengeRequest oob() {
    return new ChallengeRequest(ChallengeType.OOB, null);
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
    return new ChallengeRequest(otp ? ChallengeType.OTP : ChallengeType.OOB, authenticator.id());
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
    return new ChallengeRequest(isOtpId(authenticatorId) ? ChallengeType.OTP : ChallengeType.OOB, authenticatorId);
  }

  private static boolean isOtpId(String id) {
    return id.startsWith("totp|") || id.startsWith("otp|");
  }
}
