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
   */
  record Associated(Pending pending, List<String> recoveryCodes) implements EnrollResult {
    /** Copies the codes. */
    public Associated {
      recoveryCodes = List.copyOf(recoveryCodes);
    }

    @Override
    public String toString() {
      return "Associated[pending=" + pending + ", recoveryCodes=" + recoveryCodes.size() + "]";
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
   */
  record Confirmed(FactorUsed factor, Tokens tokens, List<String> recoveryCodes, MfaException listFailure)
      implements EnrollResult {
    /** Copies the codes. */
    public Confirmed {
      recoveryCodes = List.copyOf(recoveryCodes);
    }

    @Override
    public String toString() {
      return "Confirmed[factor=" + factor + ", tokens=" + tokens + ", recoveryCodes=" + recoveryCodes.size()
          + ", listFailure=" + listFailure + "]";
    }
  }
}
