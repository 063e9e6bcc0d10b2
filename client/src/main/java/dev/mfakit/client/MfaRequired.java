package dev.mfakit.client;

import dev.mfakit.client.internal.Validation;

/**
 * The tenant wants a second factor: the answer {@code 403 mfa_required} to a password sign-in.
 *
 * @param mfaToken the token for the following enroll/challenge/verify calls; its {@code expiresAt} is the time of
 *     receipt plus 10 minutes
 * @param requirements the parsed {@code mfa_requirements}; empty lists when the tenant sent none (normal under the
 *     global MFA policy)
 */
public record MfaRequired(MfaToken mfaToken, MfaRequirements requirements) implements SignInResult {

  /**
   * Requires a token; absent requirements become {@link MfaRequirements#none()}.
   *
   * @param mfaToken see {@link #mfaToken()}
   * @param requirements see {@link #requirements()}
   */
  public MfaRequired {
    Validation.required(mfaToken, "mfa_token");
    requirements = requirements == null ? MfaRequirements.none() : requirements;
  }
}
