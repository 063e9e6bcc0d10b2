package dev.mfakit.cli.flow;

import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.Tokens;

/**
 * An authenticator app (TOTP): nothing is sent; enrolling shows the person a QR code and the secret to add to the
 * app, and {@code mfa-otp} verifies the code the app shows (which confirms the enrollment, or answers a sign-in).
 * Without a person, a {@link CodeSource} can compute that code from the secret ({@link CodeSource#totp}).
 */
public final class OtpFactor implements Factor {
  private final Enrollment enrollment;

  private OtpFactor(Enrollment enrollment) {
    this.enrollment = enrollment;
  }

  /**
   * An authenticator app, to enroll.
   *
   * @return the factor
   */
  public static OtpFactor authenticatorApp() {
    return new OtpFactor(Enrollment.otp());
  }

  /** An authenticator app, to answer a challenge or confirm an enrollment of an earlier run. */
  static OtpFactor answering() {
    return new OtpFactor(null);
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
  public void associated(Association association, boolean again, Progress progress) {
    progress.scan(new Scan(FactorKind.AUTHENTICATOR_APP, association.barcodeUri(), association.secret()));
  }

  @Override
  public Tokens confirm(Pending pending, Confirming with) {
    return with.codes().enter(new CodeRequest(pending, "the 6-digit code from your authenticator app", false,
        ErrorReason.WRONG_OTP), code -> with.client().verifyOtp(pending.mfaToken(), code));
  }
}
