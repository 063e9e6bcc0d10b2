package dev.mfakit.cli.flow;

/**
 * What a person scans with a phone app to add a factor: the QR code of {@code barcodeUri} and, for an authenticator
 * app, the secret to type instead. Both are secrets (the URI holds the TOTP secret; a push URI lets a phone enroll):
 * prints without them.
 *
 * @param factor {@link FactorKind#AUTHENTICATOR_APP} or {@link FactorKind#PUSH}
 * @param barcodeUri the {@code otpauth://} URI to draw as a QR code
 * @param secret the base32 TOTP secret, or null (push)
 */
public record Scan(FactorKind factor, String barcodeUri, String secret) {
  @Override
  public String toString() {
    return "Scan[factor=" + factor + ", barcodeUri=" + (barcodeUri == null ? null : "██") + ", secret="
        + (secret == null ? null : "██") + "]";
  }
}
