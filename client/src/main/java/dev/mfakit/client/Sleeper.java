package dev.mfakit.client;

import java.time.Duration;

/**
 * Waits between retries and push polls. Injectable so tests never sleep for real.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Blocks the calling thread for {@code duration}.
   *
   * @param duration how long to wait, never negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /**
   * The default sleeper: {@link Thread#sleep(long)}.
   *
   * @return a sleeper that really blocks
   */
  static Sleeper system() {
    return duration -> Thread.sleep(duration.toMillis());
  }
}
