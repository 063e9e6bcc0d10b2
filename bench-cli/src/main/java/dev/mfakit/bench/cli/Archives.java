package dev.mfakit.bench.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Waits for the archive that mfa's launcher trains in the background after a first run (see ../mfa). */
final class Archives {
  private static final long DEADLINE_SECONDS = 300;

  private Archives() {}

  /**
   * The one archive in {@code cache} ({@code mfa-*.jsa} or {@code mfa-*.aot}) once no training runs there.
   *
   * @throws IllegalStateException when the training failed or took longer than five minutes
   */
  static Path await(Path cache) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (System.nanoTime() < deadline) {
      List<Path> files = files(cache);
      if (files.stream().anyMatch(f -> f.toString().endsWith(".failed"))) {
        throw new IllegalStateException("mfa's archive training failed in " + cache + ": " + files);
      }
      List<Path> archives = files.stream().filter(f -> f.getFileName().toString().matches("mfa-.*\\.(jsa|aot)"))
          .toList();
      if (archives.size() == 1 && files.stream().noneMatch(f -> f.toString().endsWith(".lock"))) {
        return archives.get(0);
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("no archive in " + cache + " after " + DEADLINE_SECONDS + " s: " + files(cache));
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }
}
