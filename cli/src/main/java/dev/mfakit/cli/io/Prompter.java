package dev.mfakit.cli.io;

/**
 * Asks the person at the terminal for a value. Prompts go to the terminal (stderr side), never to stdout.
 *
 * <p>Production uses the console; tests script the answers.
 */
public interface Prompter {

  /**
   * Whether a person can answer prompts at all (a console is attached).
   *
   * @return true when {@link #readLine} and {@link #readSecret} can reach a person
   */
  boolean canPrompt();

  /**
   * Shows {@code prompt} and reads one line, echoed.
   *
   * @param prompt the text shown before the cursor, e.g. {@code "Username: "}
   * @return the line without its line terminator, or null at end of input
   */
  String readLine(String prompt);

  /**
   * Shows {@code prompt} and reads one line without echoing it (passwords, recovery codes).
   *
   * @param prompt the text shown before the cursor
   * @return the characters typed, or null at end of input; the caller should clear the array after use
   */
  char[] readSecret(String prompt);

  /**
   * Whether standard input is this terminal. A secret read from stdin ({@code --password -}) is then typed, so it
   * is read with {@link #readSecret} (never echoed) rather than from the stream.
   *
   * @return true when stdin is the terminal this prompter asks on
   */
  default boolean stdinIsTerminal() {
    return false;
  }

  /**
   * A prompter on the controlling terminal ({@code /dev/tty}), for a run whose stdin is piped into a {@code -}
   * secret ({@code echo pw | mfa ... --password -}): the person can still type the code there.
   *
   * @return that prompter, or null when the process has no terminal
   */
  default Prompter controllingTerminal() {
    return null;
  }

  /**
   * The prompter of the JVM's console; else, when stdin is a terminal but stdout is redirected, one on
   * {@code /dev/tty}; else one that cannot prompt.
   *
   * @return the terminal's prompter
   */
  static Prompter console() {
    ConsolePrompter console = new ConsolePrompter();
    if (console.canPrompt()) {
      return console;
    }
    Prompter tty = TtyPrompter.openIfStdinIsTerminal();
    return tty != null ? tty : console;
  }
}
