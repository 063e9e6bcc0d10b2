package dev.mfakit.cli;

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
   * The prompter of the JVM's console, or one that cannot prompt when no console is attached.
   *
   * @return a console-backed prompter
   */
  static Prompter console() {
    return new ConsolePrompter();
  }
}
