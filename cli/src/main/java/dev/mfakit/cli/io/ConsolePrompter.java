package dev.mfakit.cli.io;

import java.io.Console;
import java.lang.reflect.Method;

/**
 * Prompts through {@link System#console()}; reports that it cannot prompt when stdin/stdout are not a terminal.
 * Ctrl-C at a prompt ends it like Ctrl-D ({@link CtrlC}), and either leaves the terminal on a new line.
 */
final class ConsolePrompter implements Prompter {

  private final Console console = terminalConsole();

  @Override
  public boolean canPrompt() {
    return console != null;
  }

  @Override
  public String readLine(String prompt) {
    if (console == null) {
      return null;
    }
    CtrlC.Read<String> read = CtrlC.read(() -> console.readLine("%s", prompt));
    if (read.value() == null) {
      endLine(); // Ctrl-D or Ctrl-C left the cursor after the prompt
    }
    return read.value();
  }

  @Override
  public char[] readSecret(String prompt) {
    if (console == null) {
      return null;
    }
    CtrlC.Read<char[]> read = CtrlC.read(() -> console.readPassword("%s", prompt));
    if (read.interrupted()) {
      endLine(); // readPassword ends the line itself, but it was cut short
    }
    return read.value();
  }

  /**
   * Ends the prompt's line. Not through the console's writer: a read cut short by Ctrl-C still holds its lock. The
   * console writes to standard output (it exists only when that is the terminal), so the line ends there.
   */
  private static void endLine() {
    System.out.println();
    System.out.flush();
  }

  // A console exists only when stdin (and stdout) are the terminal.
  @Override
  public boolean stdinIsTerminal() {
    return console != null;
  }

  @Override
  public Prompter controllingTerminal() {
    return console != null ? this : TtyPrompter.openControllingTerminal();
  }

  /**
   * Java 22+ returns a console even when stdin is redirected; {@code Console.isTerminal()} (22+) tells the two
   * apart. Looked up reflectively because we compile for 17, where a non-null console is always a terminal.
   */
  private static Console terminalConsole() {
    Console c = System.console();
    if (c == null) {
      return null;
    }
    try {
      Method isTerminal = Console.class.getMethod("isTerminal");
      return Boolean.TRUE.equals(isTerminal.invoke(c)) ? c : null;
    } catch (ReflectiveOperationException e) {
      return c; // before Java 22 (no isTerminal): a console is a terminal
    }
  }
}
