package dev.mfakit.cli;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reporting a confirmed enrollment from the tenant's own authenticator list (so "active" is the tenant's word). */
final class Enrolled {
  private Enrolled() {}

  /**
   * The enrolled authenticator of {@code channel}, preferring an active one; null when the list cannot be read
   * (the enrollment itself already succeeded, so that is a warning, not a failure).
   */
  static Authenticator find(MfaClient client, MfaToken token, OobChannel channel, Output out) {
    Iterable<Authenticator> list;
    try {
      list = client.listAuthenticators(token);
    } catch (MfaException e) {
      out.warn("Confirmed, but could not list the authenticators to show the new one ("
          + Session.oneLine(e.getMessage()) + ").");
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

  /** Prints "SMS authenticator sms|dev_… is active (+1******4567)." and returns the JSON result to extend. */
  static Map<String, Object> describe(Authenticator a, OobChannel channel, String maskedRecipient, Output out) {
    String kind = SecondFactor.kind(AuthenticatorType.OOB, channel);
    String to = maskedRecipient == null ? "" : " (" + maskedRecipient + ")";
    Map<String, Object> json = new LinkedHashMap<>();
    if (a == null) {
      out.result(kind + " authenticator confirmed" + to + ".");
    } else {
      out.result(kind + " authenticator " + a.id() + (a.active() ? " is active" : " is not active yet") + to + ".");
      json.put("authenticator_id", a.id());
    }
    json.put("authenticator_type", AuthenticatorType.OOB.wireName());
    json.put("oob_channel", channel == null ? null : channel.wireName());
    json.put("recipient", maskedRecipient);
    json.put("active", a == null ? null : a.active());
    return json;
  }
}
