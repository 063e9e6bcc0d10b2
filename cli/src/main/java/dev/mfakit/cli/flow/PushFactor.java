package dev.mfakit.cli.flow;

import dev.mfakit.client.Enrollment;
import dev.mfakit.client.Tokens;
import java.time.Duration;

/**
 * Guardian push: the tenant notifies the phone, the person approves there, and the client polls until it is
 * approved, rejected or the wait ends. Answers sign-in challenges; enrolling one from the command line is not offered
 * yet, so it has no enrollment.
 */
final class PushFactor implements Factor {
  /** How long to wait for a push approval. */
  static final Duration TIMEOUT = Duration.ofMinutes(2);

  private final String device;

  /** @param device the device's name as the tenant lists it, or null */
  PushFactor(String device) {
    this.device = device;
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
    return null;
  }

  @Override
  public void challenged(Progress progress) {
    progress.info("Sent a push notification to " + (device == null ? "your phone" : device)
        + "; approve it in the Guardian app (waiting up to 2 minutes).");
  }

  @Override
  public Tokens confirm(Pending pending, Confirming with) {
    return with.client().awaitPushApproval(pending.mfaToken(), pending.oobCode(), TIMEOUT);
  }
}
