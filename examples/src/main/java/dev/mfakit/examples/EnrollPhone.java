package dev.mfakit.examples;

import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.util.Map;

/**
 * Enroll a user's phone for SMS codes from your own application: sign in with the password, the tenant answers
 * {@code mfa_required}, associate the phone (Auth0 sends the SMS), the user types the code, {@code verifyOob}
 * activates the phone and completes the sign-in. The first enrollment also issues a recovery code, shown once.
 *
 * <p>Run it against your tenant (the password is read from {@code MFA_PASSWORD} or typed without echo):
 *
 * <pre>
 * AUTH0_DOMAIN=acme.us.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... \
 * MFA_USERNAME=alice@example.com MFA_PHONE=+15551234567 \
 *   ./mvnw -q -pl examples -am package -DskipTests -Dexample=EnrollPhone
 * </pre>
 *
 * <p>Dashboard: the application is a Regular Web Application with the grant types Password and MFA; the tenant's
 * default directory (or the user's connection) is the one the password grant uses; Security → Multi-factor Auth has
 * Phone Message (SMS) on and "Require Multi-factor Auth" set to Always; Recovery Code on, if you want one issued.
 */
public final class EnrollPhone {
  private EnrollPhone() {}

  /**
   * The user's new phone authenticator, as the tenant lists it, and what the enrollment returned.
   *
   * @param authenticator the active SMS authenticator ({@code name} is the server-masked number)
   * @param recoveryCode the recovery code issued with the first enrollment, or null if the tenant issues none
   * @param tokens the tokens of the completed sign-in
   */
  record Enrolled(Authenticator authenticator, String recoveryCode, Tokens tokens) {
    @Override
    public String toString() {
      return "Enrolled[authenticator=" + authenticator + ", recoveryCode=" + (recoveryCode == null ? null : "██")
          + ", tokens=" + tokens + "]";
    }
  }

  static Enrolled run(MfaClient client, String username, String password, String phone, Inbox inbox) {
    // README:start
    SignInResult signIn = client.signIn(PasswordSignIn.of(username, password));
    if (!(signIn instanceof MfaRequired required)) {
      throw new IllegalStateException("The tenant did not ask this user for a second factor");
    }
    MfaToken mfaToken = required.mfaToken();                              // this sign-in's key, 10 minutes
    Association sms = client.associate(mfaToken, Enrollment.sms(phone));  // Auth0 sends the SMS now
    String code = inbox.codeSentTo(phone);                                // what the user typed
    Tokens tokens = client.verifyOob(mfaToken, sms.oobCode(), code);      // activates the phone; signed in
    // README:end

    // Confirm what the tenant now holds. The mfa_token works for its whole 10 minutes, so it can still list. SMS
    // enrollment may also create a voice twin on the same number; the SMS one is ours.
    Authenticator phoneAuthenticator = client.listAuthenticators(mfaToken).stream()
        .filter(a -> a.active() && a.oobChannel() == OobChannel.SMS)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("The phone is not listed as active after verification"));

    // The recovery code comes only in this answer, only for the user's first factor: it is their way in without the
    // phone. Show it now (or store it for them); it cannot be fetched again.
    String recoveryCode = sms.recoveryCode();
    return new Enrolled(phoneAuthenticator, recoveryCode, tokens);
  }

  /**
   * Enrolls {@code MFA_PHONE} for {@code MFA_USERNAME}; reads the SMS code from the console.
   *
   * @param args ignored: settings come from the environment, secrets never from the command line
   */
  public static void main(String[] args) {
    System.exit(mainExitCode(System.getenv(), Terminal.system()));
  }

  static int mainExitCode(Map<String, String> vars, Terminal terminal) {
    return Env.exitCode(terminal, () -> {
      Env env = Env.require(vars, "MFA_USERNAME", "MFA_PHONE");
      String username = env.get("MFA_USERNAME");
      String password = env.secret("MFA_PASSWORD", terminal, "Password for " + username + ": ");
      Enrolled enrolled = run(env.client(), username, password, env.get("MFA_PHONE"),
          phone -> terminal.readLine("Code sent to " + Terminal.masked(phone) + ": "));
      Authenticator phone = enrolled.authenticator();
      terminal.out().println("Enrolled " + phone.name() + " (" + phone.id() + ")");
      if (enrolled.recoveryCode() != null) {
        // Shown to its owner, once; never logged.
        terminal.out().println("Your recovery code: " + enrolled.recoveryCode()
            + ". Keep it somewhere safe: it signs you in if you lose your phone.");
      }
      return 0;
    });
  }
}
