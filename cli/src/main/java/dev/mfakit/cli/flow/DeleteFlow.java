package dev.mfakit.cli.flow;

import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Deleting an authenticator: with an access token for the MFA API, or by signing in for one, which always asks for
 * the second factor. Signed in, the user's list is read first (an id the user does not have fails before any code
 * is sent) and again after, to name the entries the tenant removed with it (its twins).
 */
public final class DeleteFlow {
  private final MfaClient client;
  private final Progress progress;
  private final SecondFactorFlow secondFactor;

  /**
   * @param client the client of the tenant
   * @param codes where the sign-in's code comes from (unused with a token, or with an app's code given)
   * @param progress where progress goes
   * @param clock the time source
   */
  public DeleteFlow(MfaClient client, CodeSource codes, Progress progress, Clock clock) {
    this.client = client;
    this.progress = progress;
    this.secondFactor = new SecondFactorFlow(client, codes, progress, clock);
  }

  /**
   * How the sign-in for the MFA API passes its second factor.
   *
   * @param request the sign-in, for the MFA API's audience with {@code remove:authenticators}
   * @param otp an authenticator app's code known before the run, or null to challenge
   * @param authenticatorId the authenticator to challenge, or null for the first active one
   * @param instead how to use a recovery code with this verb, when the recovery-code entry is asked for
   */
  public record SignIn(PasswordSignIn request, String otp, String authenticatorId, String instead) {}

  /**
   * What went.
   *
   * @param id the id deleted
   * @param twins the entries the tenant removed with it, as far as this run knows (none with a given token)
   */
  public record Deleted(String id, List<String> twins) {
    /** Copies the twins. */
    public Deleted {
      twins = List.copyOf(twins);
    }

    /**
     * Every id that went.
     *
     * @return {@link #id()} first, then the twins
     */
    public List<String> all() {
      List<String> all = new ArrayList<>(List.of(id));
      all.addAll(twins);
      return all;
    }
  }

  /**
   * Deletes with an access token given (its user's list cannot be read, so the twins are unknown).
   *
   * @param token an access token with {@code remove:authenticators}
   * @param id the authenticator
   * @return what went
   * @throws dev.mfakit.cli.Failure exit 3 when the user has no such authenticator
   */
  public Deleted delete(AccessToken token, String id) {
    deleteOrSayUnknown(token, id);
    return new Deleted(id, List.of());
  }

  /**
   * Signs in for the MFA API, passes its second factor, and deletes.
   *
   * @param signIn the sign-in and how to pass its second factor
   * @param id the authenticator
   * @return what went, twins included when the list could be read again
   * @throws dev.mfakit.cli.Failure exit 3 when the user has no such authenticator (before any code is sent)
   */
  public Deleted signInAndDelete(SignIn signIn, String id) {
    SignInResult result = new SignInFlow(client, progress).signIn(signIn.request(), " for the MFA API");
    if (result instanceof Tokens t) {
      return delete(t.accessToken(), id);
    }
    MfaToken mfaToken = ((MfaRequired) result).mfaToken();
    List<Authenticator> before = client.listAuthenticators(mfaToken);
    if (before.stream().noneMatch(a -> a.id().equals(id))) {
      throw AuthenticatorIds.unknown(id, null);
    }
    Tokens tokens = signIn.otp() != null ? secondFactor.withOtp(mfaToken, signIn.otp())
        : secondFactor.pass(mfaToken, before, signIn.authenticatorId(), signIn.instead()).tokens();
    deleteOrSayUnknown(tokens.accessToken(), id);
    return new Deleted(id, twins(mfaToken, before, id));
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
   * The entries the tenant removed with {@code id} (sms/voice twins, push and its TOTP): those of the list read before
   * that a list read after lacks, when the mfa_token still works; else the entries sharing the id's suffix.
   */
  private List<String> twins(MfaToken mfaToken, List<Authenticator> before, String id) {
    List<Authenticator> after;
    try {
      after = client.listAuthenticators(mfaToken);
    } catch (MfaException e) {
      return AuthenticatorIds.twins(before, id);
    }
    Set<String> remaining = new HashSet<>();
    after.forEach(a -> remaining.add(a.id()));
    List<String> gone = new ArrayList<>();
    for (Authenticator a : before) {
      if (!a.id().equals(id) && !remaining.contains(a.id())) {
        gone.add(a.id());
      }
    }
    return gone;
  }
}
