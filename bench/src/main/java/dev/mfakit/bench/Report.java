package dev.mfakit.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * One section of BENCHMARKS.md: built as Markdown, printed as it grows, and written back between its own markers
 * ({@code <!-- section:NAME -->} … {@code <!-- /section:NAME -->}) without touching the other harnesses' sections.
 */
final class Report {
  /** The exact command, from the repository root, that reproduces the sections of this harness. */
  static final String COMMAND = "./mvnw -Pbench -pl bench -am -DskipTests verify";

  private final String name;
  private final StringBuilder md = new StringBuilder();

  /** Starts the section with its title and the run's facts: command, date, Java, cores, load at start. */
  Report(String name, String title) {
    this(name, title, COMMAND);
  }

  /** The same, for a section with a command of its own. */
  Report(String name, String title, String command) {
    this.name = name;
    line("## " + title);
    line("");
    line("Command: `" + command + "`");
    line("");
    line("Run: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
        + " · `" + javaVersion() + "` · nproc " + Runtime.getRuntime().availableProcessors()
        + " · load average at start " + loadAverage());
    line("");
  }

  Report line(String text) {
    md.append(text).append('\n');
    System.out.println(text);
    return this;
  }

  /** A paragraph (with the blank line after it). */
  Report paragraph(String text) {
    return line(text).line("");
  }

  /**
   * Replaces this section's content in {@code file}; fails if the markers are missing rather than adding them
   * somewhere (the file's layout is the lead's).
   */
  void writeTo(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    String open = "<!-- section:" + name + " -->";
    String close = "<!-- /section:" + name + " -->";
    int from = text.indexOf(open);
    int to = text.indexOf(close);
    if (from < 0 || to < from) {
      throw new IllegalStateException(file + " has no section '" + name + "' (markers " + open + " … " + close + ")");
    }
    String body = md.toString().strip();
    String updated = text.substring(0, from + open.length()) + "\n" + body + "\n" + text.substring(to);
    Files.writeString(file, updated, StandardCharsets.UTF_8);
  }

  /** The 1-, 5- and 15-minute load averages, as /proc/loadavg has them. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }

  /** The first line of {@code java -version} of the JVM running the harness. */
  static String javaVersion() {
    try {
      Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      p.waitFor();
      return out.lines().findFirst().orElse("java " + System.getProperty("java.version"));
    } catch (IOException e) {
      return "java " + System.getProperty("java.version");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "java " + System.getProperty("java.version");
    }
  }

  static String fmt(String pattern, Object... args) {
    return String.format(Locale.ROOT, pattern, args);
  }
}
