package dev.mfakit.cli.flow;

import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.PasswordSignIn;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deleting an authenticator, and pruning the ones never confirmed: with an access token for the MFA API, or by
 * signing in for one ({@link MfaApiAccess}), which always asks for the second factor. The user's list is read first
 * when it can be (an id the user does not have fails before anything is deleted, and before any code is sent), and
 * again after, to name the entries the tenant removed with it: its twins (the sms and voice entries of one phone,
 * push and its app codes). When the list cannot be read (a token without {@code read:authenticators}), the twins are
 * told as the rule predicts them, marked as not checked.
 */
public final class DeleteFlow {
  private final MfaClient client;
  private final MfaApiAccess access;

  /**
   * @param client the client of the tenant
   * @param codes where the sign-in's code comes from (unused with a token, or with an app's code given)
   * @param progress where progress goes
   * @param clock the time source
   */
  public DeleteFlow(MfaClient client, CodeSource codes, Progress progress, Clock clock) {
    this.client = client;
    this.access = new MfaApiAccess(client, codes, progress, clock);
  }

  /**
   * How the sign-in for the MFA API passes its second factor.
   *
   * @param request the user's sign-in (its audience and scope are set for the MFA API)
   * @param passing how to pass the second factor
   * @param retry how the password is asked for again when the tenant refuses it
   */
  public record SignIn(PasswordSignIn request, MfaApiAccess.Passing passing, PasswordRetry retry) {}

  /**
   * What went.
   *
   * @param id the id deleted
   * @param twins the entries the tenant removed with it: read from its list when {@code checked}, else the ones the
   *     sms/voice rule predicts (which may not exist)
   * @param checked whether the list was read before and after, so {@code twins} are known to have gone
   */
  public record Deleted(String id, List<String> twins, boolean checked) {
    /** Copies the twins. */
    public Deleted {
      twins = List.copyOf(twins);
    }

    /**
     * Every id known to have gone.
     *
     * @return {@link #id()} first, then the twins when checked
     */
    public List<String> all() {
      List<String> all = new ArrayList<>(List.of(id));
      if (checked) {
        all.addAll(twins);
      }
      return all;
    }
  }

  /**
   * Deletes with an access token given. Its list is read before and after when the token may read it.
   *
   * @param token an access token with {@code remove:authenticators} (and, to name the twins, {@code
   *     read:authenticators})
   * @param id the authenticator
   * @return what went
   * @throws dev.mfakit.cli.Failure exit 3 when the user has no such authenticator
   */
  public Deleted delete(AccessToken token, String id) {
    List<Authenticator> before = listIfAllowed(token);
    if (before != null && before.stream().noneMatch(a -> a.id().equals(id))) {
      throw AuthenticatorIds.unknown(id, null);
    }
    deleteOrSayUnknown(token, id);
    return gone(token, before, id);
  }

  /**
   * Signs in for the MFA API, reads the list (an unknown id fails here, before any code is sent), passes the second
   * factor, and deletes.
   *
   * @param signIn the sign-in and how to pass its second factor
   * @param id the authenticator
   * @return what went
   * @throws dev.mfakit.cli.Failure exit 3 when the user has no such authenticator (before any code is sent)
   */
  public Deleted signInAndDelete(SignIn signIn, String id) {
    access.retrying(signIn.retry());
    MfaApiAccess.SignedIn signedIn = access.signIn(access.forMfaApi(signIn.request(), MfaApiAccess.REMOVE));
    if (signedIn.mfaToken() != null && signedIn.list().stream().noneMatch(a -> a.id().equals(id))) {
      throw AuthenticatorIds.unknown(id, null);
    }
    MfaApiAccess.Granted granted = access.pass(signedIn, signIn.passing());
    deleteOrSayUnknown(granted.accessToken(), id);
    return signedIn.mfaToken() == null ? gone(granted.accessToken(), null, id)
        : gone(signedIn.mfaToken(), signedIn.list(), id);
  }

