package dev.mfakit.cli.flow;

import dev.mfakit.client.MfaClient;
import dev.mfakit.client.Tokens;
import java.util.List;

/**
 * Finishing a step an earlier run started and kept ({@code mfa verify --state FILE --code CODE}, {@code mfa associate
 * --state FILE --code CODE}, {@code mfa verify --state FILE --push}): confirm the pending step with the code given,
 * or wait for the push approval; nothing new is sent. The same
 * {@link Factor} confirms it as would have in one run.
 */
public final class ResumeFlow {
  private final MfaClient client;
  private final Progress progress;

  /** @param client the client of the tenant the step was started on */
  public ResumeFlow(MfaClient client) {
    this(client, Progress.silent());
  }

  /**
   * @param client the client of the tenant the step was started on
   * @param progress where a wait for a push approval is shown
   */
  public ResumeFlow(MfaClient client, Progress progress) {
    this.client = client;
    this.progress = progress;
  }

  /**
   * Confirms a pending enrollment and reports the factor from the tenant's list.
   *
   * @param pending the association waiting for its confirmation
   * @param code the code that was sent (or the app shows); null for a push, whose approval is waited for
   * @return the confirmed enrollment (no recovery codes: the association handed them out)
   */
  public EnrollResult.Confirmed finishEnrollment(Pending pending, String code) {
    Factor factor = pending.factor().answering(pending.recipient());
    return Enrolled.confirmed(client, pending.mfaToken(), factor, confirm(factor, pending, code), List.of());
  }

  /**
   * Answers a pending sign-in challenge.
   *
   * @param pending the challenge waiting for its answer
   * @param authenticatorId the authenticator challenged, or null
   * @param code the code that was sent (or the app shows); null for a push, whose approval is waited for
   * @return the tokens, and the authenticator (active: it was challenged)
   */
  public Passed finishChallenge(Pending pending, String authenticatorId, String code) {
    Factor factor = pending.factor().answering(pending.recipient());
    return new Passed(FactorUsed.of(pending.factor(), authenticatorId, pending.recipient(), true),
        confirm(factor, pending, code));
  }

  private Tokens confirm(Factor factor, Pending pending, String code) {
    return factor.confirm(pending, new Confirming(client, CodeSource.given(code), progress));
  }
}
