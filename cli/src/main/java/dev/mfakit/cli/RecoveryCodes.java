package dev.mfakit.cli;

/** The {@code --recovery-code} option: a secret, so only a no-echo prompt (bare option) or stdin ({@code -}). */
final class RecoveryCodes {
  private RecoveryCodes() {}

  /**
   * Checks the option value before anything is sent.
   *
   * @param value {@code ""} (bare option: prompt), {@code "-"} (stdin), anything else is refused
   * @throws Failure (exit 2) for an inline code, or a prompt with nobody to answer it
   */
  static void checkOption(String value, boolean interactive, Secrets secrets) {
    if (value.equals("-")) {
      secrets.claimStdin("--recovery-code");
      return;
    }
    if (!value.isEmpty()) {
      throw Failure.usage("recovery codes are secrets: use '--recovery-code -' (stdin) or the prompt"
          + " (--recovery-code alone), never the command line");
    }
    if (!interactive) {
      throw Failure.usage("no terminal to type the recovery code in: use '--recovery-code -' and pipe it in");
    }
  }

  /** Reads the recovery code from stdin or the prompt (after {@link #checkOption}). */
  static String read(String value, Codes codes, Secrets secrets) {
    if (value.equals("-")) {
      return Codes.recoveryCode("--recovery-code -", secrets.readStdin("--recovery-code"));
    }
    return codes.askRecoveryCode();
  }
}
