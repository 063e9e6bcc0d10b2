package dev.mfakit.bench.cli;

import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Starts whole processes and measures them: wall time with {@link System#nanoTime()} from just before start to just
 * after exit, and peak memory through GNU time ({@code /usr/bin/time -f %M}, the child's maximum RSS from the kernel's
 * rusage) when it is installed. Every command, baseline or ours, goes through the same wrapper, so its small cost
 * (one extra fork/exec, about a millisecond) is the same on both sides.
 *
 * <p>Output goes to files rather than pipes: the child can never block on a full pipe, and nothing competes with it
 * for the CPU while it runs (a pipe needs a reader thread). Stdin is {@code /dev/null}.
 */
final class Child {
  private static final Path GNU_TIME = Path.of("/usr/bin/time");

  private final Path directory;
  private final Map<String, String> environment;
  private final Path stdout;
  private final Path stderr;
  private final Path rss;
  private final boolean measuresMemory;

  /**
   * @param directory the working directory of every child
   * @param environment the whole environment of every child (nothing is inherited)
   * @param scratch a private directory for the output files
   */
  Child(Path directory, Map<String, String> environment, Path scratch) {
    this.directory = directory;
    this.environment = Map.copyOf(environment);
    this.stdout = scratch.resolve("stdout");
    this.stderr = scratch.resolve("stderr");
    this.rss = scratch.resolve("rss");
    this.measuresMemory = Files.isExecutable(GNU_TIME);
  }

  /** Whether peak memory is measured (GNU time is installed). */
  boolean measuresMemory() {
    return measuresMemory;
  }

  /**
   * Runs {@code command} and checks its exit status.
   *
   * @throws IllegalStateException when it exits with another status than {@code expectedExit}; the message has the
   *     command's stderr (mfa never prints a secret there)
   */
  Sample run(List<String> command, int expectedExit) throws IOException, InterruptedException {
    return run(command, expectedExit, Map.of());
  }

  /**
   * Runs {@code command} with {@code extra} added to (or replacing) the environment, and checks its exit status.
   *
   * @throws IllegalStateException when it exits with another status than {@code expectedExit}
   */
  Sample run(List<String> command, int expectedExit, Map<String, String> extra)
      throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>();
    if (measuresMemory) {
      argv.addAll(List.of(GNU_TIME.toString(), "-o", rss.toString(), "-f", "%M"));
    }
    argv.addAll(command);
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .directory(directory.toFile())
            .redirectInput(Redirect.from(new File("/dev/null")))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().clear();
    builder.environment().putAll(environment);
    builder.environment().putAll(extra);

    long start = System.nanoTime();
    Process process = builder.start();
    int exit = process.waitFor();
    long nanos = System.nanoTime() - start;

    if (exit != expectedExit) {
      throw new IllegalStateException(
          String.join(" ", command) + ": exit " + exit + ", expected " + expectedExit + "\n"
              + Files.readString(stderr, StandardCharsets.UTF_8));
    }
    return new Sample(nanos, measuresMemory ? peakRss() : -1, Files.readString(stdout, StandardCharsets.UTF_8));
  }

  /** GNU time writes "Command exited with non-zero status N" first when the status is not 0: the figure is last. */
  private long peakRss() throws IOException {
    List<String> lines = Files.readAllLines(rss, StandardCharsets.UTF_8);
    for (int i = lines.size() - 1; i >= 0; i--) {
      String line = lines.get(i).strip();
      if (!line.isEmpty()) {
        return Long.parseLong(line);
      }
    }
    throw new IOException("no figure from /usr/bin/time");
  }
}
