package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A block of a committed Markdown file under {@code docs/} that a test generates from what it observed, between
 * {@code <!-- generated:NAME -->} and {@code <!-- /generated:NAME -->}. The test fails when the file and the run
 * disagree, so the docs cannot drift; {@code -Dmfakit.docs=update} rewrites the block instead.
 *
 * <p>The cli and client tests each hold this class, identical but for the package: sharing one copy would take a
 * module of its own (or a test-jar) for 60 lines. Change both together.
 */
final class DocBlock {
  private DocBlock() {}

  /** Checks (or, with -Dmfakit.docs=update, rewrites) block {@code name} of {@code docs/file}. */
  static void check(String file, String name, String content) {
    Path doc = repositoryRoot().resolve("docs").resolve(file);
    String begin = "<!-- generated:" + name + " -->\n";
    String end = "<!-- /generated:" + name + " -->";
    String body = content.endsWith("\n") ? content : content + "\n";
    try {
      Path out = Path.of("target", "docs", name + ".md");
      Files.createDirectories(out.getParent());
      Files.writeString(out, body);
      String text = Files.readString(doc);
      int from = text.indexOf(begin);
      int to = text.indexOf(end);
      if (from < 0 || to < from) {
        fail(doc + " has no block " + begin.strip() + " ... " + end);
      }
      String committed = text.substring(from + begin.length(), to);
      if (committed.equals(body)) {
        return;
      }
      if ("update".equals(System.getProperty("mfakit.docs"))) {
        Files.writeString(doc, text.substring(0, from + begin.length()) + body + text.substring(to));
        return;
      }
      fail(doc + ", block '" + name + "', differs from what the tests observed (" + out.toAbsolutePath()
          + "). If the change is intended, run: ./mvnw -q verify -Dmfakit.docs=update\n--- committed ---\n"
          + committed + "--- observed ---\n" + body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The directory with {@code mvnw}, found upwards from the module directory the tests run in. */
  static Path repositoryRoot() {
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.exists(p.resolve("mvnw")) && Files.isDirectory(p.resolve("docs"))) {
        return p;
      }
    }
    throw new IllegalStateException("no repository root with mvnw and docs/ above " + Path.of("").toAbsolutePath());
  }
}
