package dev.mfakit.cli.flow;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;

/**
 * The authenticator a step enrolled or signed in with, as far as the run knows it; a null component is unknown.
 *
 * @param id its id ({@code sms|dev_...}), or null
 * @param type its type, or null
 * @param channel its out-of-band channel, or null
 * @param recipient where its codes go, masked, or null
 * @param active whether the tenant lists it as active, or null
 */
public record FactorUsed(String id, AuthenticatorType type, OobChannel channel, String recipient, Boolean active) {

  /**
   * An authenticator as the tenant lists it (its own masked name as the recipient).
   *
   * @param a the listed authenticator
   * @return the factor
   */
  public static FactorUsed listed(Authenticator a) {
    return new FactorUsed(a.id(), a.authenticatorType(), a.oobChannel(), a.name(), a.active());
  }

  /**
   * A factor of a known kind.
   *
   * @param kind the kind
   * @param id its id, or null
   * @param recipient where its codes go, masked, or null
   * @param active whether it is active, or null
   * @return the factor
   */
  public static FactorUsed of(FactorKind kind, String id, String recipient, Boolean active) {
    return new FactorUsed(id, kind.type(), kind.channel(), recipient, active);
  }

  /**
   * Its kind, for its name.
   *
   * @return the kind, or null when its type is unknown
   */
  public FactorKind kind() {
    return type == null ? null : FactorKind.of(type, channel);
  }
}
