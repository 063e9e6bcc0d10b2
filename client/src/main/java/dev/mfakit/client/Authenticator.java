package dev.mfakit.client;

import dev.mfakit.client.internal.Validation;

/**
 * One entry of {@link MfaClient#listAuthenticators(Bearer)}.
 *
 * @param id the id, e.g. {@code sms|dev_klnv5yshzzoosSUm}; pass it to {@code deleteAuthenticator} or {@link
 *     ChallengeRequest#forAuthenticatorId(String)}
 * @param authenticatorType {@link AuthenticatorType#OTP}, {@link AuthenticatorType#OOB} or {@link
 *     AuthenticatorType#RECOVERY_CODE}; with {@link #oobChannel()} the kind of authenticator, as in {@link
 *     Association}
 * @param active false until the enrollment was verified; inactive entries are leftovers UIs should ignore
 * @param oobChannel the channel of an oob authenticator ({@link OobChannel#SMS}, {@link OobChannel#VOICE}, {@link
 *     OobChannel#EMAIL}, {@link OobChannel#AUTH0} for push); null for otp and recovery codes, and for an oob entry
 *     whose channel the tenant did not say
 * @param name the server-masked phone or e-mail, or device name; null when the tenant sent none (otp, push,
 *     recovery codes)
 */
public record Authenticator(String id, AuthenticatorType authenticatorType, boolean active,
                            OobChannel oobChannel, String name) {

  /**
   * Requires the id and type.
   *
   * @param id see {@link #id()}
   * @param authenticatorType see {@link #authenticatorType()}
   * @param active see {@link #active()}
   * @param oobChannel see {@link #oobChannel()}
   * @param name see {@link #name()}
   */
  public Authenticator {
    Validation.required(id, "id");
    Validation.required(authenticatorType, "authenticator_type");
  }
}
