package dev.mfakit.cli.batch;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/**
 * The usernames seen so far, for the duplicate check, in 20 bytes a slot whatever their length: 128 bits of each
 * username's SHA-256 and the line it was first seen on, in an open-addressed table at most half full (a million rows:
 * 2^21 slots, 40 MB, and 20 MB more for a moment while it doubles). Two different usernames share 128 bits with a
 * chance of about 10^-27 in a million rows. Usernames compare case-insensitively, as the tenant compares them.
 */
final class UsernameSet {
  private final MessageDigest sha256;
  private long[] high = new long[1024];
  private long[] low = new long[1024];
  private int[] lines = new int[1024]; // 0 = empty slot
  private int size;

  UsernameSet() {
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Adds a username first seen on {@code line}.
   *
   * @return 0 when it is new, else the line it was first seen on
   */
  int add(String username, int line) {
    ByteBuffer digest = ByteBuffer.wrap(sha256.digest(username.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
    long h = digest.getLong();
    long l = digest.getLong();
    if (size * 2 >= lines.length) {
      grow();
    }
    int mask = lines.length - 1;
    for (int i = (int) (h & mask); ; i = (i + 1) & mask) {
      if (lines[i] == 0) {
        high[i] = h;
        low[i] = l;
        lines[i] = line;
        size++;
        return 0;
      }
      if (high[i] == h && low[i] == l) {
        return lines[i];
      }
    }
  }

  private void grow() {
    long[] oldHigh = high;
    long[] oldLow = low;
    int[] oldLines = lines;
    high = new long[oldLines.length * 2];
    low = new long[oldLines.length * 2];
    lines = new int[oldLines.length * 2];
    int mask = lines.length - 1;
    for (int j = 0; j < oldLines.length; j++) {
      if (oldLines[j] != 0) {
        int i = (int) (oldHigh[j] & mask);
        while (lines[i] != 0) {
          i = (i + 1) & mask;
        }
        high[i] = oldHigh[j];
        low[i] = oldLow[j];
        lines[i] = oldLines[j];
      }
    }
  }
}
