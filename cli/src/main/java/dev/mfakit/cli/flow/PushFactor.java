package dev.mfakit.cli.flow;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaNetworkException;
import dev.mfakit.client.Tokens;
import java.time.Duration;

/**
 * Guardian push: enrolling shows the QR code the Guardian app scans; a sign-in challenge notifies the phone. Either
 * way the person approves on the phone while the client polls the tenant as the protocol demands (every 5 s, at most
 * 12 a minute, 5 s slower after each {@code slow_down}), until approved, rejected, or expired.
 */
public final class PushFactor implements Factor {
  /**
   * The longest wait: a push (and an enrollment's QR code) lasts 5 minutes, and the tenant says when it expired; the
   * margin lets it say so rather than the wait run out first.
   */
  static final Duration WAIT_LIMIT = Duration.ofMinutes(5).plusSeconds(15);

  private final String device;
  private final Enrollment enrollment;

  private PushFactor(String device, Enrollment enrollment) {
    this.device = device;
    this.enrollment = enrollment;
  }

  /**
   * Guardian push, to enroll: the tenant answers with a QR code for the Guardian app.
   *
   * @return the factor
   */
  public static PushFactor guardian() {
    return new PushFactor(null, Enrollment.push());
  }

  /** @param device the device's name as the tenant lists it, or null */
  static PushFactor answering(String device) {
    return new PushFactor(device, null);
  }

  @Override
  public FactorKind kind() {
    return FactorKind.PUSH;
  }

  @Override
  public String recipient() {
    return device;
  }

  @Override
  public Enrollment enrollment() {
    return enrollment;
  }

  @Override
  public void associated(Association association, boolean again, Progress progress) {
    progress.scan(new Scan(FactorKind.PUSH, association.barcodeUri(), null));
  }

  @Override
  public void challenged(Progress progress) {
    progress.info("Sent a push notification to " + (device == null ? "your phone" : device)
        + "; approve it in the Guardian app.");
  }

  /**
   * Waits for the approval.
   *
   * @throws MfaApiException {@link ErrorReason#PUSH_REJECTED} when the person said no; {@link
   *     ErrorReason#OOB_CODE_EXPIRED} when the push (or the QR code) expired first
   * @throws Failure exit {@link ExitCode#STOPPED} when the wait was interrupted (Ctrl-C)
   */
  @Override
  public Tokens confirm(Pending pending, Confirming with) {
    with.progress().waiting(pending.association() != null ? "Waiting for the Guardian app to scan the code and"
        + " approve" : "Waiting for the approval on " + (device == null ? "your phone" : device),
        pending.expiresAt());
    try {
      Tokens tokens = with.client().awaitPushApproval(pending.mfaToken(), pending.oobCode(), WAIT_LIMIT);
      Thread.interrupted(); // a Ctrl-C during the poll that was approved comes too late to stop anything
      return tokens;
    } catch (MfaNetworkException e) {
      if (Thread.interrupted()) {
        throw new Failure(ExitCode.STOPPED, "stopped waiting for the push approval", null, e);
      }
      throw e;
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.AUTHORIZATION_PENDING) {
        // The wait outlasted the push; the tenant's clock is behind ours. Expired all the same.
        throw new MfaApiException(e.status(), ErrorReason.OOB_CODE_EXPIRED, e.error(), null, e.errorUri(), null);
      }
      throw e;
    } finally {
      with.progress().waited();
    }
  }
}
