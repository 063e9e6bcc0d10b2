package dev.mfakit.cli.flow;

import dev.mfakit.cli.Failure;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.ChallengeRequest;
import java.util.ArrayList;
import java.util.List;

/** Authenticator ids given on the command line ({@code sms|dev_AbC123}): checked before any request. */
public final class AuthenticatorIds {
  /** How the recovery-code entry's id starts ({@code recovery-code|dev_...}). */
  static final String RECOVERY_CODE_PREFIX = "recovery-code|";

  private AuthenticatorIds() {}

  /**
   * Checks an id with the client's own rule (safe in a URL path).
   *
   * @throws Failure (exit 2) naming {@code option} otherwise
   */
  public static void check(String option, String id) {
    try {
      ChallengeRequest.forAuthenticatorId(id);
    } catch (IllegalArgumentException e) {
      String shown = id.strip().replaceAll("\\p{Cntrl}", "?");
      throw Failure.usage(option + ": '" + shown + "' is not an authenticator id (like sms|dev_AbC123). See ",
          "mfa authenticators list");
    }
  }

  /**
   * Checks an id to challenge: well formed, and not the recovery-code entry (a recovery code is typed, never
   * sent).
   *
   * @param instead how to use a recovery code with this verb, e.g. {@code mfa verify --recovery-code} (printed
   *     last, as it is: a command to paste)
   * @throws Failure (exit 2) otherwise
   */
  public static void checkChallengeable(String option, String id, String instead) {
    check(option, id);
    if (id.startsWith(RECOVERY_CODE_PREFIX)) {
      throw notChallenged(instead);
    }
  }

  /**
   * The entries of {@code list} that share {@code id}'s suffix ({@code sms|dev_X} and {@code voice|dev_X}): the
   * tenant creates and deletes them together. The recovery-code entry is never one.
   */
  public static List<String> twins(List<Authenticator> list, String id) {
    String suffix = id.substring(id.indexOf('|') + 1);
    List<String> twins = new ArrayList<>();
    for (Authenticator a : list) {
      if (!a.id().equals(id) && !a.id().startsWith(RECOVERY_CODE_PREFIX) && !id.startsWith(RECOVERY_CODE_PREFIX)
          && a.id().substring(a.id().indexOf('|') + 1).equals(suffix)) {
        twins.add(a.id());
      }
    }
    return twins;
  }

  /**
   * The twin the tenant deletes with {@code id} by the rule alone, when its list cannot be read: {@code sms|dev_X}
   * and {@code voice|dev_X} are one phone. (Push and its app codes are twins too, but their ids share nothing.)
   *
   * @param id the authenticator deleted
   * @return the other entry of the same phone, or none
   */
  public static List<String> predictedTwins(String id) {
    String suffix = id.substring(id.indexOf('|') + 1);
    if (id.startsWith("sms|")) {
      return List.of("voice|" + suffix);
    }
    if (id.startsWith("voice|")) {
      return List.of("sms|" + suffix);
    }
    return List.of();
  }

  /** Exit 2: the recovery-code entry cannot be challenged. */
  static Failure notChallenged(String instead) {
    return Failure.usage("recovery codes are not challenged; use ", instead);
  }

  /** Exit 3: the user has no such authenticator. */
  public static Failure unknown(String id, Throwable cause) {
    return Failure.refused("no authenticator " + id + " for this user; see ", "mfa authenticators list", cause);
  }
}
