package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every file {@code mfa} reads, inside a directory the user may not enter: the message says permission denied and
 * names that directory, never "does not exist" (which sends the user looking for a typo). Through the packaged jar in
 * a process of its own, run as an ordinary user: root may enter any directory, so when the build runs as root the
 * runs drop to {@code nobody} ({@code setpriv}).
 */
class ClosedDirectoryIT {
  private static final Path JAR = Path.of(System.getProperty("mfa.jar", "target/mfa.jar")).toAbsolutePath();
  private static final boolean ROOT = "root".equals(System.getProperty("user.name"));

  @TempDir Path dir;

  /** One input option, given a file inside the closed directory. */
  record Input(String name, Function<Path, List<String>> args) {
    @Override
    public String toString() {
      return name;
    }
  }

  static List<Input> inputs() {
    String domain = "http://127.0.0.1:9";
    return List.of(
        new Input("--password-file", f -> List.of("associate", "--domain", domain, "--client-id", "c", "-u",
            "jane@example.com", "--password-file", f.toString(), "--phone", "+15551234567", "--no-input", "--state",
            "s.json")),
        new Input("--client-secret-file", f -> List.of("login", "--domain", domain, "--client-id", "c", "-u",
            "jane@example.com", "--password-file", "pw.txt", "--client-secret-file", f.toString())),
        new Input("--private-key-file", f -> List.of("login", "--domain", domain, "--client-id", "c", "-u",
            "jane@example.com", "--password-file", "pw.txt", "--private-key-file", f.toString())),
        new Input("--mfa-token-file", f -> List.of("verify", "--domain", domain, "--client-id", "c",
            "--mfa-token-file", f.toString(), "--otp", "123456")),
        new Input("--access-token-file", f -> List.of("authenticators", "delete", "sms|dev_abc", "--domain", domain,
            "--client-id", "c", "--access-token-file", f.toString())),
        new Input("--state", f -> List.of("verify", "--state", f.toString(), "--code", "123456")),
        new Input("--secret-file", f -> List.of("otp", "--secret-file", f.toString())),
        new Input("--ca-file", f -> List.of("login", "--domain", "https://acme.us.auth0.com", "--client-id", "c",
            "-u", "jane@example.com", "--password-file", "pw.txt", "--ca-file", f.toString())),
        new Input("mfa batch FILE", f -> List.of("batch", f.toString(), "--domain", domain, "--client-id", "c",
            "--password-file", "pw.txt", "--recovery-codes-file", "rc.jsonl", "--send-only")),
        new Input("mfa batch --codes", f -> List.of("batch", "users.csv", "--domain", domain, "--client-id", "c",
            "--password-file", "pw.txt", "--recovery-codes-file", "rc.jsonl", "--codes", f.toString())));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inputs")
  void aFileInADirectoryTheUserMayNotEnterIsPermissionDeniedNamingThatDirectory(Input input) throws Exception {
    // The user's own directory (its working directory and HOME), and a closed one beside it.
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
    Path home = Files.createDirectories(dir.resolve("home"));
    Files.writeString(home.resolve("pw.txt"), "pw\n");
    Files.setPosixFilePermissions(home.resolve("pw.txt"), PosixFilePermissions.fromString("rw-------"));
    Files.writeString(home.resolve("users.csv"), "username,phone\njane@example.com,+15551234567\n");
    Path closed = Files.createDirectories(dir.resolve("closed"));
    Path file = Files.writeString(closed.resolve("input.txt"), "what it holds does not matter\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    if (ROOT) {
      UserPrincipalLookupService users = home.getFileSystem().getUserPrincipalLookupService();
      for (Path p : List.of(home, home.resolve("pw.txt"), home.resolve("users.csv"))) {
        Files.setOwner(p, users.lookupPrincipalByName("nobody"));
      }
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------")); // root's own
    } else {
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("---------"));
    }

    try {
      Result r = run(home, input.args().apply(file));

      assertEquals(2, r.exit(), r::toString);
      assertFalse(r.err().contains("does not exist"), r::toString);
      String line = r.err().strip();
      assertEquals(1, r.err().lines().count(), r::toString);
      assertEquals(true, line.contains(file + " cannot be read (permission denied: you may not enter " + closed
          + ")") && line.contains("heck the owner and mode of " + closed), r::toString);
      assertEquals("", r.out(), r::toString);
    } finally {
      Files.setPosixFilePermissions(closed, PosixFilePermissions.fromString("rwx------"));
    }
  }

  /** {@code java -jar mfa.jar ARGS} in {@code home}, as an ordinary user. */
  private static Result run(Path home, List<String> args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    if (ROOT) {
      cmd.addAll(List.of("setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"));
    }
    cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:off", "-jar",
        JAR.toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.keySet().removeIf(k -> k.startsWith("AUTH0_") || k.startsWith("MFA_") || k.startsWith("XDG_"));
    env.put("HOME", home.toString());
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }
}
