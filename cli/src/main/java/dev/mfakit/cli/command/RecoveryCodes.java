package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.Secrets;
import java.util.Arrays;

/** The {@code --recovery-code} option: a secret, so only a no-echo prompt (bare option) or stdin ({@code -}). */
final class RecoveryCodes {
  private RecoveryCodes() {}

  /**
   * Checks the option value before anything is sent.
   *
   * @param value {@code ""} (bare option: prompt), {@code "-"} (stdin), anything else is refused
   * @throws Failure (exit 2) for an inline code, or a prompt with nobody to answer it
   */
  static void checkOption(String value, OutputOptions output, Secrets secrets) {
    if (value.equals("-")) {
      secrets.claimStdin("--recovery-code");
      return;
    }
    if (!value.isEmpty()) {
      throw Failure.usage("recovery codes are secrets: use '--recovery-code -' (stdin) or the prompt"
          + " (--recovery-code alone), never the command line");
    }
    if (!output.canAsk(secrets)) {
      throw Failure.usage(output.whyNotAsk(secrets, "the recovery code") + ": use '--recovery-code -' and pipe it"
          + " in");
    }
  }

  /** Reads the recovery code from stdin or a no-echo prompt (after {@link #checkOption}). */
  static String read(String value, Secrets secrets) {
    if (value.equals("-")) {
      return Codes.recoveryCode("--recovery-code -", secrets.readStdin("--recovery-code"));
    }
    char[] typed = secrets.prompter().readSecret("Enter your recovery code: ");
    if (typed == null || typed.length == 0) {
      throw Failure.usage("no recovery code entered, so nothing was sent. Run again and type it, or use"
          + " --recovery-code - (stdin)");
    }
    try {
      return Codes.recoveryCode("the recovery code", new String(typed));
    } finally {
      Arrays.fill(typed, '\0');
    }
  }
}
