package dev.mfakit.cli.command;

import dev.mfakit.cli.io.Secrets;
import picocli.CommandLine.Option;

/** {@code --json}, {@code --no-input}, {@code --verbose}: shared by every verb that talks to a tenant. */
final class OutputOptions {

  // The flags are set through methods that take every occurrence: a flag given twice (a script that adds --json
  // to a command that has it) means what it means once, rather than being a usage error.
  boolean json;
  boolean noInput;
  boolean verbose;

  @Option(names = "--json", arity = "0", order = 90,
      description = "Print the result as one JSON object on stdout; every field is always there (null when"
          + " unknown). A failure prints nothing on stdout (see Output in mfa --help).")
  void json(boolean[] given) {
    json = given != null && given.length > 0;
  }

  @Option(names = "--no-input", arity = "0", order = 91,
      description = "Never prompt. Missing input is a usage error (exit 2) when known before sending; if the"
          + " tenant asks for MFA after sign-in and --no-input forbids the prompt, exit 3.")
  void noInput(boolean[] given) {
    noInput = given != null && given.length > 0;
  }

  @Option(names = "--verbose", arity = "0", order = 92,
      description = "Log HTTP traffic (redacted), and the stack trace of an internal error, on stderr.")
  void verbose(boolean[] given) {
    verbose = given != null && given.length > 0;
  }

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
