package dev.mfakit.cli.flow;

import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.Tokens;

/**
 * One kind of second factor as the flows use it: what to enroll, what to tell the person after an association or a
 * challenge, and how the pending step is confirmed (a code from a {@link CodeSource}, or a push approval). The
 * flows ({@link EnrollFlow}, {@link SecondFactorFlow}, {@link ResumeFlow}) are the same for every factor; a new
 * factor is one implementation of this interface (and its constant in {@link FactorKind}).
 */
public interface Factor {
  /**
   * Which kind this is.
   *
   * @return the kind
   */
  FactorKind kind();

  /**
   * Where its codes go, masked, for messages and results.
   *
   * @return {@code +1******4567}, {@code j***@example.com}, a device name; null when nothing is sent (an app)
   */
  String recipient();

  /**
   * What {@link EnrollFlow} associates.
   *
   * @return the enrollment (validated by the client when it was built); null for a factor built only to answer
   *     ({@link FactorKind#answering(String)})
   */
  Enrollment enrollment();

  /**
   * Tells the person what an association just did: a code was sent (and where), or what to scan.
   *
   * @param association the tenant's answer
   * @param again whether this run associated before (a new code after the first expired): say less
   * @param progress where to say it
   */
  default void associated(Association association, boolean again, Progress progress) {}

  /**
   * Tells the person what a sign-in challenge of this factor just did, before {@link #confirm} waits for it.
   *
   * @param progress where to say it
   */
  default void challenged(Progress progress) {}

  /**
   * Confirms a pending step: gets the code from {@code with.codes()} and verifies it, or waits for an approval.
   * Confirms an association and answers a sign-in challenge alike (the tenant's grant is the same).
   *
   * @param pending what confirming needs (the mfa_token, the oob_code)
   * @param with the client, the code source and progress
   * @return the tokens the tenant issued
   * @throws dev.mfakit.client.MfaApiException when the tenant refuses (a wrong code the source gave up on)
   */
  Tokens confirm(Pending pending, Confirming with);

  /**
   * Whether an entry of the tenant's list is this factor: the enrollment is reported from that list, so that
   * "active" is the tenant's word.
   *
   * @param a a listed authenticator
   * @return true when it is of this kind
   */
  default boolean isListed(Authenticator a) {
    return kind().is(a);
  }
}
