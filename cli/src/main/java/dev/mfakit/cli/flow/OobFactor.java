package dev.mfakit.cli.flow;

import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.Mask;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.Tokens;

/**
 * SMS, voice and e-mail: the tenant sends a 6-digit code, the person types it, {@code mfa-oob} verifies it against
 * the step's {@code oob_code}.
 */
public final class OobFactor implements Factor {
  private final FactorKind kind;
  private final String recipient;
  private final Enrollment enrollment;

  OobFactor(FactorKind kind, String recipient, Enrollment enrollment) {
    this.kind = kind;
    this.recipient = recipient;
    this.enrollment = enrollment;
  }

  /**
   * SMS codes to a phone, to enroll.
   *
   * @param e164 the number
   * @return the factor
   * @throws dev.mfakit.client.InvalidInputException when the number is not E.164
   */
  public static OobFactor sms(String e164) {
    return new OobFactor(FactorKind.SMS, Mask.phone(e164), Enrollment.sms(e164));
  }

  /**
   * Codes read out by a call to a phone, to enroll.
   *
   * @param e164 the number
   * @return the factor
   * @throws dev.mfakit.client.InvalidInputException when the number is not E.164
   */
  public static OobFactor voice(String e164) {
    return new OobFactor(FactorKind.VOICE, Mask.phone(e164), Enrollment.voice(e164));
  }

  /**
   * Codes by e-mail, to enroll.
   *
   * @param address the address
   * @return the factor
   * @throws dev.mfakit.client.InvalidInputException when the address is not plausible
   */
  public static OobFactor email(String address) {
    return new OobFactor(FactorKind.EMAIL, Mask.email(address), Enrollment.email(address));
  }

  @Override
  public FactorKind kind() {
    return kind;
  }

  @Override
  public String recipient() {
    return recipient;
  }

  @Override
  public Enrollment enrollment() {
    return enrollment;
  }

  @Override
  public void associated(Association association, boolean again, Progress progress) {
    OobChannel channel = association.oobChannel();
    progress.info("Sent a 6-digit code " + FactorKind.of(association.authenticatorType(), channel).where(recipient)
        + ".");
    if (!again && (channel == OobChannel.SMS || channel == OobChannel.VOICE)) {
      progress.info("Note: phone codes are the weakest second factor; an authenticator app is stronger.");
    }
  }

  @Override
  public void challenged(Progress progress) {
    progress.info("Sent a 6-digit code " + kind.where(recipient) + ".");
  }

  @Override
  public Tokens confirm(Pending pending, Confirming with) {
    return with.codes().enter(new CodeRequest(pending, "the 6-digit code", true, ErrorReason.WRONG_BINDING_CODE),
        code -> with.client().verifyOob(pending.mfaToken(), pending.oobCode(), code));
  }
}
