package dev.mfakit.cli.flow;

import dev.mfakit.client.Association;
import dev.mfakit.client.Bearer;
import java.time.Instant;

/**
 * A step waiting for its answer: an association to confirm, or a sign-in challenge to answer. It holds what
 * confirming needs; a state file (or a batch journal) keeps it between runs. Prints without its secrets.
 *
 * @param factor the kind of factor
 * @param mfaToken the mfa_token the step was started with (confirming needs the same one); or, for the enrolment of
 *     a further factor, the access token it was associated with, which confirming sends in the mfa_token's place
 *     (docs/protocol.md, "Confirming an enrolment made with an access token")
 * @param oobCode the {@code oob_code} to verify against, or null (an authenticator app)
 * @param expiresAt when the sent code stops working, or null when unknown or nothing was sent
 * @param recipient where the code went, masked, or null
 * @param association the association this run made, or null (a step read from a file, a challenge); it may hold
 *     a TOTP secret, so it is never written anywhere
 */
public record Pending(FactorKind factor, Bearer mfaToken, String oobCode, Instant expiresAt, String recipient,
                      Association association) {

  /**
   * The step an association started.
   *
   * @param factor the factor associated
   * @param mfaToken the mfa_token (or access token) it was associated with
   * @param association the tenant's answer
   * @return the pending confirmation
   */
  public static Pending associated(Factor factor, Bearer mfaToken, Association association) {
    return new Pending(factor.kind(), mfaToken, association.oobCode(), association.oobCodeExpiresAt(),
        factor.recipient(), association);
  }

  @Override
  public String toString() {
    return "Pending[factor=" + factor + ", mfaToken=" + mfaToken + ", oobCode=" + (oobCode == null ? null : "██")
        + ", expiresAt=" + expiresAt + ", recipient=" + recipient + ", association=" + association + "]";
  }
}
