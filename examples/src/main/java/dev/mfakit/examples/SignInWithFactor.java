package dev.mfakit.examples;

import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Challenge;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.util.Comparator;
import java.util.Map;

/**
 * Sign in a user who already has a second factor: list their authenticators, challenge the best active one (an
 * authenticator app before SMS, SMS before e-mail), verify what they type. A user who lost their device types their
 * recovery code instead: it works once, and the answer carries its replacement, which you must keep.
 *
 * <p>Run it against your tenant (the password is read from {@code MFA_PASSWORD} or typed without echo):
 *
 * <pre>
 * AUTH0_DOMAIN=acme.us.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... MFA_USERNAME=alice@example.com \
 *   ./mvnw -q -pl examples -am package -DskipTests -Dexample=SignInWithFactor
 * </pre>
 *
 * <p>Dashboard: grant types Password and MFA on the application; the user enrolled in at least one of One-time
 * Password, Phone Message or Email (see {@link EnrollPhone}, {@link EnrollAuthenticatorApp}); Recovery Code on for
 * the recovery path.
 */
public final class SignInWithFactor {
  private SignInWithFactor() {}

  /** What the user typed for the chosen authenticator: its code, or their recovery code. */
  @FunctionalInterface
  interface CodePrompt {
    /**
     * Asks the user for a code.
     *
     * @param authenticator the challenged authenticator: for SMS and e-mail, {@code name()} is the masked
     *     destination to show ("we sent a code to XXXXXXXX4567")
     * @return the 6-digit code, or the 24-character recovery code
     */
    String codeFor(Authenticator authenticator);
  }

  /**
   * A completed sign-in.
   *
   * @param tokens the tokens
   * @param authenticatorId the authenticator that was verified, or {@code "recovery-code"}
   * @param newRecoveryCode after a recovery-code sign-in, the code that replaces the used one; otherwise null
   */
  record SignedIn(Tokens tokens, String authenticatorId, String newRecoveryCode) {
    @Override
    public String toString() {
      return "SignedIn[tokens=" + tokens + ", authenticatorId=" + authenticatorId + ", newRecoveryCode="
          + (newRecoveryCode == null ? null : "██") + "]";
    }
  }

  static SignedIn run(MfaClient client, String username, String password, CodePrompt prompt) {
    SignInResult result = client.signIn(PasswordSignIn.of(username, password));
    if (result instanceof Tokens tokens) {
      return new SignedIn(tokens, null, null); // the tenant did not ask for a second factor this time
    }
    return completeMfa(client, ((MfaRequired) result).mfaToken(), prompt);
  }

  /** The second step of any sign-in that answered {@code mfa_required}; {@link ManageAuthenticators} reuses it. */
  static SignedIn completeMfa(MfaClient client, MfaToken mfaToken, CodePrompt prompt) {
    // Inactive entries are enrollments that were never verified: ignore them, as the tenant does.
    Authenticator chosen = client.listAuthenticators(mfaToken).stream()
        .filter(a -> a.active() && rank(a) < NOT_CHALLENGED)
        .min(Comparator.comparingInt(SignInWithFactor::rank))
        .orElseThrow(() -> new IllegalStateException("The user has no factor to sign in with; enroll one first"));

    // Name the authenticator: without an id the tenant picks one, maybe not the one the user has at hand. The
    // request type follows it: "otp" for an app (nothing is sent), "oob" for SMS and e-mail (a code is sent now).
    Challenge challenge = client.challenge(mfaToken, ChallengeRequest.forAuthenticator(chosen));
    String typed = prompt.codeFor(chosen).strip();

    if (typed.length() == RECOVERY_CODE_LENGTH) {
      Tokens tokens = client.verifyRecoveryCode(mfaToken, typed);
      // The code just used is void. tokens.recoveryCode() replaces it: store it or show it to the user before
      // anything else, or their next lost device locks them out.
      return new SignedIn(tokens, "recovery-code", tokens.recoveryCode());
    }
    Tokens tokens = challenge.challengeType() == ChallengeType.OTP
        ? client.verifyOtp(mfaToken, typed)
        : client.verifyOob(mfaToken, challenge.oobCode(), typed);
    return new SignedIn(tokens, chosen.id(), null);
  }

  private static final int RECOVERY_CODE_LENGTH = 24;
  private static final int NOT_CHALLENGED = Integer.MAX_VALUE;

  /**
   * Which factor to offer first: an authenticator app needs no delivery and cannot be intercepted; then SMS, voice
   * (same phone, a call), e-mail. Never the recovery code: it is the user's fallback, typed only when they choose
   * to. Push (Guardian) needs polling with {@code awaitPushApproval}; its TOTP twin is listed as an app anyway.
   */
  private static int rank(Authenticator a) {
    if (a.authenticatorType() == AuthenticatorType.OTP) {
      return 0;
    }
    if (a.authenticatorType() != AuthenticatorType.OOB || a.oobChannel() == null) {
      return NOT_CHALLENGED;
    }
    return a.oobChannel() == OobChannel.SMS ? 1
        : a.oobChannel() == OobChannel.VOICE ? 2
        : a.oobChannel() == OobChannel.EMAIL ? 3
        : NOT_CHALLENGED;
  }

  /**
   * Signs {@code MFA_USERNAME} in; reads the code (or a recovery code) from the console.
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
      SignedIn signedIn = run(env.client(), username, password, a -> terminal.readLine(
          (a.authenticatorType() == AuthenticatorType.OTP ? "Code from your authenticator app"
              : "Code sent to " + a.name()) + " (or your recovery code): "));
      terminal.out().println("Signed in with " + signedIn.authenticatorId());
      if (signedIn.newRecoveryCode() != null) {
        terminal.out().println("The recovery code you used no longer works. Your new one: "
            + signedIn.newRecoveryCode() + ". Keep it somewhere safe.");
      }
      return 0;
    });
  }
}
