package dev.mfakit.cli.flow;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.Tokens;
import java.util.List;
import java.util.Set;

/** A confirmed enrollment, reported from the tenant's own authenticator list (so "active" is the tenant's word). */
final class Enrolled {
  private Enrolled() {}

  /**
   * The enrolled authenticator of {@code factor}, preferring an active one. A list that cannot be read is no
   * failure (the enrollment itself succeeded): the result then says why, and leaves id and active unknown.
   */
  static EnrollResult.Confirmed confirmed(MfaClient client, Bearer token, Factor factor, Tokens tokens,
      List<String> recoveryCodes) {
    return confirmed(client, token, factor, tokens, recoveryCodes, Set.of());
  }

  /**
   * As {@link #confirmed(MfaClient, Bearer, Factor, Tokens, List)}, for a user who had factors of the same kind:
   * the entries listed before the association ({@code before}) are not the new one.
   */
  static EnrollResult.Confirmed confirmed(MfaClient client, Bearer token, Factor factor, Tokens tokens,
      List<String> recoveryCodes, Set<String> before) {
    List<Authenticator> list;
    try {
      list = client.listAuthenticators(token);
    } catch (MfaException e) {
      return new EnrollResult.Confirmed(FactorUsed.of(factor.kind(), null, factor.recipient(), null), tokens,
          recoveryCodes, e);
    }
    Authenticator found = null;
    for (Authenticator a : list) {
      if (factor.isListed(a) && !before.contains(a.id()) && (found == null || (a.active() && !found.active()))) {
        found = a;
      }
    }
    // The tenant's own mask of the number or address where its list gives one (every output shows that one).
    FactorUsed used = found == null ? FactorUsed.of(factor.kind(), null, factor.recipient(), null)
        : FactorUsed.of(factor.kind(), found.id(), found.name() != null ? found.name() : factor.recipient(),
            found.active());
    return new EnrollResult.Confirmed(used, tokens, recoveryCodes, null);
  }
}
