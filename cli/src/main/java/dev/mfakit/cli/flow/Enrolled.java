package dev.mfakit.cli.flow;

import dev.mfakit.cli.output.Errors;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;

/** Reporting a confirmed enrollment from the tenant's own authenticator list (so "active" is the tenant's word). */
public final class Enrolled {
  private Enrolled() {}

  /**
   * The enrolled authenticator of {@code channel}, preferring an active one; null when the list cannot be read
   * (the enrollment itself already succeeded, so that is a warning, not a failure).
   */
  public static Authenticator find(MfaClient client, MfaToken token, OobChannel channel, Output out) {
    Iterable<Authenticator> list;
    try {
      list = client.listAuthenticators(token);
    } catch (MfaException e) {
      out.warn("Confirmed, but could not list the authenticators to show the new one (" + Errors.brief(e) + ").");
      return null;
    }
    Authenticator found = null;
    for (Authenticator a : list) {
      if (a.authenticatorType() == AuthenticatorType.OOB && a.oobChannel() == channel
          && (found == null || (a.active() && !found.active()))) {
        found = a;
      }
    }
    return found;
  }

  /** Adds "SMS authenticator sms|dev_… is active (+1******4567)." and the authenticator's keys to the result. */
  public static void describe(Authenticator a, OobChannel channel, String maskedRecipient, SignInPresenter outcome) {
    String kind = SecondFactorFlow.kind(AuthenticatorType.OOB, channel);
    String to = maskedRecipient == null ? "" : " (" + maskedRecipient + ")";
    if (a == null) {
      outcome.line(kind + " authenticator confirmed" + to + ".");
      outcome.authenticator(null, AuthenticatorType.OOB, channel, maskedRecipient, null);
    } else {
      outcome.line(kind + " authenticator " + a.id() + (a.active() ? " is active" : " is not active yet") + to
          + ".");
      outcome.authenticator(a.id(), AuthenticatorType.OOB, channel, maskedRecipient, a.active());
    }
  }
}
