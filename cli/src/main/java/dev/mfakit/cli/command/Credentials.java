package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.Prompter;
import dev.mfakit.cli.io.SecretOption;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.Settings;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.io.Settings.Tier;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.client.InvalidInputException;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxTenant;
import java.util.Arrays;

/**
 * How a run proves who the user is: an existing {@code mfa_token} (file, stdin, state file, MFA_TOKEN) or a
 * password sign-in. Everything is read, and every prompt answered, before the first request.
 */
final class Credentials {
  private Credentials() {}

  /** How a verb that reads an mfa_token can do without a sign-in (see {@link #passwordSignIn}). */
  static final String GIVE_MFA_TOKEN = "give an mfa_token with --mfa-token-file FILE or MFA_TOKEN";

  /** How {@code authenticators delete} can do without a sign-in. */
  static final String GIVE_ACCESS_TOKEN = "give an access token with --access-token-file FILE or MFA_ACCESS_TOKEN";

  /**
   * Checks the secret options (see {@link SecretOption#check}) and the option combinations, before anything is read
   * or sent.
   */
  static void validate(Secrets secrets, TenantOptions t, SignInOptions signIn, MfaTokenOptions token) {
    t.clientSecret().check(secrets);
    if (signIn != null) {
      signIn.password().check(secrets);
    }
    if (token != null) {
      token.secret().check(secrets);
      if (token.given() && signIn != null && signIn.requested()) {
        throw Failure.usage("--mfa-token/--mfa-token-file and --username/--password conflict: either use a token"
            + " or sign in. Drop one of them");
      }
    }
  }

  /**
   * For verbs that read the state file as the sign-in: sign-in or token options would have nothing to do.
   *
   * @throws Failure (exit 2) when both are given
   */
  static void stateIsTheSignIn(MfaTokenOptions token, SignInOptions signIn) {
    if (token.state != null && (signIn.requested() || token.given())) {
      throw Failure.usage("--state and --username/--password/--mfa-token conflict: the state file already holds"
          + " the sign-in. Drop one of them");
    }
  }

  /**
   * Decides where the mfa_token comes from: sign-in options first (they mean "sign in" even when MFA_TOKEN is
   * set), then {@code --mfa-token -}, {@code --mfa-token-file}, the state file, MFA_TOKEN; else sign in.
   */
  static MfaTokenSource mfaTokenSource(Session session, SignInOptions signIn, MfaTokenOptions token,
      StateFile state, boolean interactive, Secrets secrets) {
    Sourced given = session.sandbox() != null || signIn.requested() ? null
        : session.settings().get(Key.MFA_TOKEN, token.secret().readGiven(secrets));
    if (given == null) {
      return new MfaTokenSource.SignIn(passwordSignIn(session, signIn, interactive, secrets, null, null,
          GIVE_MFA_TOKEN));
    }
    // The state file knows when its token expires.
    return new MfaTokenSource.Given(given.tier() == Tier.STATE ? state.mfaToken() : mfaToken(given));
  }

  private static MfaToken mfaToken(Sourced s) {
    return GivenToken.mfaToken(s);
  }

  /**
   * Builds the password sign-in: username from {@code --username}, the profile or a prompt; password from
   * {@code --password -}, {@code --password-file} or a no-echo prompt. With {@code --sandbox}: the demo user.
   *
   * @param audience forced audience (e.g. the /mfa/ API), or null for the option/profile one
   * @param scope forced scope, or null for the option/profile one
   * @param instead the verb's other way to prove who the user is, for the message when no username can be had
   *     ({@link #GIVE_MFA_TOKEN}, {@link #GIVE_ACCESS_TOKEN}), or null when it only signs in
   */
  static PasswordSignIn passwordSignIn(Session session, SignInOptions o, boolean interactive,
      Secrets secrets, String audience, String scope, String instead) {
    Settings settings = session.settings();
    String realm = settings.value(Key.REALM, o.realm);
    String aud = audience != null ? audience : settings.value(Key.AUDIENCE, o.audience);
    String sc = scope != null ? scope : settings.value(Key.SCOPE, o.scope);
    String username;
    String password;
    if (session.sandbox() != null) {
      username = SandboxTenant.DEMO_USERNAME;
      password = SandboxTenant.DEMO_PASSWORD;
    } else {
      username = session.username(o);
      Sourced given = o.password().readGiven(secrets);
      password = given == null ? null : given.value();
      if (username == null) {
        if (!interactive) {
          throw Failure.usage("no username to sign in with: pass --username NAME or set username in the profile"
              + (instead == null ? "" : ", or " + instead));
        }
        username = ask(secrets.prompter(), "Username: ");
      }
      if (password == null) {
        if (!interactive) {
          throw Failure.usage("no password for " + username + ": pass --password - (stdin) or --password-file"
              + " FILE, or run in a terminal to be asked");
        }
        char[] typed = secrets.prompter().readSecret("Password for " + username + ": ");
        if (typed == null || typed.length == 0) {
          throw Failure.usage("no password entered. Run again and type it, or use --password-file FILE");
        }
        password = new String(typed);
        Arrays.fill(typed, '\0');
      }
    }
    PasswordSignIn request;
    try {
      request = PasswordSignIn.of(username, password);
      if (realm != null) {
        request = request.withRealm(realm);
      }
      if (aud != null) {
        request = request.withAudience(aud);
      }
      if (sc != null) {
        request = request.withScope(sc);
      }
    } catch (InvalidInputException e) {
      throw Failure.usage("cannot sign in: " + e.field() + " " + e.rule() + ". Check --username and the"
          + " sign-in options");
    }
    return request;
  }

  private static String ask(Prompter prompter, String prompt) {
    String line = prompter.readLine(prompt);
    if (line == null || line.isBlank()) {
      throw Failure.usage("no username entered. Run again and type it, or pass --username NAME");
    }
    return line.strip();
  }
}
