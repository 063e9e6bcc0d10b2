package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;

/**
 * The answer of {@link MfaClient#challenge(MfaToken, ChallengeRequest)}. Prints redacted.
 *
 * @param challengeType {@code otp} (ask for the app's code, then {@code verifyOtp}) or {@code oob}
 * @param oobCode for {@code oob}: the code to pass to {@code verifyOob} or {@code awaitPushApproval}; otherwise
 *     null
 * @param bindingMethod {@link BindingMethod#PROMPT} when the user must type the code they received (SMS, voice,
 *     e-mail); null for push (poll with {@code awaitPushApproval}) and otp
 */
public record Challenge(ChallengeType challengeType, String oobCode, BindingMethod bindingMethod) {

  /**
   * Requires the type.
   *
   * @param challengeType see {@link #challengeType()}
   * @param oobCode see {@link #oobCode()}
   * @param bindingMethod see {@link #bindingMethod()}
   */
  public Challenge {
    Validation.required(challengeType, "challenge_type");
  }

  @Override
  public String toString() {
    return "Challenge[challengeType=" + challengeType + ", oobCode=" + Redaction.secret(oobCode)
        + ", bindingMethod=" + bindingMethod + "]";
  }
}
