package dev.mfakit.client;

import dev.mfakit.client.internal.Validation;

/**
 * One entry of {@link MfaClient#listAuthenticators(Bearer)}.
 *
 * @param id the id, e.g. {@code sms|dev_klnv5yshzzoosSUm}; pass it to {@code deleteAuthenticator} or {@link
 *     ChallengeRequest#forAuthenticatorId(String)}
 * @param authenticatorType {@code otp}, {@code oob} or {@code recovery-code}
 * @param active false until the enrollment was verified; inactive entries are leftovers UIs should ignore
 * @param oobChannel the channel of an oob authenticator, or null
 * @param name the server-masked phone or e-mail, or device name, or null
 * @param type the newer {@code type} field ({@code phone}, {@code email}, {@code otp}, {@code push-notification},
 *     {@code recovery-code}) as sent, or null on tenants that do not send it
 */
public record Authenticator(String id, AuthenticatorType authenticatorType, boolean active,
                            OobChannel oobChannel, String name, String type) {

  /**
   * Requires the id and type.
   *
   * @param id see {@link #id()}
   * @param authenticatorType see {@link #authenticatorType()}
   * @param active see {@link #active()}
   * @param oobChannel see {@link #oobChannel()}
   * @param name see {@link #name()}
   * @param type see {@link #type()}
   */
  public Authenticator {
    Validation.required(id, "id");
    Validation.required(authenticatorType, "authenticator_type");
  }
}
