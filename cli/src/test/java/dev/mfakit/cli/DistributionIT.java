package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The installable command as a user gets it: the archives the build made, one unpacked into a temporary directory,
 * {@code bin/mfa} linked into a directory on the PATH and run by name from another working directory, with a home
 * and a cache directory of its own.
 */
class DistributionIT {
  private static final String VERSION = System.getProperty("mfa.version", "0.1.0-SNAPSHOT");
  private static final Path TAR = Path.of(System.getProperty("mfa.dist", "target/mfa-" + VERSION + ".tar.gz"))
      .toAbsolutePath();
  private static final Path ZIP = TAR.resolveSibling("mfa-" + VERSION + ".zip");
  private static final Path REPOSITORY = Path.of(System.getProperty("mfa.launcher", "../mfa")).toAbsolutePath()
      .normalize().getParent();
  private static final String TOP = "mfa-" + VERSION + "/";

  @TempDir Path dir;

  /** A first run leaves a training running in the background: it must end before the test's directory goes. */
  @org.junit.jupiter.api.AfterEach
  void noTrainingOutlivesTheTest() throws Exception {
    Archives.awaitIdle(dir);
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  @Test
  void bothArchivesHoldTheCommandItsPagesItsCompletionAndTheDocsTheReadmeLinks() throws Exception {
    Set<String> expected = new TreeSet<>(List.of("bin/mfa", "bin/mfa.cmd", "lib/mfa.jar", "completion/mfa.bash",
        "README.md", "LICENSE", "BENCHMARKS.md", "CHANGELOG.md", "sandbox/README.md", "examples/README.md"));
    for (String page : manPages()) {
      expected.add("man/man1/" + page);
    }
    for (String dirOfRepository : List.of("docs", "examples/src/main/java/dev/mfakit/examples")) {
      try (var listed = Files.list(REPOSITORY.resolve(dirOfRepository))) {
        listed.map(f -> dirOfRepository + "/" + f.getFileName())
            .filter(f -> f.endsWith(".md") || f.endsWith(".java")).forEach(expected::add);
      }
    }

    assertEquals(expected, files(tarEntries()), "tar.gz");
    assertEquals(expected, files(zipEntries()), "zip");
  }

  /** Every relative link of every Markdown file in the archive (the README first) leads to a file in it. */
  @Test
  void everyLinkOfTheShippedDocsLeadsToAShippedFile() throws Exception {
    Set<String> shipped = files(tarEntries());
    Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
    Result untar = exec(List.of("tar", "-xzf", TAR.toString(), "-C", unpacked.toString()), dir, Map.of());
    assertEquals(0, untar.exit(), untar::toString);
    java.util.regex.Pattern link = java.util.regex.Pattern.compile("\\]\\(([^)\\s]+)\\)");
    List<String> broken = new ArrayList<>();
    int followed = 0;
    for (String md : shipped.stream().filter(f -> f.endsWith(".md")).toList()) {
      var m = link.matcher(Files.readString(unpacked.resolve(TOP + md), StandardCharsets.UTF_8));
      while (m.find()) {
        String target = m.group(1).replaceFirst("#.*", "");
        if (target.isEmpty() || target.matches("[a-z]+:.*")) {
          continue; // an anchor in the same file, or an absolute URL
        }
        followed++;
        String resolved = Path.of(md).resolveSibling(target).normalize().toString();
        if (!shipped.contains(resolved)) {
          broken.add(md + " -> " + target);
        }
      }
    }
    assertEquals(List.of(), broken, "links to files the archive lacks");
    assertTrue(followed >= 10, "the README's links were followed: " + followed);
  }

  @Test
  void unpackedAndLinkedItRunsFromAnyDirectoryAndItsSecondRunUsesTheArchiveTheFirstMade() throws Exception {
    Path bin = install();
    Path cache = dir.resolve("cache");

    // First run of a fresh cache: no archive of mfa's classes yet, and the launcher starts making one.
    Path firstLog = dir.resolve("first.log");
    Result first = mfa(bin, cache, firstLog, "associate", "--sandbox", "--phone", "+15555550100");
    assertJourney(first);
    Result version = mfa(bin, cache, null, "--version");
    assertVersion(version);
    Path archive = Archives.awaitOne(cache.resolve("mfakit"));

    Path secondLog = dir.resolve("second.log");
    Result second = mfa(bin, cache, secondLog, "associate", "--sandbox", "--phone", "+15555550100");
    assertJourney(second);
    assertEquals(version, mfa(bin, cache, null, "--version"));

    ClassLoads before = ClassLoads.of(firstLog);
    ClassLoads after = ClassLoads.of(secondLog);
    for (String c : List.of("dev.mfakit.cli.Main", "dev.mfakit.client.MfaClient", "dev.mfakit.sandbox.SandboxTenant",
        "okhttp3.OkHttpClient", "com.squareup.moshi.JsonReader", "picocli.CommandLine")) {
      assertTrue(before.fromJar(c), c + " was not loaded from the jar on the first run: " + before);
      assertTrue(after.shared(c), c + " was not loaded from " + archive + " on the second run: " + after);
    }
    assertEquals(0, before.sharedOurs(), "the first run used an archive of mfa's classes: " + before);
    assertTrue(after.sharedOurs() > 500, "the second run took few of mfa's classes from the archive: " + after);
  }

  /** README's Install lines, run as written from the repository root by a user with a fresh home. */
  @Test
  void theReadmeInstallLinesWorkAsWritten() throws Exception {
    List<String> lines = installBlock(Files.readString(REPOSITORY.resolve("README.md"), StandardCharsets.UTF_8));
    Path home = Files.createDirectories(dir.resolve("reader"));

    Result install = exec(List.of("bash", "-euo", "pipefail", "-c", String.join("\n", lines)), REPOSITORY,
        Map.of("HOME", home.toString()));
    assertEquals(0, install.exit(), install::toString);
    Result again = exec(List.of("bash", "-euo", "pipefail", "-c", String.join("\n", lines)), REPOSITORY,
        Map.of("HOME", home.toString()));
    assertEquals(0, again.exit(), () -> "installing twice: " + again);

    Path cache = dir.resolve("reader-cache");
    Result version = exec(List.of("sh", "-c", "cd && exec mfa --version"), dir, Map.of("HOME", home.toString(),
        "PATH", home.resolve(".local/bin") + File.pathSeparator + System.getenv("PATH"),
        "XDG_CACHE_HOME", cache.toString()));
    assertVersion(version);
    Archives.awaitOne(cache.resolve("mfakit")); // no training left running after the test
  }

  /** README's lines for the shell's startup file: then mfa is found by name, and its pages by man. */
  @Test
  void theReadmeShellLinesPutMfaAndItsPagesWhereTheyAreFound() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man is installed");
    String readme = Files.readString(REPOSITORY.resolve("README.md"), StandardCharsets.UTF_8);
    Path home = Files.createDirectories(dir.resolve("reader"));
    Result install = exec(List.of("bash", "-euo", "pipefail", "-c", String.join("\n", installBlock(readme))),
        REPOSITORY, Map.of("HOME", home.toString()));
    assertEquals(0, install.exit(), install::toString);
    String setup = String.join("\n", block(readme, "<!-- shell-setup -->"));

    // A login shell's PATH without ~/.local/bin, as the user had it.
    Result found = exec(List.of("bash", "-c", setup + "\ncommand -v mfa && man -w mfa && man -w mfa-associate"
        + " && man -w ls"), dir, Map.of("HOME", home.toString(), "PATH", "/usr/local/bin:/usr/bin:/bin"));

    assertEquals(0, found.exit(), found::toString);
    List<String> lines = found.out().lines().toList();
    assertEquals(home.resolve(".local/bin/mfa").toString(), lines.get(0));
    assertTrue(lines.get(1).startsWith(home + "/.local/opt/mfa-") && lines.get(1).endsWith("/man/man1/mfa.1"),
        found::toString);
    assertTrue(lines.get(2).endsWith("/man/man1/mfa-associate.1"), found::toString);
    assertTrue(lines.get(3).startsWith("/usr/share/man/"), "the system's pages stay: " + found);
  }

