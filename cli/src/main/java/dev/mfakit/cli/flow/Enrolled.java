package dev.mfakit.cli.flow;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
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
    return confirmed(client, token, factor, tokens, recoveryCodes, before, null);
  }

  /**
   * As {@link #confirmed(MfaClient, Bearer, Factor, Tokens, List, Set)}, for a user's first factor: when this run's
   * association handed out no recovery code and yet the user now has an active one, an earlier association that was
   * never confirmed issued it (the tenant shows a code on the first association only), and the person is told.
   *
   * @param firstFactor where to say so, or null when this is not a first factor
   */
  static EnrollResult.Confirmed confirmed(MfaClient client, Bearer token, Factor factor, Tokens tokens,
      List<String> recoveryCodes, Set<String> before, Progress firstFactor) {
    List<Authenticator> list;
    try {
      list = client.listAuthenticators(token);
    } catch (MfaException e) {
      return new EnrollResult.Confirmed(FactorUsed.of(factor.kind(), null, factor.recipient(), null), tokens,
          recoveryCodes, e);
    }
    if (firstFactor != null && recoveryCodes.isEmpty() && list.stream()
        .anyMatch(a -> a.active() && a.authenticatorType() == AuthenticatorType.RECOVERY_CODE)) {
      firstFactor.warn("This account's recovery code is active now, but this enrollment did not show it: the tenant"
          + " shows it once, and an earlier run did (one that ended without a confirmed factor still hands it out)."
          + " If you have no copy, an administrator can generate a new one.");
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
