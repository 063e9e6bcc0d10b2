package dev.mfakit.cli.flow;

import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.Tokens;

/**
 * An authenticator app (TOTP): nothing is sent; the person types the code the app shows, {@code mfa-otp} verifies
 * it. Answers sign-in challenges; enrolling one from the command line is not offered yet, so it has no enrollment.
 */
final class OtpFactor implements Factor {
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
    return null;
  }

  @Override
  public Tokens confirm(Pending pending, Confirming with) {
    return with.codes().enter(new CodeRequest(pending, "the 6-digit code from your authenticator app", false,
        ErrorReason.WRONG_OTP), code -> with.client().verifyOtp(pending.mfaToken(), code));
  }
}
