package dev.mfakit.examples;

import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import java.util.List;
import java.util.Map;

/**
 * List a user's authenticators and remove one, e.g. a lost phone. Deleting needs an access token for the MFA API
 * itself: sign in with the audience {@code https://{tenant}/mfa/} and the scopes {@code read:authenticators
 * remove:authenticators}. That audience always requires MFA, so the user completes a challenge first (exactly as in
 * {@link SignInWithFactor}); the token lasts 10 minutes.
 *
 * <p>Run it against your tenant (the password is read from {@code MFA_PASSWORD} or typed without echo):
 *
 * <pre>
 * AUTH0_DOMAIN=acme.us.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... MFA_USERNAME=alice@example.com \
 *   ./mvnw -q -pl examples -am package -DskipTests -Dexample=ManageAuthenticators
 * </pre>
 *
 * <p>Dashboard: grant types Password and MFA on the application; the user has at least one factor. No API needs to
 * be created: the MFA API audience exists on every tenant.
 */
public final class ManageAuthenticators {
  private ManageAuthenticators() {}

  /** Lets the user pick what to remove. */
  @FunctionalInterface
  interface Chooser {
    /**
     * Picks an authenticator to remove.
     *
     * @param authenticators the user's active authenticators
     * @return the id of the one to delete, or null to keep them all
     */
    String idToRemove(List<Authenticator> authenticators);
  }

  /**
   * The user's authenticators before and after.
   *
   * @param before the active authenticators at the start
   * @param removedId the deleted authenticator's id, or null
   * @param after the active authenticators at the end
   */
  record Managed(List<Authenticator> before, String removedId, List<Authenticator> after) {}

  static Managed run(MfaClient client, String username, String password, SignInWithFactor.CodePrompt prompt,
                     Chooser chooser) {
    // The MFA API's audience, derived from the tenant's address; the scopes are exactly what this page needs
    // (add "enroll" to add factors with this token).
    PasswordSignIn signIn = PasswordSignIn.of(username, password)
        .withAudience(client.mfaAudience())
        .withScope("read:authenticators remove:authenticators");
    SignInResult result = client.signIn(signIn);
    if (!(result instanceof MfaRequired required)) {
      throw new IllegalStateException("The tenant did not require MFA for the /mfa/ audience");
    }
    AccessToken accessToken = SignInWithFactor.completeMfa(client, required.mfaToken(), prompt).tokens().accessToken();

    List<Authenticator> before = active(client.listAuthenticators(accessToken));
    String id = chooser.idToRemove(before);
    if (id == null) {
      return new Managed(before, null, before);
    }
    // Removing SMS also removes its voice twin (same phone), and removing push its TOTP twin. Removing the last
    // factor is allowed: under "Require MFA: Always" the user simply enrolls again at the next sign-in.
    client.deleteAuthenticator(accessToken, id);
    return new Managed(before, id, active(client.listAuthenticators(accessToken)));
  }

  /** Inactive entries are enrollments never verified: not something to show the user. */
  private static List<Authenticator> active(List<Authenticator> all) {
    return all.stream().filter(Authenticator::active).toList();
  }

  /**
   * Lists the authenticators of {@code MFA_USERNAME} and removes the one the user picks.
   *
   * @param args ignored: settings come from the environment, secrets never from the command line
   */
  public static void main(String[] args) {
    System.exit(mainExitCode(System.getenv(), Terminal.system()));
  }

  static int mainExitCode(Map<String, String> vars, Terminal terminal) {
    return Env.exitCode(terminal, () -> {
      Env env = Env.require(vars, "MFA_USERNAME");
      String username = env.get("MFA_USERNAME");
      String password = env.secret("MFA_PASSWORD", terminal, "Password for " + username + ": ");
      Managed managed = run(env.client(), username, password,
          a -> terminal.readLine("Code for " + (a.name() == null ? a.id() : a.name()) + ": "),
          authenticators -> {
            for (int i = 0; i < authenticators.size(); i++) {
              Authenticator a = authenticators.get(i);
              terminal.out().printf("%d. %s %s%n", i + 1, a.id(), a.name() == null ? "" : a.name());
            }
            String choice = terminal.readLine("Remove which one (number, Enter for none)? ");
            return choice == null || choice.isBlank() ? null
                : authenticators.get(Integer.parseInt(choice.strip()) - 1).id();
          });
      terminal.out().println(managed.removedId() == null ? "Nothing removed"
          : "Removed " + managed.removedId() + "; " + managed.after().size() + " left");
      return 0;
    });
  }
}
