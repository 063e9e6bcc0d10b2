package dev.mfakit.cli.flow;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.command.OutputOptions;
import dev.mfakit.cli.io.Prompter;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.output.Output;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.Tokens;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * One-time codes: checking their shape up front, and getting them from the person (prompt, up to three tries per
 * code) or, with {@code --sandbox} and nobody to ask, from the sandbox outbox.
 */
public final class Codes {
  /** Tries per code before giving up (a wrong code also counts toward the tenant's lock). */
  static final int TRIES = 3;

  private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");
  private static final Pattern RECOVERY = Pattern.compile("[0-9A-Za-z]{24}");

  private final Prompter prompter;
  private final Output out;
  private final boolean interactive;
  private final boolean noInput;
  private final SandboxTenant sandbox;
  private final String later;
  private final String laterCommand;
  private boolean outboxExplained;

  /**
   * @param sandbox the in-process sandbox (its outbox answers when nobody can), or null
   * @param later how to finish another time when the person gives no code after one was sent, e.g. "To finish
   *     later, start with mfa associate --no-input --state FILE, then run "
   * @param laterCommand the command {@code later} ends with (printed as it is), or null when it ends with prose
   */
  public Codes(Output out, OutputOptions options, Secrets secrets, SandboxTenant sandbox, String later,
      String laterCommand) {
    this.prompter = secrets.prompter();
    this.out = out;
    this.interactive = options.canAsk(secrets);
    this.noInput = options.noInput;
    this.sandbox = sandbox;
    this.later = later;
    this.laterCommand = laterCommand;
  }

  /**
   * Checks a code given on the command line: exactly 6 ASCII digits (surrounding blanks ignored). A script passes the
   * code it was given; "123 456" or "123-456" there is a mistake to report, not to guess at (the prompt, where a
   * person types what the app shows, does drop them).
   *
   * @throws Failure (exit 2) unless it is 6 digits
   */
  public static String sixDigits(String option, String value) {
    String v = value.strip();
    if (!SIX_DIGITS.matcher(v).matches()) {
      throw Failure.usage(option + " must be the 6-digit code, e.g. ", option + " 123456");
    }
    return v;
  }

  /**
   * Checks a recovery code.
   *
   * @throws Failure (exit 2) unless it is 24 letters or digits (spaces and dashes dropped)
   */
  public static String recoveryCode(String source, String value) {
    String v = normalize(value).toUpperCase(Locale.ROOT);
    if (!RECOVERY.matcher(v).matches()) {
      throw Failure.usage(source + ": a recovery code is 24 letters and digits. Check it and try again");
    }
    return v;
  }

  private static String normalize(String value) {
    return value.strip().replace(" ", "").replace("-", "");
  }

  /** Whether this run can get a code without {@code --code}: from a person, or from the sandbox outbox. */
  public boolean available() {
    return interactive || sandbox != null;
  }

  /**
   * Gets codes and calls {@code verify} until it succeeds: a wrong code asks again ("N tries left"), up to
   * {@link #TRIES} times. A code from the outbox or {@code --code} is tried once.
   *
   * @param given a code from the command line, or null to ask
   * @param kind what to call the code in the prompt ("the 6-digit code")
   * @param sent whether a code was sent for this (then giving none wastes it: see {@link #Codes})
   * @param wrong the error reason that means "wrong code, ask again"
   * @throws Failure exit 3 when the person gives no code (Ctrl-D): the run cannot finish, and for a sent code
   *     the message says so and how to finish another time
   */
  public Tokens enter(String given, String kind, boolean sent, Function<String, Tokens> verify, ErrorReason wrong) {
    if (given != null) {
      return verify.apply(given);
    }
    if (!interactive) {
      return verify.apply(fromOutbox());
    }
    for (int triesLeft = TRIES; ; ) {
      String code = ask(kind, sent);
      try {
        return verify.apply(code);
      } catch (MfaApiException e) {
        if (e.reason() != wrong) {
          throw e;
        }
        triesLeft--;
        if (triesLeft == 0) {
          throw Failure.refused("that code was wrong " + TRIES + " times. Run the command again for a new"
              + " code", e);
        }
        out.warn("That code is not right; " + triesLeft + (triesLeft == 1 ? " try" : " tries") + " left.");
      }
    }
  }

  /** Prompts until a well-formed code is typed. */
  private String ask(String kind, boolean sent) {
    while (true) {
      String line = prompter.readLine("Enter " + kind + ": ");
      if (line == null) {
        // Not exit 2: a sign-in (and maybe a message) already went out, so "nothing was sent" would be false.
        if (sent) {
          throw new Failure(ExitCode.REFUSED, "no code entered, and the one sent works only in this run. " + later,
              laterCommand, null);
        }
        throw Failure.refused("no code entered. Run the command again with the code from your authenticator app,"
            + " or pass --otp CODE", null);
      }
      String code = normalize(line);
      if (SIX_DIGITS.matcher(code).matches()) {
        return code;
      }
      out.warn("A code is 6 digits, like 123456.");
    }
  }

  /** The newest message in the sandbox outbox (this process's own tenant, so it is ours). */
  private String fromOutbox() {
    if (sandbox == null) {
      throw new IllegalStateException("no code source: neither a terminal nor the sandbox");
    }
    List<SentMessage> messages = sandbox.messages();
    if (messages.isEmpty()) {
      throw new IllegalStateException("the sandbox sent no message");
    }
    if (!outboxExplained) {
      out.info((noInput ? "--no-input" : "No terminal to type the code in")
          + ": using the code from the sandbox outbox.");
      outboxExplained = true;
    }
    return messages.get(messages.size() - 1).code();
  }
}
