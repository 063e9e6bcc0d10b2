package dev.mfakit.cli;

import dev.mfakit.cli.io.Prompter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/** A prompter that answers from a script and records what it was asked; asking past the script fails the test. */
final class ScriptedPrompter implements Prompter {
  private record Answer(String expectedPrompt, boolean secret, Supplier<String> value) {}

  private final boolean canPrompt;
  private final boolean controllingTerminal;
  private boolean stdinIsTerminal;
  private final Deque<Answer> answers = new ArrayDeque<>();
  private final List<String> asked = new ArrayList<>();

  private ScriptedPrompter(boolean canPrompt, boolean controllingTerminal) {
    this.canPrompt = canPrompt;
    this.controllingTerminal = controllingTerminal;
  }

  /** A terminal with a person at it (stdin, when the test feeds it, is a pipe the person also has a tty for). */
  static ScriptedPrompter terminal() {
    return new ScriptedPrompter(true, true);
  }

  /** No console (a script, CI). */
  static ScriptedPrompter none() {
    return new ScriptedPrompter(false, false);
  }

  /**
   * stdin is a pipe, so there is no console; but the process has a controlling terminal (/dev/tty) where the
   * person can type, as in {@code echo pw | mfa ... --password -} run from a shell.
   */
  static ScriptedPrompter pipedStdinWithTty() {
    return new ScriptedPrompter(false, true);
  }

  /** stdin is this terminal: a {@code -} secret is typed here (and must be read without echo). */
  ScriptedPrompter typedStdin() {
    this.stdinIsTerminal = true;
    return this;
  }

  /** Answers the next echoed prompt, which must start with {@code prompt}. */
  ScriptedPrompter line(String prompt, String value) {
    return line(prompt, () -> value);
  }

  /** Answers the next echoed prompt with a value computed when asked (e.g. the code just sent). */
  ScriptedPrompter line(String prompt, Supplier<String> value) {
    answers.add(new Answer(prompt, false, value));
    return this;
  }

  /** Answers the next no-echo prompt. */
  ScriptedPrompter secret(String prompt, String value) {
    answers.add(new Answer(prompt, true, () -> value));
    return this;
  }

  /** The prompts shown so far. */
  List<String> asked() {
    return asked;
  }

  /** True when every scripted answer was used. */
  boolean done() {
    return answers.isEmpty();
  }

  @Override
  public boolean canPrompt() {
    return canPrompt;
  }

  @Override
  public String readLine(String prompt) {
    return next(prompt, false, false);
  }

  @Override
  public char[] readSecret(String prompt) {
    String v = next(prompt, true, false);
    return v == null ? null : v.toCharArray();
  }

  @Override
  public boolean stdinIsTerminal() {
    return stdinIsTerminal;
  }

  /** The same script, asked on the controlling terminal (when there is one). */
  @Override
  public Prompter controllingTerminal() {
    if (!controllingTerminal) {
      return null;
    }
    if (canPrompt) {
      return this;
    }
    return new Prompter() {
      @Override
      public boolean canPrompt() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        return next(prompt, false, true);
      }

      @Override
      public char[] readSecret(String prompt) {
        String v = next(prompt, true, true);
        return v == null ? null : v.toCharArray();
      }
    };
  }

  private String next(String prompt, boolean secret, boolean onTty) {
    asked.add(prompt);
    if (!canPrompt && !onTty) {
      throw new AssertionError("prompted without a terminal: " + prompt);
    }
    Answer a = answers.poll();
    if (a == null) {
      return null; // end of input, like Ctrl-D
    }
    if (!prompt.startsWith(a.expectedPrompt()) || a.secret() != secret) {
      throw new AssertionError("expected " + (a.secret() ? "secret " : "") + "prompt '" + a.expectedPrompt()
          + "' but got " + (secret ? "secret " : "") + "'" + prompt + "'");
    }
    return a.value().get();
  }
}
