package dev.mfakit.client;

import dev.mfakit.client.internal.Redaction;
import dev.mfakit.client.internal.Validation;
import java.time.Instant;
import java.util.List;

/**
 * The answer of {@link MfaClient#associate(Bearer, Enrollment)}: the authenticator exists but stays inactive until
 * verified ({@code verifyOob} with the {@link #oobCode()}, or {@code verifyOtp} for TOTP). Prints redacted.
 *
 * @param authenticatorType {@code otp} or {@code oob}
 * @param oobChannel the channel of an oob authenticator; null for TOTP
 * @param oobCode the code to pass to {@code verifyOob} (or, for push, {@code awaitPushApproval}); null for TOTP
 * @param bindingMethod {@link BindingMethod#PROMPT} when the user must type the code they received (SMS, voice,
 *     e-mail); null for push and TOTP
 * @param secret the TOTP secret (base32); null for out-of-band authenticators
 * @param barcodeUri the {@code otpauth://} URI to show as a QR code (TOTP, push); null for SMS, voice and e-mail
 * @param recoveryCodes the recovery code(s) issued on the user's first enrollment; empty otherwise. Show them to
 *     the user once.
 * @param oobCodeExpiresAt when the {@code oobCode} expires: read from the code itself when present and sane, else
 *     the time of receipt plus 5 minutes; null without an oob code
 */
public record Association(AuthenticatorType authenticatorType, OobChannel oobChannel, String oobCode,
                          BindingMethod bindingMethod, String secret, String barcodeUri,
                          List<String> recoveryCodes, Instant oobCodeExpiresAt) {

  /**
   * Requires the type; copies the recovery codes immutably (null becomes empty).
   *
   * @param authenticatorType see {@link #authenticatorType()}
   * @param oobChannel see {@link #oobChannel()}
   * @param oobCode see {@link #oobCode()}
   * @param bindingMethod see {@link #bindingMethod()}
   * @param secret see {@link #secret()}
   * @param barcodeUri see {@link #barcodeUri()}
   * @param recoveryCodes see {@link #recoveryCodes()}
   * @param oobCodeExpiresAt see {@link #oobCodeExpiresAt()}
   */
  public Association {
    Validation.required(authenticatorType, "authenticator_type");
    recoveryCodes = recoveryCodes == null ? List.of() : List.copyOf(recoveryCodes);
  }

  /**
   * Whether {@code verifyOob} needs the code the user received ({@code binding_method} is {@code prompt}).
   *
   * @return true for SMS, voice and e-mail enrollments
   */
  public boolean needsBindingCode() {
    return bindingMethod == BindingMethod.PROMPT;
  }

  /**
   * The recovery code issued with this enrollment (Auth0 issues exactly one, on a user's first enrollment).
   *
   * @return the code to show the user once, or null when none was issued
   */
  public String recoveryCode() {
    return recoveryCodes.isEmpty() ? null : recoveryCodes.get(0);
  }

  @Override
  public String toString() {
    return "Association[authenticatorType=" + authenticatorType + ", oobChannel=" + oobChannel
        + ", oobCode=" + Redaction.secret(oobCode) + ", bindingMethod=" + bindingMethod
        + ", secret=" + Redaction.secret(secret) + ", barcodeUri=" + Redaction.secret(barcodeUri)
        + ", recoveryCodes=" + recoveryCodes.stream().map(c -> Redaction.MASK).toList()
        + ", oobCodeExpiresAt=" + oobCodeExpiresAt + "]";
  }
}