  /** The lines of the sh block that follows {@code <!-- install -->}. */
  private static List<String> installBlock(String markdown) {
    List<String> block = block(markdown, "<!-- install -->");
    assertTrue(block.size() >= 2 && block.size() <= 3, "two or three lines to install: " + block);
    return block;
  }

  /** The lines of the sh block that follows {@code marker}. */
  private static List<String> block(String markdown, String marker) {
    List<String> all = markdown.lines().toList();
    int at = all.indexOf(marker);
    assertTrue(at >= 0 && all.get(at + 1).equals("```sh"), "README.md has no " + marker + " sh block");
    List<String> block = new ArrayList<>();
    for (int i = at + 2; !all.get(i).startsWith("```"); i++) {
      block.add(all.get(i));
    }
    return block;
  }

  @Test
  void theCompletionScriptRegistersMfa() throws Exception {
    Path home = install().getParent().getParent();
    Path script = Files.list(home.resolve("opt")).findFirst().orElseThrow().resolve("completion/mfa.bash");

    Result r = exec(List.of("bash", "-c", "source \"$1\" && complete -p mfa", "bash", script.toString()), dir,
        Map.of());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().matches("complete .*-F _complete_mfa .*mfa\\n"), r::toString);
  }

  /** Unpacks the tar.gz under dir/home/opt and links bin/mfa as dir/home/.local/bin/mfa; returns that bin. */
  private Path install() throws Exception {
    Path home = Files.createDirectories(dir.resolve("home"));
    Path opt = Files.createDirectories(home.resolve("opt"));
    Result untar = exec(List.of("tar", "-xzf", TAR.toString(), "-C", opt.toString()), dir, Map.of());
    assertEquals(0, untar.exit(), untar::toString);
    Path launcher = opt.resolve(TOP + "bin/mfa");
    assertTrue(Files.isExecutable(launcher), launcher + " is not executable");
    Path bin = Files.createDirectories(home.resolve(".local/bin"));
    Files.createSymbolicLink(bin.resolve("mfa"), launcher);
    return bin;
  }

  /**
   * Runs {@code mfa} by name from the PATH (bin first), in a working directory of its own, with no console, a fresh
   * home and {@code XDG_CACHE_HOME=cache}; with a class-load log when {@code log} is not null.
   */
  private Result mfa(Path bin, Path cache, Path log, String... args) throws Exception {
    Path work = Files.createDirectories(dir.resolve("work"));
    List<String> cmd = new ArrayList<>(List.of("sh", "-c", "exec mfa \"$@\"", "mfa"));
    cmd.addAll(List.of(args));
    Map<String, String> env = new java.util.HashMap<>();
    env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    env.put("HOME", bin.getParent().getParent().toString());
    env.put("XDG_CACHE_HOME", cache.toString());
    if (log != null) {
      env.put("MFA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
    }
    return exec(cmd, work, env);
  }

  /** Runs {@code cmd} in {@code workingDirectory}; its output goes to files in the test's directory. */
  private Result exec(List<String> cmd, Path workingDirectory, Map<String, String> env) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(workingDirectory.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    for (String unset : List.of("XDG_CONFIG_HOME", "MFA_TOKEN", "AUTH0_DOMAIN", "AUTH0_CLIENT_ID",
        "AUTH0_CLIENT_SECRET", "MFA_JAVA_OPTS", "JAVA_TOOL_OPTIONS")) {
      pb.environment().remove(unset);
    }
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static void assertJourney(Result r) {
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().matches("SMS authenticator sms\\|dev_\\w+ is active \\(X{8}0100\\)\\.\\n"
        + "Recovery code: [0-9A-Z]{24}\\n"), r::toString);
    assertTrue(r.err().contains("[sandbox] SMS to +1******0100: code "), r::toString);
  }

  /** The version, the commit this checkout is at (when git can say), and the Java that runs it. */
  private static void assertVersion(Result r) throws Exception {
    assertEquals(0, r.exit(), r::toString);
    assertEquals("", r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r::toString);
    assertEquals("mfa " + VERSION, lines.get(0));
    String head = gitHead();
    if (head != null) {
      assertTrue(lines.get(1).equals("commit " + head) || lines.get(1).equals("commit " + head
          + " (with changes not committed)"), () -> lines.get(1) + " is not HEAD " + head);
    } else {
      assertTrue(lines.get(1).startsWith("commit "), r::toString);
    }
    assertEquals("Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor")
        + ") at " + System.getProperty("java.home"), lines.get(2));
  }

  /** HEAD of the repository the build ran in, from git itself; null without git or outside a checkout. */
  private static String gitHead() throws InterruptedException {
    try {
      Process git = new ProcessBuilder("git", "-C", REPOSITORY.toString(), "rev-parse", "HEAD")
          .redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
      return git.waitFor() == 0 && out.matches("[0-9a-f]{40}") ? out : null;
    } catch (IOException noGit) {
      return null;
    }
  }

  /** One page per command of the picocli model: mfa.1, mfa-associate.1, mfa-authenticators-list.1, ... */
  private static List<String> manPages() {
    CommandLine root = Main.newCommandLine(new Cli(Path.of(".")).context(new StringWriter(), new StringWriter()));
    List<String> pages = new ArrayList<>();
    collect(root, "mfa", pages);
    Collections.sort(pages);
    return pages;
  }

  private static void collect(CommandLine cl, String name, List<String> pages) {
    pages.add(name + ".1");
    cl.getSubcommands().forEach((sub, child) -> {
      if (child.getCommandSpec().name().equals(sub)) { // aliases would repeat a command
        collect(child, name + "-" + sub, pages);
      }
    });
  }

  private static Set<String> files(List<String> entries) {
    Set<String> files = new TreeSet<>();
    for (String e : entries) {
      assertTrue(e.startsWith(TOP), e + " is not under " + TOP);
      if (!e.endsWith("/")) {
        files.add(e.substring(TOP.length()));
      }
    }
    return files;
  }

  private List<String> tarEntries() throws Exception {
    Result r = exec(List.of("tar", "-tzf", TAR.toString()), dir, Map.of());
    assertEquals(0, r.exit(), r::toString);
    return r.out().lines().toList();
  }

  private static List<String> zipEntries() throws IOException {
    try (ZipFile zip = new ZipFile(ZIP.toFile())) {
      return zip.stream().map(e -> e.getName()).toList();
    }
  }

  /** Where each class came from, read from a {@code -Xlog:class+load} file. */
  record ClassLoads(Map<String, String> sources) {
    static ClassLoads of(Path log) throws IOException {
      Map<String, String> sources = new java.util.HashMap<>();
      // "[0.012s][info][class,load] dev.mfakit.cli.Main source: shared objects file (top)"
      for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
        int at = line.indexOf("[class,load] ");
        int source = line.indexOf(" source: ");
        if (at >= 0 && source > at) {
          sources.put(line.substring(at + "[class,load] ".length(), source), line.substring(source + 9));
        }
      }
      return new ClassLoads(sources);
    }

    boolean shared(String c) {
      return sources.getOrDefault(c, "").startsWith("shared objects file");
    }

    boolean fromJar(String c) {
      return sources.getOrDefault(c, "").contains("mfa.jar");
    }

    /** Classes of the jar (ours and those shaded in) that came from an archive. */
    long sharedOurs() {
      return sources.entrySet().stream()
          .filter(e -> e.getValue().startsWith("shared objects file") && !e.getKey().startsWith("java")
              && !e.getKey().startsWith("jdk.") && !e.getKey().startsWith("sun.") && !e.getKey().startsWith("com.sun."))
          .count();
    }

    @Override
    public String toString() {
      long shared = sources.values().stream().filter(s -> s.startsWith("shared objects file")).count();
      return sources.size() + " classes, " + shared + " from an archive, " + sharedOurs() + " of them mfa's";
    }
  }
}
