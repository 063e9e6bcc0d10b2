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
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.Tokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Codes typed by the person at the terminal: asked for until one is well formed, and up to three tries per code (a
 * wrong code also counts toward the tenant's lock). {@code r} instead of a code asks for a new one ({@link SendAgain}),
 * once the last has had {@link #RESEND_AFTER} to arrive. No code (Ctrl-D, Ctrl-C, or an empty answer) ends the run in
 * one line that says what this means for the journey ("so nothing was enrolled") and how to start again.
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
  private final String ended;
  private final String endedCommand;
  private final Clock clock;
  private Ending split;
  private Ending appEnded;
  private Pending asking;
  private Instant askingSince;

  /**
   * @param prompter who asks
   * @param progress where "That code is not right; 2 tries left." goes
   * @param ended what giving up at the prompt means and how to start again, after "so": e.g. "nothing was enrolled.
   *     Run the same command again for a new code"; or, ending with a command, the text before it
   * @param endedCommand the command {@code ended} ends with (printed as it is), or null when it ends with prose
   */
  public PromptedCodes(Prompter prompter, Progress progress, String ended, String endedCommand) {
    this(prompter, progress, ended, endedCommand, Clock.systemUTC());
  }

  /**
   * As {@link #PromptedCodes(Prompter, Progress, String, String)}, with the clock that times {@code r}.
   *
   * @param clock the time source
   */
  public PromptedCodes(Prompter prompter, Progress progress, String ended, String endedCommand, Clock clock) {
    this.prompter = prompter;
    this.progress = progress;
    this.ended = ended;
    this.endedCommand = endedCommand;
    this.clock = clock;
  }

  /**
   * A sentence said when the person gives up at a prompt.
   *
   * @param prose the words; when {@code command} is not null, the text before it
   * @param command the command the sentence ends with (printed as it is), or null when it ends with prose
   */
  public record Ending(String prose, String command) {}

  /**
   * How the person could type the code of this run's association in a later run instead, said when they give up at
   * its prompt: only for a code that is not sent (an authenticator app's), and only when the association was made
   * with an mfa_token (a first factor), which a split journey's state file can keep; an added factor's access token
   * it cannot.
   *
   * @param split said after "or", e.g. "split it: start with ..., then run " and its command; null for none
   * @return this
   */
  public PromptedCodes orSplit(Ending split) {
    this.split = split;
    return this;
  }

  /**
   * What giving up means and how to start again at the prompt of a code that is not sent (an authenticator app's),
   * in {@code ended}'s place: no new code is to be had, but the app's next one.
   *
   * @param appEnded said after "so", as {@code ended}; null to say {@code ended}
   * @return this
   */
  public PromptedCodes forAppCodes(Ending appEnded) {
    this.appEnded = appEnded;
    return this;
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
   * @throws Failure exit 3 when the person gives no code (Ctrl-D, Ctrl-C, an empty answer): the run cannot finish,
   *     and the message says what that means and how to start again; or after {@link #TRIES} wrong codes
   * @throws SendAgain when the person typed {@code r} to get a new code
   */
  @Override
  public Tokens enter(CodeRequest request, Function<String, Tokens> verify) {
    if (request.pending() != asking) {
      asking = request.pending();
      askingSince = clock.instant();
    }
    for (int triesLeft = TRIES; ; ) {
      String code = ask(request);
      try {
        return verify.apply(code);
      } catch (MfaApiException e) {
        if (e.reason() != request.wrong()) {
          throw e;
        }
        triesLeft--;
        if (triesLeft == 0) {
          throw gaveUp("that code was wrong " + TRIES + " times, so ", false, request, e);
        }
        progress.warn("That code is not right; " + triesLeft + (triesLeft == 1 ? " try" : " tries") + " left.");
      }
    }
  }

  /** Prompts until a well-formed code (or {@code r}) is typed. */
  private String ask(CodeRequest request) {
    boolean sent = request.sent();
    while (true) {
      String line = prompter.readLine("Enter " + request.label() + ": ");
      // r first: it is an answer, not the end of one.
      if (line != null && normalize(line).equalsIgnoreCase("r")) {
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
      if (line == null || line.isBlank()) {
        // Not exit 2: a sign-in (and maybe a message) already went out, so "nothing was sent" would be false.
        throw gaveUp("no code entered, so ", true, request, null);
      }
      String code = normalize(line);
      if (CodeFormat.isSixDigitCode(code)) {
        return code;
      }
      progress.warn(sent ? "A code is 6 digits, like 123456 (or r for a new one)."
          : "A code is 6 digits, like 123456.");
    }
  }

  /**
   * Exit 3: what giving up means and how to start again, or (see {@link #orSplit}) to finish in a later run. When no
   * code was entered for one sent in this run, it also says that code cannot be typed into a later run.
   */
  private Failure gaveUp(String why, boolean unanswered, CodeRequest request, Throwable cause) {
    Pending pending = request.pending();
    if (request.sent()) {
      return new Failure(ExitCode.REFUSED, why + (unanswered ? withSentCode(ended) : ended), endedCommand, cause);
    }
    Ending meant = appEnded != null ? appEnded : new Ending(ended, endedCommand);
    if (split != null && meant.command() == null && pending.association() != null
        && pending.mfaToken() instanceof MfaToken) {
      return new Failure(ExitCode.REFUSED, why + meant.prose() + ", or " + split.prose(), split.command(), cause);
    }
    return new Failure(ExitCode.REFUSED, why + meant.prose(), meant.command(), cause);
  }

  /** "nothing was enrolled. Run..." becomes "nothing was enrolled (the code sent works only in this run). Run...". */
  private static String withSentCode(String ended) {
    int stop = ended.indexOf(". ");
    String note = " (the code sent works only in this run)";
    return stop < 0 ? ended + note : ended.substring(0, stop) + note + ended.substring(stop);
  }
}
