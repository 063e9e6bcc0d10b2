package dev.mfakit.cli.io;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** How many columns the controlling terminal has, as {@code stty size} reads it from {@code /dev/tty}. */
public final class TerminalWidth {
  private TerminalWidth() {}

  /**
   * The terminal's width.
   *
   * @return the number of columns, or 0 when there is no terminal or it cannot be told
   */
  public static int columns() {
    try {
      Process p = new ProcessBuilder("stty", "size").redirectInput(ProcessBuilder.Redirect.from(new File("/dev/tty")))
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String size = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
      if (p.waitFor() != 0 || !size.matches("\\d+ \\d+")) {
        return 0;
      }
      return Integer.parseInt(size.substring(size.indexOf(' ') + 1));
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
