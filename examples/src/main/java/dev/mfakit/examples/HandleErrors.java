package dev.mfakit.examples;

import dev.mfakit.client.Association;
import dev.mfakit.client.ChallengeRequest;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaDecodingException;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaNetworkException;
import dev.mfakit.client.MfaOutcomeUnknownException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Error handling: for every failure the client can report, what the application tells its user and what it does
 * next ({@link #advise}), and an SMS enrollment that survives the common ones ({@link #run}): a mistyped code, a
 * code or sign-in that expired while the user fetched their phone, the rate limit, a lost answer.
 *
 * <p>The rules behind the catalogue: tell the user what they can do about it, in their words; never echo the
 * server's text (it is for your logs); never say which of email or password was wrong; treat a failure the user
 * cannot fix as your bug to log, not as their problem.
 *
 * <p>Run it against your tenant (the password is read from {@code MFA_PASSWORD} or typed without echo); type a
 * wrong code first, or wait 5 minutes before typing it, to see the advice:
 *
 * <pre>
 * AUTH0_DOMAIN=acme.us.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... \
 * MFA_USERNAME=alice@example.com MFA_PHONE=+15551234567 \
 *   ./mvnw -q -pl examples -am package -DskipTests -Dexample=HandleErrors
 * </pre>
 *
 * <p>Dashboard: as for {@link EnrollPhone}; the user has no factor yet.
 */
public final class HandleErrors {
  private HandleErrors() {}

  /** What the application does after telling the user. */
  enum Next {
    /** Keep the form; the user types the code again. */
    ENTER_CODE_AGAIN,
    /** Send a fresh code (challenge or associate again); the old one is spent or expired. */
    SEND_NEW_CODE,
    /** Back to the sign-in form: the mfa_token or the password is no good. */
    SIGN_IN_AGAIN,
    /** Wait until the rate limit resets, then repeat the same call: the refused request did nothing. */
    WAIT_AND_RETRY,
    /** A push is pending: poll again ({@code awaitPushApproval} does this for you). */
    KEEP_POLLING,
    /** The user has nothing to be challenged with: take them to enrollment. */
    ENROLL_FIRST,
    /** The call may have gone through: list the user's authenticators before repeating it. */
    CHECK_THEN_RETRY,
    /** Nothing to do now; let the user try again in a while. */
    TRY_LATER,
    /** The user cannot fix this; stop and show the message. */
    STOP,
    /** A bug or a configuration problem on your side: log the exception (its message is safe) and alert. */
    FIX_THE_APP
  }

  /**
   * The application's reaction to one failure.
   *
   * @param failure the typed cause ({@code ErrorReason} name) or, for failures without an answer, the kind
   * @param tellUser the words to show the user
   * @param next what the application does next
   */
  record Advice(String failure, String tellUser, Next next) {}

  private static final String OUR_SIDE = "Something went wrong on our side. Please try again later.";
  private static final Duration LONGEST_WAIT = Duration.ofMinutes(1);

  /**
   * The catalogue. A switch over every {@code ErrorReason} without a default: if the client gains a reason, this
   * stops compiling until someone decides what users should read.
   */
  static Advice advise(MfaException failure) {
    if (failure instanceof MfaOutcomeUnknownException) {
      // The request left, the answer did not come back. Repeating blindly could send a second SMS, or reuse a
      // spent code; look at the user's authenticators first.
      return new Advice("OUTCOME_UNKNOWN", "That took too long. Checking whether it went through...",
          Next.CHECK_THEN_RETRY);
    }
    if (failure instanceof MfaNetworkException) {
      // Nothing reached the tenant (or only safe, repeatable calls did): trying again is harmless.
      return new Advice("NETWORK", "We can't reach the sign-in service. Check your connection and try again.",
          Next.TRY_LATER);
    }
    if (failure instanceof MfaDecodingException) {
      return new Advice("DECODING", OUR_SIDE, Next.FIX_THE_APP); // a proxy's HTML page, a protocol change
    }
    MfaApiException api = (MfaApiException) failure; // MfaException is sealed: nothing else is left
    return switch (api.reason()) {
      case WRONG_CREDENTIALS -> advice(api, "Wrong email or password.", Next.SIGN_IN_AGAIN);
      case WRONG_BINDING_CODE -> advice(api, "That code isn't right. Check the message and type it again.",
          Next.ENTER_CODE_AGAIN);
      case WRONG_OTP -> advice(api, "That code isn't right. Type the code your app shows now.",
          Next.ENTER_CODE_AGAIN);
      case WRONG_RECOVERY_CODE -> advice(api, "That recovery code isn't right.", Next.ENTER_CODE_AGAIN);
      // Ten minutes passed since the password: the whole sign-in starts over.
      case MFA_TOKEN_EXPIRED -> advice(api, "Your sign-in timed out. Please sign in again.", Next.SIGN_IN_AGAIN);
      // The tenant does not accept what we sent as this sign-in's mfa_token (an access token, a truncated cookie,
      // another application's): our bug.
      case MFA_TOKEN_INVALID -> advice(api, OUR_SIDE, Next.FIX_THE_APP);
      case OOB_CODE_EXPIRED -> advice(api, "That code has expired. We've sent you a new one.", Next.SEND_NEW_CODE);
      case OOB_CODE_INVALID -> advice(api, "That code was already used. We've sent you a new one.",
          Next.SEND_NEW_CODE);
      case AUTHORIZATION_PENDING, SLOW_DOWN -> advice(api, "Approve the notification on your phone to continue.",
          Next.KEEP_POLLING);
      case PUSH_REJECTED -> advice(api, "The sign-in was declined on your phone. If that wasn't you, "
          + "change your password.", Next.STOP);
      case UNSUPPORTED_CHALLENGE_TYPE, ASSOCIATION_REQUIRED -> advice(api,
          "Set up a second factor to continue.", Next.ENROLL_FIRST);
      // Only an access token with scope "enroll" may add a second factor (see ManageAuthenticators).
      case ALREADY_ENROLLED -> advice(api, "You already have a second factor. Sign in with it to add another.",
          Next.STOP);
      // The user's failed-code lock: a few minutes. Retrying sooner only extends it.
      case TOO_MANY_ATTEMPTS -> advice(api, "Too many wrong codes. Wait a few minutes, then try again.", Next.STOP);
      case RATE_LIMITED -> rateLimited(api);
      // The application's credentials or settings (an audience the tenant has no API for, too), not the user's:
      // nothing they can do.
      case INVALID_CLIENT, UNAUTHORIZED_CLIENT, UNKNOWN_AUDIENCE, INSUFFICIENT_SCOPE, INVALID_REQUEST, UNKNOWN ->
          advice(api, OUR_SIDE, Next.FIX_THE_APP);
      case INVALID_TOKEN -> advice(api, "Your session has expired. Please sign in again.", Next.SIGN_IN_AGAIN);
      case NOT_FOUND -> advice(api, "That device was already removed.", Next.STOP);
      case SERVER_ERROR -> advice(api, "The sign-in service is having trouble. Please try again in a few minutes.",
          Next.TRY_LATER);
    };
  }

  /**
   * The tenant's global limit resets within seconds: wait and repeat. The per-user SMS limit (10, then one an
   * hour) does not: the user must come back later, and should know it is about the codes they asked for.
   */
  private static Advice rateLimited(MfaApiException api) {
    Duration wait = api.rateLimit() == null ? null : api.rateLimit().delayFrom(Instant.now());
    if (wait != null && wait.compareTo(LONGEST_WAIT) > 0) {
      return advice(api, "You've asked for too many codes. Please try again later.", Next.TRY_LATER);
    }
    return advice(api, "Just a moment...", Next.WAIT_AND_RETRY);
  }

  private static Advice advice(MfaApiException api, String tellUser, Next next) {
    return new Advice(api.reason().name(), tellUser, next);
  }

  /**
   * How an enrollment went.
   *
   * @param enrolled whether the phone is now active
   * @param tokens the tokens, when the last verification answered (null if enrollment was confirmed by listing)
   * @param shown every piece of advice the user saw, in order
   */
  record Outcome(boolean enrolled, Tokens tokens, List<Advice> shown) {}

  private enum Step { SIGN_IN, SEND_CODE, VERIFY, CHECK }

  private static final int MAX_ROUNDS = 10;

  /**
   * {@link EnrollPhone} with every failure handled: each step is retried, repeated from an earlier step, or
   * abandoned as its {@link Advice} says.
   */
  static Outcome run(MfaClient client, String username, String password, String phone, Inbox inbox) {
    List<Advice> shown = new ArrayList<>();
    Step step = Step.SIGN_IN;
    MfaToken mfaToken = null;
    Association sms = null;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      try {
        switch (step) {
          case SIGN_IN -> {
            SignInResult signIn = client.signIn(PasswordSignIn.of(username, password));
            if (!(signIn instanceof MfaRequired required)) {
              return new Outcome(false, (Tokens) signIn, shown); // no MFA asked: nothing to enroll with
            }
            mfaToken = required.mfaToken();
            step = Step.SEND_CODE;
          }
          case SEND_CODE -> {
            sms = client.associate(mfaToken, Enrollment.sms(phone));
            step = Step.VERIFY;
          }
          case VERIFY -> {
            Tokens tokens = client.verifyOob(mfaToken, sms.oobCode(), inbox.codeSentTo(phone));
            return new Outcome(true, tokens, shown);
          }
          case CHECK -> {
            boolean active = client.listAuthenticators(mfaToken).stream()
                .anyMatch(a -> a.active() && a.oobChannel() == OobChannel.SMS);
            if (active) {
              return new Outcome(true, null, shown); // it went through; sign in again for tokens
            }
            step = Step.SEND_CODE;
          }
        }
      } catch (MfaException e) {
        Advice advice = advise(e);
        shown.add(advice); // in an application: show advice.tellUser() next to the form
        switch (advice.next()) {
          case ENTER_CODE_AGAIN, KEEP_POLLING -> { } // same step, new input
          case WAIT_AND_RETRY -> waitForReset((MfaApiException) e);
          case SEND_NEW_CODE -> step = Step.SEND_CODE;
          case SIGN_IN_AGAIN -> {
            if (step == Step.SIGN_IN) {
              return new Outcome(false, null, shown); // the password itself was refused: back to the form
            }
            step = Step.SIGN_IN;
          }
          // Without an mfa_token there is nothing to list, and a repeated sign-in is harmless.
          case CHECK_THEN_RETRY -> step = mfaToken == null ? Step.SIGN_IN : Step.CHECK;
          case ENROLL_FIRST, TRY_LATER, STOP, FIX_THE_APP -> {
            return new Outcome(false, null, shown);
          }
        }
      }
    }
    return new Outcome(false, null, shown); // a user who keeps failing gets a fresh start, not an endless loop
  }

  private static void waitForReset(MfaApiException e) {
    Duration said = e.rateLimit() == null ? null : e.rateLimit().delayFrom(Instant.now());
    Duration wait = said != null ? said : Duration.ofSeconds(1);
    try {
      Thread.sleep(wait.toMillis());
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the rate limit", interrupted);
    }
  }

  /**
   * The classic mistake: the access token where the mfa_token belongs. The tenant calls it malformed; the user
   * reads "something went wrong", and your log gets the exception.
   */
  static Advice passTheWrongToken(MfaClient client, Tokens tokens) {
    try {
      client.challenge(MfaToken.of(tokens.accessToken().value()), ChallengeRequest.any());
      throw new IllegalStateException("The tenant accepted an access token as mfa_token");
    } catch (MfaException e) {
      return advise(e);
    }
  }

  /**
   * Enrolls {@code MFA_PHONE} for {@code MFA_USERNAME}, printing every message the user would see.
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
      MfaClient client = env.client();
      Outcome outcome = run(client, username, password, env.get("MFA_PHONE"),
          phone -> terminal.readLine("Code sent to " + Terminal.masked(phone) + ": "));
      outcome.shown().forEach(a -> terminal.out().println(a.failure() + " -> \"" + a.tellUser() + "\" -> "
          + a.next()));
      terminal.out().println(outcome.enrolled() ? "Enrolled" : "Not enrolled");
      if (outcome.tokens() != null) {
        Advice mistake = passTheWrongToken(client, outcome.tokens());
        terminal.out().println("An access token as mfa_token: " + mistake.failure() + " -> \"" + mistake.tellUser()
            + "\"");
      }
      return outcome.enrolled() ? 0 : 1;
    });
  }
}
