package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.PromptedCodes;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.client.CodeFormat;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/** {@code --recovery-code-file} and {@code --token-file}: where the secrets a verb hands out are written. */
final class OutputFileOptions {
  @Option(names = "--recovery-code-file", paramLabel = "FILE", order = 5,
      description = "Write the recovery code (of a new enrollment, or the replacement after a recovery-code"
          + " sign-in) to FILE (mode 600) instead of printing it. A new enrollment refuses an existing FILE; a"
          + " recovery-code sign-in replaces the spent code in it.")
  Path recoveryCodeFile;

  @Option(names = "--token-file", paramLabel = "FILE", order = 6,
      description = "Write the tokens to FILE as JSON (mode 600), replacing the tokens an earlier run wrote there.")
  Path tokenFile;

  /**
   * Checks, before any request, that both files can be written, in a private directory, and that neither replaces a
   * file it should not: a new recovery code never replaces an existing file (it may hold another account's code);
   * the replacement of a spent recovery code replaces only a file holding recovery codes (the spent one); tokens
   * replace only tokens an earlier {@code --token-file} wrote.
   *
   * @param recoverySignIn whether this run spends a recovery code, whose replacement is what it writes
   * @throws Failure (exit 2) otherwise
   */
  void check(boolean recoverySignIn) {
    if (recoveryCodeFile != null) {
      SecureFiles.checkPrivateWritable("--recovery-code-file", recoveryCodeFile);
      if (!recoverySignIn) {
        SecureFiles.checkNew("--recovery-code-file", recoveryCodeFile, "another recovery code");
      } else if (!holdsOnly(recoveryCodeFile, OutputFileOptions::isRecoveryCode)) {
        throw Failure.usage("--recovery-code-file: " + recoveryCodeFile + " exists and holds something other than"
            + " recovery codes; pick a new path or remove it");
      }
    }
    if (tokenFile != null) {
      SecureFiles.checkPrivateWritable("--token-file", tokenFile);
      if (!holdsOnly(tokenFile, OutputFileOptions::isTokens)) {
        throw Failure.usage("--token-file: " + tokenFile + " exists and holds something other than the tokens of"
            + " --token-file; pick a new path or remove it");
      }
    }
  }

  /** Whether {@code file} is absent, or a private text file whose content passes {@code test}. */
  private static boolean holdsOnly(Path file, java.util.function.Predicate<String> test) {
    String text;
    try {
      text = SecureFiles.readExisting("an output file", file);
    } catch (Failure unreadable) {
      return false;
    }
    return text == null || test.test(text);
  }

  private static boolean isRecoveryCode(String text) {
    return !text.isBlank() && text.lines().filter(l -> !l.isBlank())
        .allMatch(l -> CodeFormat.isRecoveryCode(PromptedCodes.normalize(l).toUpperCase(Locale.ROOT)));
  }

  private static boolean isTokens(String text) {
    try {
      return Json.parseObject(text).get("access_token") instanceof String;
    } catch (IOException e) {
      return false;
    }
  }
}
