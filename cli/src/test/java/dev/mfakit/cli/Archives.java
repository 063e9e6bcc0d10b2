package dev.mfakit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * Waits for the class-data sharing archive that the launcher trains in the background (see ../mfa). Waiting is not a
 * timing assertion: the deadline only stops a test that would otherwise hang, and it is generous for a loaded
 * machine.
 */
final class Archives {
  private static final long DEADLINE_SECONDS = 240;
  /** The first bytes of a dynamic CDS archive, and of an AOT cache (a static archive). */
  private static final byte[] DYNAMIC = {(byte) 0xa8, (byte) 0xab, 0x0b, (byte) 0xf0};
  private static final byte[] STATIC = {(byte) 0xa2, (byte) 0xab, 0x0b, (byte) 0xf0};

  private Archives() {}

  /** The one archive in {@code cache} once its training is over (no lock left). */
  static Path awaitOne(Path cache) throws IOException, InterruptedException {
    return await(cache, archive -> true, "an archive in " + cache);
  }

  /** {@code archive} again, once a training has replaced it with one at least as new as {@code than}. */
  static Path awaitNewer(Path archive, Path than) throws IOException, InterruptedException {
    long after = Files.getLastModifiedTime(than).toMillis();
    return await(archive.getParent(), a -> a.equals(archive) && modified(a) >= after,
        archive + " made again after " + than + " changed");
  }

  /** {@code archive} again, once a training has replaced it with a real archive. */
  static Path awaitValid(Path archive) throws IOException, InterruptedException {
    return await(archive.getParent(), a -> a.equals(archive) && isArchive(a), archive + " made again");
  }

  /**
   * Waits until no training is running anywhere under {@code dir} (no lock file left), so that none outlives its
   * test and writes into a directory being deleted.
   */
  static void awaitIdle(Path dir) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (System.nanoTime() < deadline) {
      try (Stream<Path> walk = Files.walk(dir)) {
        if (walk.noneMatch(p -> p.toString().endsWith(".lock"))) {
          return;
        }
      } catch (IOException | java.io.UncheckedIOException changing) {
        // a file went away while walking: look again
      }
      Thread.sleep(100);
    }
    throw new AssertionError("a training still runs under " + dir + " after " + DEADLINE_SECONDS + " s");
  }

  private static Path await(Path cache, Predicate<Path> wanted, String what)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(DEADLINE_SECONDS);
    while (System.nanoTime() < deadline) {
      List<Path> files = files(cache);
      if (files.stream().anyMatch(f -> f.toString().endsWith(".failed"))) {
        throw new AssertionError("the training failed: " + files);
      }
      List<Path> archives = files.stream().filter(f -> f.toString().matches(".*\\.(jsa|aot)")).toList();
      boolean training = files.stream().anyMatch(f -> f.toString().endsWith(".lock"));
      if (!training && archives.size() == 1 && wanted.test(archives.get(0)) && isArchive(archives.get(0))) {
        return archives.get(0);
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no " + what + " after " + DEADLINE_SECONDS + " s: " + files(cache));
  }

  private static List<Path> files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException gone) {
      return -1;
    }
  }

  private static boolean isArchive(Path p) {
    try (InputStream in = Files.newInputStream(p)) {
      byte[] head = in.readNBytes(4);
      return Arrays.equals(head, DYNAMIC) || Arrays.equals(head, STATIC);
    } catch (IOException gone) {
      return false;
    }
  }
}
