package dev.mfakit.cli.io;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads secrets from where the user put them: stdin ({@code -}), a file, or the environment. A secret is never
 * taken as a plain flag value (it would land in shell history and {@code ps}), and stdin can feed one option only.
 */
public final class Secrets {
  /** Asks nobody: stdin is piped into a secret and there is no terminal to type in. */
  private static final Prompter NOBODY = new Prompter() {
    @Override
    public boolean canPrompt() {
      return false;
    }

    @Override
    public String readLine(String prompt) {
      return null;
    }

    @Override
    public char[] readSecret(String prompt) {
      return null;
    }
  };

  private final Context ctx;
  private String stdinOwner;
  private Prompter prompter;

  public Secrets(Context ctx) {
    this.ctx = ctx;
  }

  /**
   * Claims stdin for {@code option}. Call while validating, before reading anything.
   *
   * @throws Failure (exit 2) when another option already claimed it
   */
  public void claimStdin(String option) {
    if (stdinOwner != null && !stdinOwner.equals(option)) {
      // --recovery-code has no file option: then the other one moves to its file.
      String toFile = option.equals("--recovery-code") ? stdinOwner : option;
      throw Failure.usage("both " + stdinOwner + " and " + option + " read stdin ('-'); only one can. Pass "
          + toFile + "-file FILE instead");
    }
    stdinOwner = option;
    prompter = null;
  }

  /**
   * Where typed answers (username, password, codes) come from, once the {@code -} options have claimed stdin: the
   * terminal's prompter; but when stdin is piped into a secret it cannot carry typed answers too, so the
   * controlling terminal ({@code /dev/tty}) when there is one, else nobody.
   */
  public Prompter prompter() {
    if (prompter == null) {
      Prompter terminal = ctx.prompter();
      if (stdinOwner == null || terminal.stdinIsTerminal()) {
        prompter = terminal;
      } else {
        Prompter tty = terminal.controllingTerminal();
        prompter = tty != null ? tty : NOBODY;
      }
    }
    return prompter;
  }

  /** The option whose {@code -} took stdin when that leaves nothing to type answers in (no terminal), or null. */
  public String stdinTakenBy() {
    return prompter() == NOBODY ? stdinOwner : null;
  }

  /**
   * Reads all of stdin (at most 64 KiB) as the secret of {@code option}, trailing line break trimmed.
   *
   * @throws Failure (exit 2) when stdin is empty or too large
   */
  public String readStdin(String option) {
    claimStdin(option);
    if (ctx.prompter().stdinIsTerminal()) {
      return typed(option);
    }
    byte[] bytes;
    try {
      InputStream in = ctx.stdin();
      bytes = in.readNBytes(SecureFiles.MAX_BYTES + 1);
    } catch (IOException e) {
      throw Failure.usage(option + " -: cannot read stdin (" + e.getClass().getSimpleName() + ")");
    }
    if (bytes.length > SecureFiles.MAX_BYTES) {
      throw Failure.usage(option + " -: stdin has more than 64 KiB, so it is not a secret. Pipe the secret"
          + " alone");
    }
    String s = SecureFiles.trimLineBreak(SecureFiles.decode(option, "stdin", bytes));
    if (s.isBlank()) {
      throw Failure.usage(option + " -: stdin is empty. Pipe the secret in, e.g. from a password manager");
    }
    return s;
  }

  /** A {@code -} secret typed at the terminal that is stdin: read without echo, like a password prompt. */
  private String typed(String option) {
    char[] typed = ctx.prompter().readSecret("Enter " + option.substring(2).replace('-', ' ') + ": ");
    if (typed == null || typed.length == 0) {
      throw Failure.usage(option + " -: nothing was typed. Type the secret (it is not shown), or pipe it in");
    }
    try {
      return new String(typed).strip();
    } finally {
      Arrays.fill(typed, '\0');
    }
  }

  /** The secret in {@code file} (checked: exists, 600, small, not empty). */
  public String readFile(String option, Path file) {
    return SecureFiles.readSecret(option, file);
  }

  /** The run's context (its streams), for what asking involves besides the prompt itself. */
  public Context context() {
    return ctx;
  }

  /** The environment variable {@code name}, or null when unset or blank. */
  String env(String name) {
    String v = ctx.env().get(name);
    return v == null || v.isBlank() ? null : v;
  }
}
