package dev.mfakit.cli.flow;

import dev.mfakit.client.MfaException;
import dev.mfakit.client.Tokens;
import java.util.List;

/** How an {@link EnrollFlow} ended: associated and stopped (to finish later), or confirmed. */
public sealed interface EnrollResult {
  /**
   * The recovery codes the tenant issued with the association (a user's first enrollment), to hand out once.
   *
   * @return the codes, usually none or one
   */
  List<String> recoveryCodes();

  /**
   * Associated, and stopped as asked: {@code pending} is what confirming needs later (keep it in a state file or a
   * journal). The code (if any) is on its way.
   *
   * @param pending the association waiting for its confirmation
   * @param recoveryCodes see {@link EnrollResult#recoveryCodes()}
   * @param added how the user, who had a factor already, passed it to add this one; null when they did not
   */
  record Associated(Pending pending, List<String> recoveryCodes, Added added) implements EnrollResult {
    /** Copies the codes. */
    public Associated {
      recoveryCodes = List.copyOf(recoveryCodes);
    }

    /**
     * Associated without passing an existing factor.
     *
     * @param pending see {@link #pending()}
     * @param recoveryCodes see {@link #recoveryCodes()}
     */
    public Associated(Pending pending, List<String> recoveryCodes) {
      this(pending, recoveryCodes, null);
    }

    /**
     * The recovery code that replaced one spent to pass the existing factor, which must reach the user.
     *
     * @return the code, or null
     */
    public String replacementRecoveryCode() {
      return added == null ? null : added.replacementRecoveryCode();
    }

    @Override
    public String toString() {
      return "Associated[pending=" + pending + ", recoveryCodes=" + recoveryCodes.size() + ", added=" + added + "]";
    }
  }

  /**
   * Confirmed: the factor is enrolled.
   *
   * @param factor the enrolled authenticator as the tenant lists it (id and active null when the list could not be
   *     read)
   * @param tokens the tokens the confirmation issued
   * @param recoveryCodes see {@link EnrollResult#recoveryCodes()}; none when confirming a step of an earlier run
   * @param listFailure why the tenant's list could not be read to report the factor, or null
   * @param added how the user, who had a factor already, passed it to add this one; null for a first factor
   */
  record Confirmed(FactorUsed factor, Tokens tokens, List<String> recoveryCodes, MfaException listFailure,
                   Added added) implements EnrollResult {
    /** Copies the codes. */
    public Confirmed {
      recoveryCodes = List.copyOf(recoveryCodes);
    }

    /**
     * A first factor (or one whose adding is not known).
     *
     * @param factor see {@link #factor()}
     * @param tokens see {@link #tokens()}
     * @param recoveryCodes see {@link #recoveryCodes()}
     * @param listFailure see {@link #listFailure()}
     */
    public Confirmed(FactorUsed factor, Tokens tokens, List<String> recoveryCodes, MfaException listFailure) {
      this(factor, tokens, recoveryCodes, listFailure, null);
    }

    @Override
    public String toString() {
      return "Confirmed[factor=" + factor + ", tokens=" + tokens + ", recoveryCodes=" + recoveryCodes.size()
          + ", listFailure=" + listFailure + ", added=" + added + "]";
    }
  }

  /**
   * How a further factor was added: the user's existing factor was passed first, for an access token to the MFA API.
   *
   * @param passedWith the authenticator that passed (a recovery code, an app's code, or a challenged one)
   * @param replacementRecoveryCode the recovery code that replaces the one spent to pass, or null
   */
  record Added(FactorUsed passedWith, String replacementRecoveryCode) {
    @Override
    public String toString() {
      return "Added[passedWith=" + passedWith + ", replacementRecoveryCode="
          + (replacementRecoveryCode == null ? null : "██") + "]";
    }
  }
}
