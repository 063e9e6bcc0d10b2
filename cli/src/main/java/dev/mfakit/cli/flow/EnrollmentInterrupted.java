package dev.mfakit.cli.flow;

import java.util.List;

/**
 * An enrollment that failed after the tenant had handed out recovery codes, after a recovery code was spent to pass
 * the user's existing factor, or while it was being confirmed with an outcome that may have made the factor active.
 * Carries the codes with the failure and whether the factor may be active: when the confirming request may have been
 * applied (or a wait for a push approval was stopped, which the phone can still give), the new codes are valid if it
 * was, and must reach the person; when the tenant refused it (or it was never sent), nothing was enrolled. A
 * replacement recovery code is valid either way. The caller hands out what is due, then reports {@link #failure()}
 * as the run's outcome.
 */
public final class EnrollmentInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient FactorUsed factor;
  private final transient List<String> recoveryCodes;
  private final transient String replacementRecoveryCode;
  private final boolean mayBeActive;

  EnrollmentInterrupted(FactorUsed factor, List<String> recoveryCodes, String replacementRecoveryCode,
      boolean mayBeActive, RuntimeException failure) {
    super("the enrollment failed after recovery codes were issued", failure, false, false);
    this.factor = factor;
    this.recoveryCodes = List.copyOf(recoveryCodes);
    this.replacementRecoveryCode = replacementRecoveryCode;
    this.mayBeActive = mayBeActive;
  }

  /**
   * Whether the factor may be active: the confirming request may have been applied (no answer, an answer that could
   * not be read, a server error), or a wait for a push approval was stopped. False when the tenant refused it or it
   * was never sent: nothing was enrolled.
   *
   * @return true when the outcome is unknown
   */
  public boolean mayBeActive() {
    return mayBeActive;
  }

  /**
   * The recovery code that replaced the one spent to pass the user's existing factor: valid whatever became of the
   * enrollment.
   *
   * @return the code, or null
   */
  public String replacementRecoveryCode() {
    return replacementRecoveryCode;
  }

  /**
   * The factor being enrolled; whether it is active is unknown.
   *
   * @return the factor
   */
  public FactorUsed factor() {
    return factor;
  }

  /**
   * The codes the association issued, valid if the enrollment went through (see {@link #mayBeActive()}).
   *
   * @return the codes, possibly none
   */
  public List<String> recoveryCodes() {
    return recoveryCodes;
  }

  /**
   * What ended the run.
   *
   * @return the failure
   */
  public RuntimeException failure() {
    return (RuntimeException) getCause();
  }
}
