package dev.mfakit.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --recovery-code-file} and {@code --token-file}: where the secrets a verb hands out are written. */
final class OutputFiles {
  @Option(names = "--recovery-code-file", paramLabel = "FILE", order = 5,
      description = "Write the recovery code (of a new enrollment, or the replacement after a recovery-code"
          + " sign-in) to FILE (mode 600) instead of printing it.")
  Path recoveryCodeFile;

  @Option(names = "--token-file", paramLabel = "FILE", order = 6,
      description = "Write the tokens to FILE as JSON (mode 600).")
  Path tokenFile;

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
