package dev.mfakit.cli.io;

import java.io.Console;
import java.lang.reflect.Method;

/** Prompts through {@link System#console()}; reports that it cannot prompt when stdin/stdout are not a terminal. */
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
    return console.readLine("%s", prompt);
  }

  @Override
  public char[] readSecret(String prompt) {
    if (console == null) {
      return null;
    }
    return console.readPassword("%s", prompt);
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
