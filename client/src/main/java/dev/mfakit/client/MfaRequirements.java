package dev.mfakit.client;

import java.util.List;

/**
 * The {@code mfa_requirements} of an {@code mfa_required} answer (Customizable MFA).
 *
 * @param challenge factor types the user already has and may be challenged with; empty when absent
 * @param enroll factor types the user must enroll first; empty when absent
 */
public record MfaRequirements(List<FactorType> challenge, List<FactorType> enroll) {

  /**
   * Normalises null lists to empty ones and copies them immutably.
   *
   * @param challenge see {@link #challenge()}
   * @param enroll see {@link #enroll()}
   */
  public MfaRequirements {
    challenge = challenge == null ? List.of() : List.copyOf(challenge);
    enroll = enroll == null ? List.of() : List.copyOf(enroll);
  }

  /**
   * No requirements given (the usual answer under the tenant's global MFA policy).
   *
   * @return requirements with two empty lists
   */
  public static MfaRequirements none() {
    return new MfaRequirements(List.of(), List.of());
  }
}
