package dev.mfakit.cli.flow;

import java.util.List;

/**
 * An enrollment that failed after the tenant had handed out recovery codes: the factor (and its codes) may be active
 * even though this run cannot tell, so the codes must still reach the person. Carries them with the failure; the
 * caller hands them out, then reports {@link #failure()} as the run's outcome.
 */
public final class EnrollmentInterrupted extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient FactorUsed factor;
  private final transient List<String> recoveryCodes;

  EnrollmentInterrupted(FactorUsed factor, List<String> recoveryCodes, RuntimeException failure) {
    super("the enrollment failed after recovery codes were issued", failure, false, false);
    this.factor = factor;
    this.recoveryCodes = List.copyOf(recoveryCodes);
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
   * The codes issued, valid if the enrollment went through.
   *
   * @return the codes
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
