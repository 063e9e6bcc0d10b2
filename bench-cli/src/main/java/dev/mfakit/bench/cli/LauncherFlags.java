package dev.mfakit.bench.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The JVM options {@code ./mfa} passes to java, found by running it once with {@code JAVA_HOME} pointing at a stand-in
 * java that records its arguments and exits. Reading them this way keeps the hello-world baseline in step with
 * whatever the launcher does today (it is being tuned), without parsing shell.
 *
 * @param options every option before {@code -jar} / {@code -cp}, in order
 * @param forHelloWorld the same without the class-data-sharing options that name mfa's own archive (a hello-world
 *     cannot use an archive of mfa's classes; it gets the JDK's default CDS archive, like any java command)
 */
record LauncherFlags(List<String> options, List<String> forHelloWorld) {
  private static final Set<String> CLASSPATH_OR_JAR = Set.of("-jar", "-cp", "-classpath", "--class-path");

  /**
   * Runs {@code launcher --version} against a recording stand-in java in {@code scratch}.
   *
   * @throws IOException when the launcher did not call java through {@code $JAVA_HOME/bin/java}
   */
  static LauncherFlags probe(Path launcher, Map<String, String> environment, Path scratch)
      throws IOException, InterruptedException {
    Path bin = Files.createDirectories(scratch.resolve("recording-java/bin"));
    Path record = scratch.resolve("recording-java/args");
    Path java = bin.resolve("java");
    Files.writeString(
        java,
        "#!/bin/sh\n{ echo '--- java'; for a in \"$@\"; do printf '%s\\n' \"$a\"; done; } >> \"$MFA_BENCH_ARGS\"\n",
        StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwx------"));

    Map<String, String> env = new HashMap<>(environment);
    env.put("JAVA_HOME", bin.getParent().toString());
    env.put("MFA_BENCH_ARGS", record.toString());
    ProcessBuilder builder =
        new ProcessBuilder(launcher.toString(), "--version")
            .directory(launcher.getParent().toFile())
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException(launcher + " did not finish with a stand-in java");
    }
    if (!Files.exists(record)) {
      throw new IOException(launcher + " did not run $JAVA_HOME/bin/java");
    }
    return parse(Files.readAllLines(record, StandardCharsets.UTF_8));
  }

  /** The options of the last java invocation that runs a jar or class path (a launcher may call java more than once). */
  static LauncherFlags parse(List<String> recorded) throws IOException {
    List<String> options = null;
    List<String> current = null;
    for (String line : recorded) {
      if (line.equals("--- java")) {
        current = new ArrayList<>();
      } else if (current != null) {
        if (CLASSPATH_OR_JAR.contains(line)) {
          options = current;
          current = null; // the rest are the program's own arguments
        } else {
          current.add(line);
        }
      }
    }
    if (options == null) {
      throw new IOException("the launcher never ran java -jar or -cp");
    }
    List<String> forHelloWorld = new ArrayList<>();
    for (String option : options) {
      if (!isArchiveOption(option)) {
        forHelloWorld.add(option);
      }
    }
    return new LauncherFlags(List.copyOf(options), List.copyOf(forHelloWorld));
  }

  private static boolean isArchiveOption(String option) {
    return option.startsWith("-XX:SharedArchiveFile")
        || option.startsWith("-XX:ArchiveClassesAtExit")
        || option.contains("AutoCreateSharedArchive")
        || option.startsWith("-XX:SharedClassListFile")
        || option.startsWith("-Xshare");
  }
}
