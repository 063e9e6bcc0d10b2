package dev.mfakit.cli.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code --secrets-file FILE}: the TOTP secret of every authenticator-app row, one JSON object per user, {@code
 * {"username":"jane@example.com","secret":"JBSWY3DP…"}} (base32, as {@code mfa otp} and {@code oathtool --totp -b}
 * take it); mode 0600, appended to, each line on disk before the enrollment is confirmed, so that an account a
 * script enrolled can always sign in again.
 */
public final class SecretsFile extends PrivateJsonLines {
  private SecretsFile(Path path) throws IOException {
    super("--secrets-file", path);
  }

  /**
   * Opens (creating, 0600) the file; run it before any request.
   *
   * @throws BadInput when it is readable by group or others, or cannot be written
   */
  public static SecretsFile open(Path path) throws IOException {
    return new SecretsFile(path);
  }

  /**
   * Appends the user's TOTP secret, on disk when it returns.
   *
   * @throws OutputFileFailed when it cannot be written
   */
  public void add(String username, String base32Secret) throws OutputFileFailed {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put("username", username);
    line.put("secret", base32Secret);
    add(line);
  }
}
