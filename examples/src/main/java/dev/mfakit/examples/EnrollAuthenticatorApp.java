package dev.mfakit.examples;

import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.util.Map;

/**
 * Enroll an authenticator app (TOTP: Google Authenticator, 1Password, Authy...): associate, show the {@code
 * otpauth://} URI as a QR code (and the secret, for typing in by hand), then the first code the app shows proves it
 * holds the secret and activates it.
 *
 * <p>Run it against your tenant (the password is read from {@code MFA_PASSWORD} or typed without echo):
 *
 * <pre>
 * AUTH0_DOMAIN=acme.us.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... MFA_USERNAME=alice@example.com \
 *   ./mvnw -q -pl examples -am package -DskipTests -Dexample=EnrollAuthenticatorApp
 * </pre>
 *
 * <p>Dashboard: grant types Password and MFA on the application; Security → Multi-factor Auth has One-time Password
 * on. The user has no active factor yet: adding a second one needs an access token with scope {@code enroll} for the
 * audience {@code https://{tenant}/mfa/} (obtained as in {@link ManageAuthenticators}) instead of the mfa_token, and
 * that access token also confirms it: {@code client.verifyOtp(accessToken, code)}.
 */
public final class EnrollAuthenticatorApp {
  private EnrollAuthenticatorApp() {}

  /** The user's authenticator app: shown the QR code, it displays a code every 30 seconds. */
  @FunctionalInterface
  interface AuthenticatorApp {
    /**
     * Shows the enrollment to the user and returns the code their app then displays.
     *
     * @param barcodeUri the {@code otpauth://totp/...} URI: render it as a QR code for the app to scan
     * @param secret the same secret in base32, for apps set up by typing
     * @return the 6-digit code the app shows
     */
    String codeAfterScanning(String barcodeUri, String secret);
  }

  /**
   * The enrolled app.
   *
   * @param authenticator the active OTP authenticator, as listed
   * @param recoveryCode the recovery code issued with the first enrollment, or null
   * @param tokens the tokens of the completed sign-in
   */
  record Enrolled(Authenticator authenticator, String recoveryCode, Tokens tokens) {
    @Override
    public String toString() {
      return "Enrolled[authenticator=" + authenticator + ", recoveryCode=" + (recoveryCode == null ? null : "██")
          + ", tokens=" + tokens + "]";
    }
  }

  static Enrolled run(MfaClient client, String username, String password, AuthenticatorApp app) {
    SignInResult signIn = client.signIn(PasswordSignIn.of(username, password));
    if (!(signIn instanceof MfaRequired required)) {
      throw new IllegalStateException("The tenant did not ask this user for a second factor");
    }
    MfaToken mfaToken = required.mfaToken();
    Association otp = client.associate(mfaToken, Enrollment.otp());

    // The secret is the factor: show it only on the user's own screen, never log or store it. Nothing is sent
    // anywhere; the app computes codes from the secret and the time.
    String code = app.codeAfterScanning(otp.barcodeUri(), otp.secret());

    // The first correct code activates the authenticator and completes this sign-in in one call. Until then it
    // is listed as inactive, and a user who gives up leaves only that inactive leftover behind.
    Tokens tokens = client.verifyOtp(mfaToken, code);

    Authenticator listed = client.listAuthenticators(mfaToken).stream()
        .filter(a -> a.active() && a.authenticatorType() == AuthenticatorType.OTP)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("The app is not listed as active after verification"));
    String recoveryCode = otp.recoveryCode();
    return new Enrolled(listed, recoveryCode, tokens);
  }

  /**
   * Enrolls an authenticator app for {@code MFA_USERNAME}; prints the otpauth URI and reads the first code.
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
      Enrolled enrolled = run(env.client(), username, password, (uri, secret) -> {
        // A real UI renders the URI as a QR code; a terminal can only print it (or pipe it to `qrencode -t ansi`).
        terminal.out().println("Add this to your authenticator app: " + uri);
        terminal.out().println("or type the key: " + secret);
        return terminal.readLine("Code shown by the app: ");
      });
      terminal.out().println("Enrolled " + enrolled.authenticator().id());
      if (enrolled.recoveryCode() != null) {
        terminal.out().println("Your recovery code: " + enrolled.recoveryCode()
            + ". Keep it somewhere safe: it signs you in if you lose the app.");
      }
      return 0;
    });
  }
}
