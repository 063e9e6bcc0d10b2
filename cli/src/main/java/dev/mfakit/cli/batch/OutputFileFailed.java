package dev.mfakit.cli.batch;

import java.io.IOException;

/**
 * A file the batch keeps what it was handed in ({@code --recovery-codes-file}, {@code --secrets-file}) could not be
 * written: the run stops, and the message says which file, why, and what was kept instead.
 */
public final class OutputFileFailed extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message which file, why, and what was kept instead (a recovery code shown on the screen), one line
   */
  OutputFileFailed(String message, IOException cause) {
    super(message, cause);
  }
}
