package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.SecureFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --recovery-code-file} and {@code --token-file}: where the secrets a verb hands out are written. */
final class OutputFileOptions {
  @Option(names = "--recovery-code-file", paramLabel = "FILE", order = 5,
      description = "Write the recovery code (of a new enrollment, or the replacement after a recovery-code"
          + " sign-in) to FILE (mode 600) instead of printing it. A new enrollment refuses an existing FILE; a"
          + " recovery-code sign-in replaces the spent code in it.")
  Path recoveryCodeFile;

  @Option(names = "--token-file", paramLabel = "FILE", order = 6,
      description = "Write the tokens to FILE as JSON (mode 600).")
  Path tokenFile;

  /**
   * Checks, before any request, that a first enrollment's recovery code would not replace a file that exists: it
   * may hold the code of another account. (After a recovery-code sign-in, replacing the spent code is the point.)
   *
   * @throws Failure (exit 2) when {@code --recovery-code-file} names an existing file
   */
  void checkRecoveryCodeFileIsNew() {
    if (recoveryCodeFile != null && Files.exists(recoveryCodeFile, LinkOption.NOFOLLOW_LINKS)) {
      throw Failure.usage("--recovery-code-file: " + recoveryCodeFile + " exists and may hold another recovery"
          + " code; pick a new path or remove it");
    }
  }

  /** Checks, before any request, that both files can be created. */
  void checkWritable() {
    if (recoveryCodeFile != null) {
      SecureFiles.checkWritable("--recovery-code-file", recoveryCodeFile);
    }
    if (tokenFile != null) {
      SecureFiles.checkWritable("--token-file", tokenFile);
    }
  }
}
