package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a user would: through ./mfa at the repository root, in a separate process. */
class MfaLauncherIT {
  private static final Path LAUNCHER = Path.of(System.getProperty("mfa.launcher", "../mfa")).toAbsolutePath()
      .normalize();

  @TempDir Path dir;

  /** Runs a program with no console (stdin from /dev/null), a clean config home, and the test's Java. */
  private static Result run(Path program, Path home, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(program.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", home.toString());
    pb.environment().remove("XDG_CONFIG_HOME");
    pb.environment().remove("MFA_TOKEN");
    pb.environment().remove("AUTH0_DOMAIN");
    Path out = home.resolve("out.txt");
    Path err = home.resolve("err.txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  @Test
  void theWholeJourneyOnAFreshMachineWithNoConsole() throws Exception {
    Result r = run(LAUNCHER, dir, "associate", "--sandbox", "--phone", "+15555550100");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().matches("SMS authenticator sms\\|dev_\\w+ is active \\(\\+1\\*{6}0100\\)\\.\\n"
        + "Recovery code: [0-9A-Z]{24}\\n"), r::toString);
    assertTrue(r.err().contains("[sandbox] SMS to +1******0100: code "), r::toString);
    assertTrue(r.err().contains("using the code from the sandbox outbox"), r::toString);
  }

  @Test
  void versionAndUsageErrorsThroughTheLauncher() throws Exception {
    Result version = run(LAUNCHER, dir, "--version");
    Result unknown = run(LAUNCHER, dir, "associate", "--phon", "+15555550100");

    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().startsWith("mfa "), version::toString);
    assertEquals(2, unknown.exit(), unknown::toString);
    assertEquals("mfa: unknown option '--phon'; did you mean '--phone'? (mfa associate --help)\n", unknown.err());
  }

  @Test
  void theLauncherSaysHowToBuildAMissingJar() throws Exception {
    Path copy = dir.resolve("mfa");
    Files.copy(LAUNCHER, copy);
    assertTrue(copy.toFile().setExecutable(true));

    Result r = run(copy, dir, "--version");

    assertEquals(1, r.exit(), r::toString);
    assertEquals("mfa.jar not built; run: ./mvnw -q -DskipTests package\n", r.err());
    assertEquals("", r.out());
  }
}
