package dev.mfakit.cli;

import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A pseudo-terminal for a shell command ({@code script} from util-linux), where a typed Ctrl-C reaches the command as
 * SIGINT from the terminal's line discipline, as it would for a person; and the screen it shows, read as it comes.
 */
final class Terminal {
  private Terminal() {}

  /**
   * The argument list that runs {@code shellCommand} on a new terminal, with SIGINT at its default: a build started in
   * the background by a non-interactive shell ({@code mvn verify &}, {@code nohup}, some CI runners) inherits it
   * ignored, an ignored signal stays ignored through exec, and the terminal's ^C would reach no one. Perl (Debian's
   * perl-base is essential) sets it back before the terminal is made. Skips the test where neither can be had.
   *
   * @param shellCommand what {@code sh -c} runs on the terminal
   * @return the argument list for a {@link ProcessBuilder}
   * @throws IOException if /proc/self/status cannot be read
   */
  static List<String> command(String shellCommand) throws IOException {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "no util-linux script to make a terminal");
    List<String> command = new ArrayList<>(List.of("script", "-qfec", shellCommand, "/dev/null"));
    if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
      command.addAll(0, List.of("/usr/bin/perl", "-e",
          "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\\n\";"));
    } else {
      assumeFalse(sigintIgnored(), "SIGINT is ignored in this build's process (started in the background?) and"
          + " there is no perl to set it back, so a terminal's Ctrl-C could not be tried");
    }
    return command;
  }

  /** Whether this process ignores SIGINT (signal 2: bit 1 of the SigIgn mask in /proc/self/status). */
  private static boolean sigintIgnored() throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
      if (line.startsWith("SigIgn:")) {
        return (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0;
      }
    }
    return false;
  }

  /**
   * Copies what the terminal shows into {@code screen} until it closes (run it on a thread of its own).
   *
   * @param in the process's output
   * @param screen where it goes; read it with {@link #text}
   */
  static void copy(InputStream in, ByteArrayOutputStream screen) {
    byte[] buf = new byte[4096];
    try {
      for (int n; (n = in.read(buf)) > 0; ) {
        synchronized (screen) {
          screen.write(buf, 0, n);
        }
      }
    } catch (IOException e) {
      // the terminal closed
    }
  }

  /**
   * What the terminal has shown so far.
   *
   * @param screen filled by {@link #copy}
   * @return its text
   */
  static String text(ByteArrayOutputStream screen) {
    synchronized (screen) {
      return screen.toString(StandardCharsets.UTF_8);
    }
  }
}
