package dev.mfakit.cli.flow;

import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.Tokens;

/**
 * An authenticator app (TOTP): nothing is sent; the person (or a program holding the secret) gives the code the app
 * shows, {@code mfa-otp} verifies it. Answers sign-in challenges, and enrolls one when built with {@link
 * #enrolling()}; what an association shows (the QR code, the secret) is not this class's business yet.
 */
public final class OtpFactor implements Factor {
  private final Enrollment enrollment;

  /** Built only to answer ({@link FactorKind#answering(String)}). */
  OtpFactor() {
    this(null);
  }

  private OtpFactor(Enrollment enrollment) {
    this.enrollment = enrollment;
  }

  /**
   * An authenticator app to enroll: the association answers with its secret ({@code Association.secret()}), from
   * which the codes that confirm it are computed.
   *
   * @return the factor
   */
  public static OtpFactor enrolling() {
    return new OtpFactor(Enrollment.otp());
  }

  @Override
  public FactorKind kind() {
    return FactorKind.AUTHENTICATOR_APP;
  }

  @Override
  public String recipient() {
    return null;
  }

  @Override
  public Enrollment enrollment() {
    return enrollment;
  }

  @Override
  public Tokens confirm(Pending pending, Confirming with) {
    return with.codes().enter(new CodeRequest(pending, "the 6-digit code from your authenticator app", false,
        ErrorReason.WRONG_OTP), code -> with.client().verifyOtp(pending.mfaToken(), code));
  }
}
