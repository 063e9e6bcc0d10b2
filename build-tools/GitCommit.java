import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Build step (run by the cli pom as a single-file program, {@code java build-tools/GitCommit.java ROOT OUT}): writes
 * the commit the build is made from to a properties file that {@code mfa --version} reads.
 *
 * <p>The commit comes from the files under {@code .git} (HEAD, loose refs, packed-refs; a linked worktree's
 * {@code .git} file and {@code commondir} too), so no network and no git program are needed. Whether the working tree
 * has changes not committed is asked of {@code git status} when git is installed, and left out otherwise. Outside a
 * git checkout (a source archive), or in a repository this reader does not understand, the file says so: a build
 * never fails over it.
 */
public final class GitCommit {
  private GitCommit() {}

  /**
   * Writes {@code commit=} (40 hex digits, or empty when unknown) and {@code changes=} ({@code yes}, {@code no}, or
   * empty when unknown).
   *
   * @param args the repository root, then the properties file to write
   * @throws IOException when the file cannot be written
   */
  public static void main(String[] args) throws IOException, InterruptedException {
    Path root = Path.of(args[0]).toAbsolutePath().normalize();
    Path out = Path.of(args[1]);
    String commit = commit(root);
    String changes = commit.isEmpty() ? "" : changes(root);
    Files.createDirectories(out.toAbsolutePath().getParent());
    Files.writeString(out, "# Written by build-tools/GitCommit.java\ncommit=" + commit + "\nchanges=" + changes
        + "\n", StandardCharsets.ISO_8859_1);
  }

  /** The commit HEAD points at, or "" when there is no readable repository. */
  static String commit(Path root) {
    try {
      Path dotGit = root.resolve(".git");
      Path gitDir;
      if (Files.isDirectory(dotGit)) {
        gitDir = dotGit;
      } else if (Files.isRegularFile(dotGit)) {
        String pointer = Files.readString(dotGit, StandardCharsets.UTF_8).strip();
        if (!pointer.startsWith("gitdir:")) {
          return "";
        }
        gitDir = root.resolve(pointer.substring("gitdir:".length()).strip()).normalize();
      } else {
        return "";
      }
      Path commonDir = gitDir;
      Path common = gitDir.resolve("commondir");
      if (Files.isRegularFile(common)) {
        commonDir = gitDir.resolve(Files.readString(common, StandardCharsets.UTF_8).strip()).normalize();
      }
      String head = Files.readString(gitDir.resolve("HEAD"), StandardCharsets.UTF_8).strip();
      for (int depth = 0; depth < 10 && head.startsWith("ref:"); depth++) {
        head = ref(gitDir, commonDir, head.substring("ref:".length()).strip());
      }
      return head.matches("[0-9a-f]{40}") ? head : "";
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** A ref's target: a loose ref file (the worktree's own, then the shared one), else a line of packed-refs. */
  private static String ref(Path gitDir, Path commonDir, String name) throws IOException {
    for (Path dir : List.of(gitDir, commonDir)) {
      Path loose = dir.resolve(name);
      if (Files.isRegularFile(loose)) {
        return Files.readString(loose, StandardCharsets.UTF_8).strip();
      }
    }
    Path packed = commonDir.resolve("packed-refs");
    if (Files.isRegularFile(packed)) {
      for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
        String[] parts = line.split(" ");
        if (parts.length == 2 && parts[1].equals(name)) {
          return parts[0];
        }
      }
    }
    return "";
  }

  /** "yes" when tracked or new files differ from the commit, "no" when not, "" when git cannot say. */
  private static String changes(Path root) throws InterruptedException {
    try {
      Process git = new ProcessBuilder("git", "-C", root.toString(), "status", "--porcelain")
          .redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.PIPE).start();
      git.getOutputStream().close();
      byte[] output = git.getInputStream().readAllBytes();
      if (!git.waitFor(30, TimeUnit.SECONDS) || git.exitValue() != 0) {
        git.destroyForcibly();
        return "";
      }
      return output.length == 0 ? "no" : "yes";
    } catch (IOException e) {
      return ""; // no git program
    }
  }
}
