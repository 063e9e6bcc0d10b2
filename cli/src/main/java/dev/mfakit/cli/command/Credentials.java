package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.PasswordRetry;
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

  /** How a verb that reads an mfa_token can do without a sign-in (see {@link #passwordSource}). */
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
      return passwordSource(session, signIn, interactive, secrets, null, null, GIVE_MFA_TOKEN);
    }
    // The state file knows when its token expires.
    return new MfaTokenSource.Given(given.tier() == Tier.STATE ? state.mfaToken() : mfaToken(given));
  }

  private static MfaToken mfaToken(Sourced s) {
    return GivenToken.mfaToken(s);
  }


  /**
   * Builds the password sign-in: username from {@code --username}, the profile or a prompt; password from
   * {@code --password -}, {@code --password-file} or a no-echo prompt. With {@code --sandbox}: the demo user. With it,
   * how a wrong password is typed again: when it was typed at the prompt, the prompt asks again (three tries in all);
   * a password from a file or stdin is not asked for again.
   *
   * @param audience forced audience (e.g. the /mfa/ API), or null for the option/profile one
   * @param scope forced scope, or null for the option/profile one
   * @param instead the verb's other way to prove who the user is, for the message when no username can be had
   *     ({@link #GIVE_MFA_TOKEN}, {@link #GIVE_ACCESS_TOKEN}), or null when it only signs in
   */
  static MfaTokenSource.SignIn passwordSource(Session session, SignInOptions o, boolean interactive,
      Secrets secrets, String audience, String scope, String instead) {
    Settings settings = session.settings();
    String realm = settings.value(Key.REALM, o.realm);
    String aud = audience != null ? audience : settings.value(Key.AUDIENCE, o.audience);
    String sc = scope != null ? scope : settings.value(Key.SCOPE, o.scope);
    String username;
    String password;
    boolean typed = false;
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
        password = askPassword(secrets.prompter(), username, null);
        typed = true;
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
    return new MfaTokenSource.SignIn(request, typed ? new PromptedPassword(secrets) : PasswordRetry.none());
  }

  /**
   * Asks for the password at a no-echo prompt.
   *
   * @param refused null for the first time; else why it is asked again (for the message when none is given)
   * @throws Failure when none is typed (Ctrl-D, Ctrl-C, Enter alone): exit 2 the first time (nothing was sent), exit
   *     3 after the tenant refused one
   */
  private static String askPassword(Prompter prompter, String username, String refused) {
    char[] typed = prompter.readSecret("Password for " + username + ": ");
    if (typed == null || typed.length == 0) {
      if (refused != null) {
        throw Failure.refused("no password entered, so you are not signed in (" + refused + "). Run the same"
            + " command again", null);
      }
      throw Failure.usage("no password entered, so nothing was sent. Run again and type it, or use"
          + " --password-file FILE");
    }
    try {
      return new String(typed);
    } finally {
      Arrays.fill(typed, '\0');
    }
  }

  /** A password typed at the prompt: after a refusal, asked again; the one that worked is kept for the run. */
  private static final class PromptedPassword implements PasswordRetry {
    private final Secrets secrets;
    private String username;
    private String password;

    PromptedPassword(Secrets secrets) {
      this.secrets = secrets;
    }

    @Override
    public PasswordSignIn current(PasswordSignIn request) {
      return password == null || !request.username().equals(username) ? request : withPassword(request, password);
    }

    @Override
    public PasswordSignIn again(PasswordSignIn refused, int triesLeft) {
      new dev.mfakit.cli.output.Output(secrets.context(), false).warn("Wrong username or password; " + triesLeft
          + (triesLeft == 1 ? " try" : " tries") + " left.");
      String typed = askPassword(secrets.prompter(), refused.username(), "the password was wrong");
      username = refused.username();
      password = typed;
      return withPassword(refused, typed);
    }

    private static PasswordSignIn withPassword(PasswordSignIn r, String password) {
      return new PasswordSignIn(r.username(), password, r.realm(), r.audience(), r.scope());
    }

    @Override
    public String toString() {
      return "PromptedPassword[" + username + "]";
    }
  }

  private static String ask(Prompter prompter, String prompt) {
    String line = prompter.readLine(prompt);
    if (line == null || line.isBlank()) {
      throw Failure.usage("no username entered, so nothing was sent. Run again and type it, or pass --username NAME");
    }
    return line.strip();
  }
}
