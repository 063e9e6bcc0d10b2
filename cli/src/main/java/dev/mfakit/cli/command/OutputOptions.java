package dev.mfakit.cli.command;

import dev.mfakit.cli.io.Secrets;
import picocli.CommandLine.Option;

/** {@code --json}, {@code --no-input}, {@code --verbose}: shared by every verb that talks to a tenant. */
final class OutputOptions {

  @Option(names = "--json", order = 90,
      description = "Print the result as one JSON object on stdout; every field is always there (null when"
          + " unknown). A failure prints nothing on stdout (see Output in mfa --help).")
  boolean json;

  @Option(names = "--no-input", order = 91,
      description = "Never prompt. Missing input is a usage error (exit 2) when known before sending; if the"
          + " tenant asks for MFA after sign-in and --no-input forbids the prompt, exit 3.")
  boolean noInput;

  @Option(names = "--verbose", order = 92,
      description = "Log HTTP traffic (redacted) and stack traces on stderr.")
  boolean verbose;

  /**
   * Whether this run may ask the person: a terminal to ask on (see {@link Secrets#prompter()}: call once the
   * {@code -} options have claimed stdin), and no {@code --no-input}.
   */
  boolean canAsk(Secrets secrets) {
    return !noInput && secrets.prompter().canPrompt();
  }

  /**
   * Why this run cannot ask for {@code what}, as a clause for messages: "--no-input allows no prompt for the
   * code", "stdin feeds --password -, so the code cannot be typed there", "there is no terminal to type the code
   * in".
   *
   * @param what e.g. {@code the code}
   */
  String whyNotAsk(Secrets secrets, String what) {
    if (noInput) {
      return "--no-input allows no prompt for " + what;
    }
    String piped = secrets.stdinTakenBy();
    if (piped != null) {
      return "stdin feeds " + piped + " -, so " + what + " cannot be typed there";
    }
    return "there is no terminal to type " + what + " in";
  }
}