  /**
   * The entries {@code prune} removes: never confirmed (inactive), not the recovery-code entry, and with no active
   * twin of the same phone (deleting one deletes the other). Of twins that are both inactive, only the first is
   * deleted: the tenant takes the other with it.
   *
   * @param list the user's authenticators
   * @return the entries to remove, in list order
   */
  public static List<Authenticator> pruneable(List<Authenticator> list) {
    List<Authenticator> out = new ArrayList<>();
    for (Authenticator a : list) {
      if (a.active() || a.id().startsWith(AuthenticatorIds.RECOVERY_CODE_PREFIX)) {
        continue;
      }
      boolean activeTwin = false;
      for (String twin : AuthenticatorIds.twins(list, a.id())) {
        activeTwin |= list.stream().anyMatch(b -> b.id().equals(twin) && b.active());
      }
      if (!activeTwin) {
        out.add(a);
      }
    }
    return out;
  }

  /**
   * Removes the entries {@code prune} chose, one by one; an entry already gone with an earlier one (its twin) is
   * reported with that one.
   *
   * @param token an access token with {@code remove:authenticators}
   * @param lister what reads the list between deletions (the sign-in's mfa_token, or the token itself), or null
   * @param before the list the entries were chosen from
   * @param entries the entries, from {@link #pruneable}
   * @return what went, per deletion
   */
  public List<Deleted> prune(AccessToken token, Bearer lister, List<Authenticator> before,
      List<Authenticator> entries) {
    List<Deleted> done = new ArrayList<>();
    Set<String> gone = new HashSet<>();
    List<Authenticator> current = before;
    for (Authenticator a : entries) {
      if (gone.contains(a.id())) {
        continue;
      }
      try {
        client.deleteAuthenticator(token, a.id());
      } catch (MfaApiException e) {
        if (e.reason() == ErrorReason.NOT_FOUND) {
          gone.add(a.id()); // it went with one deleted before (push and its app codes share no id)
          continue;
        }
        throw e;
      }
      Deleted d = gone(lister, current, a.id());
      gone.addAll(d.all());
      done.add(d);
      current = current.stream().filter(b -> !gone.contains(b.id())).toList();
    }
    return done;
  }

  /**
   * The user's list, read with a token that may lack {@code read:authenticators}.
   *
   * @param token the access token
   * @return the list, or null when the token may not read it
   */
  public List<Authenticator> listIfAllowed(Bearer token) {
    try {
      return client.listAuthenticators(token);
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.INSUFFICIENT_SCOPE) {
        return null;
      }
      throw e;
    }
  }

  private void deleteOrSayUnknown(AccessToken token, String id) {
    try {
      client.deleteAuthenticator(token, id);
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.NOT_FOUND) {
        throw AuthenticatorIds.unknown(id, e);
      }
      throw e;
    }
  }

  /**
   * What went with {@code id}: the entries of the list read before that a list read after lacks; without a list
   * after, the entries sharing the id's suffix; without a list before, the twin the sms/voice rule predicts.
   *
   * @param lister what lists (an mfa_token, or an access token with {@code read:authenticators})
   */
  private Deleted gone(Bearer lister, List<Authenticator> before, String id) {
    if (before == null) {
      return new Deleted(id, AuthenticatorIds.predictedTwins(id), false);
    }
    if (lister == null) {
      return new Deleted(id, AuthenticatorIds.twins(before, id), false);
    }
    List<Authenticator> after;
    try {
      after = client.listAuthenticators(lister);
    } catch (MfaException e) {
      return new Deleted(id, AuthenticatorIds.twins(before, id), true);
    }
    Set<String> remaining = new HashSet<>();
    after.forEach(a -> remaining.add(a.id()));
    List<String> gone = new ArrayList<>();
    for (Authenticator a : before) {
      if (!a.id().equals(id) && !remaining.contains(a.id())) {
        gone.add(a.id());
      }
    }
    return new Deleted(id, gone, true);
  }
}
