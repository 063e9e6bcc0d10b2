package dev.mfakit.cli.io;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.CodeRequest;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.flow.SendAgain;
import dev.mfakit.client.CodeFormat;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Codes typed by the person at the terminal: asked for until one is well formed, and up to three tries per code (a
 * wrong code also counts toward the tenant's lock). {@code r} instead of a code asks for a new one ({@link SendAgain}),
 * once the last has had {@link #RESEND_AFTER} to arrive.
 */
public final class PromptedCodes implements CodeSource {
  /** Tries per code before giving up. */
  static final int TRIES = 3;
  /**
   * How long a sent code is given to arrive before {@code r} sends another: messages can take a while, and the tenant
   * allows a user only 10 text messages, then one an hour.
   */
  static final Duration RESEND_AFTER = Duration.ofSeconds(30);

  private final Prompter prompter;
  private final Progress progress;
  private final String later;
  private final String laterCommand;
  private final Clock clock;
  private Pending asking;
  private Instant askingSince;

  /**
   * @param prompter who asks
   * @param progress where "That code is not right; 2 tries left." goes
   * @param later how to finish another time when the person gives no code after one was sent, e.g. "To finish
   *     later, start with mfa associate --no-input --state FILE, then run "
   * @param laterCommand the command {@code later} ends with (printed as it is), or null when it ends with prose
   */
  public PromptedCodes(Prompter prompter, Progress progress, String later, String laterCommand) {
    this(prompter, progress, later, laterCommand, Clock.systemUTC());
  }

  /**
   * As {@link #PromptedCodes(Prompter, Progress, String, String)}, with the clock that times {@code r}.
   *
   * @param clock the time source
   */
  public PromptedCodes(Prompter prompter, Progress progress, String later, String laterCommand, Clock clock) {
    this.prompter = prompter;
    this.progress = progress;
    this.later = later;
    this.laterCommand = laterCommand;
    this.clock = clock;
  }

  /**
   * What a person typed, as a code: blanks around it, spaces and dashes inside it dropped ("123 456" as an app
   * groups it).
   *
   * @param typed the text typed
   * @return the code
   */
  public static String normalize(String typed) {
    return typed.strip().replace(" ", "").replace("-", "");
  }

  /**
   * Asks for codes and calls {@code verify} until it succeeds: a wrong code asks again ("N tries left"), up to
   * {@link #TRIES} times.
   *
   * @throws Failure exit 3 when the person gives no code (Ctrl-D): the run cannot finish, and for a sent code the
   *     message says so and how to finish another time; or after {@link #TRIES} wrong codes
   * @throws SendAgain when the person typed {@code r} to get a new code
   */
  @Override
  public Tokens enter(CodeRequest request, Function<String, Tokens> verify) {
    if (request.pending() != asking) {
      asking = request.pending();
      askingSince = clock.instant();
    }
    for (int triesLeft = TRIES; ; ) {
      String code = ask(request.label(), request.sent(), request.pending().association() != null);
      try {
        return verify.apply(code);
      } catch (MfaApiException e) {
        if (e.reason() != request.wrong()) {
          throw e;
        }
        triesLeft--;
        if (triesLeft == 0) {
          throw Failure.refused("that code was wrong " + TRIES + " times. Run the command again for a new"
              + " code", e);
        }
        progress.warn("That code is not right; " + triesLeft + (triesLeft == 1 ? " try" : " tries") + " left.");
      }
    }
  }

  /**
   * Prompts until a well-formed code is typed.
   *
   * @param enrolling whether the code confirms an association of this run (then {@code later} says how to finish)
   */
  private String ask(String label, boolean sent, boolean enrolling) {
    while (true) {
      String line = prompter.readLine("Enter " + label + ": ");
      if (line == null) {
        // Not exit 2: a sign-in (and maybe a message) already went out, so "nothing was sent" would be false.
        if (sent) {
          throw new Failure(ExitCode.REFUSED, "no code entered, and the one sent works only in this run. " + later,
              laterCommand, null);
        }
        if (enrolling) {
          throw new Failure(ExitCode.REFUSED, "no code entered, so the app was not added. " + later, laterCommand,
              null);
        }
        throw Failure.refused("no code entered. Run the command again with the code from your authenticator app,"
            + " or pass --otp CODE", null);
      }
      String code = normalize(line);
      if (CodeFormat.isSixDigitCode(code)) {
        return code;
      }
      if (code.equalsIgnoreCase("r")) {
        if (!sent) {
          progress.warn("An authenticator app's codes are not sent: type the one it shows now.");
          continue;
        }
        Duration wait = Duration.between(clock.instant(), askingSince.plus(RESEND_AFTER));
        if (wait.isNegative() || wait.isZero()) {
          throw new SendAgain();
        }
        progress.warn("The code was sent " + (RESEND_AFTER.minus(wait).toSeconds()) + " s ago and may still be on"
            + " its way: ask again in " + Math.max(1, wait.toSeconds()) + " s.");
        continue;
      }
      progress.warn(sent ? "A code is 6 digits, like 123456 (or r for a new one)."
          : "A code is 6 digits, like 123456.");
    }
  }
}
