package dev.mfakit.client;

/**
 * Receives one line per logged HTTP event. Logging is off unless a logger is set with {@link
 * MfaClient.Builder#logger(HttpLogger)}; every line it receives has already been redacted (tokens, codes,
 * secrets replaced by {@code ██}, phone numbers masked).
 */
@FunctionalInterface
public interface HttpLogger {
  /**
   * Handles one redacted log line.
   *
   * @param line the line, without a trailing newline
   */
  void log(String line);
}
