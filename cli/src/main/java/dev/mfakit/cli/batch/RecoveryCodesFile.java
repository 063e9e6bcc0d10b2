package dev.mfakit.cli.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --recovery-codes-file FILE}: every recovery code a batch hands out, one JSON object per line, {@code
 * {"username":"jane@example.com","recovery_code":"…"}}; mode 0600, appended to, each line on disk before the row
 * goes on. A batch's recovery codes are never only on the screen.
 */
public final class RecoveryCodesFile extends PrivateJsonLines {
  private RecoveryCodesFile(Path path) throws IOException {
    super("--recovery-codes-file", path);
  }

  /**
   * Opens (creating, 0600) the file; run it before any request, so that a path that cannot be written stops the batch
   * before anything is sent.
   *
   * @throws BadInput when it is readable by group or others, or cannot be written
   */
  public static RecoveryCodesFile open(Path path) throws IOException {
    return new RecoveryCodesFile(path);
  }

  /**
   * Appends the user's recovery code, on disk when it returns.
   *
   * @throws OutputFileFailed when it cannot be written
   */
  public void add(String username, String recoveryCode) throws OutputFileFailed {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("username", username);
    line.put("recovery_code", recoveryCode);
    add(line);
  }

  /**
   * Whether the file holds a recovery code of {@code username} (kept by this batch or an earlier one). A whole pass
   * over the file: for the rare row that confirmed without a code of its own.
   *
   * @throws IOException when the file cannot be read
   */
  boolean holds(String username) throws IOException {
    return holds("username", username);
  }
}
