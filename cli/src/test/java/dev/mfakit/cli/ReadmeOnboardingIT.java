package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * README.md's "Onboarding many users" example, run as written by bash with {@code mfa} being the packaged {@code
 * ./mfa}, against a sandbox tenant (the README starts one with {@code mfa sandbox --port 8787} in another terminal;
 * here it is this JVM's, on a free port that replaces 8787 in the text).
 */
class ReadmeOnboardingIT {
  private static final Path LAUNCHER = Path.of(System.getProperty("mfa.launcher", "../mfa")).toAbsolutePath()
      .normalize();

  @TempDir Path dir;

  /** The first runnable sh block after the heading. */
  static String example(String readme) {
    int heading = readme.indexOf("### Onboarding many users");
    int marker = readme.indexOf("<!-- runnable -->", heading);
    int start = readme.indexOf("```sh\n", marker) + "```sh\n".length();
    int end = readme.indexOf("```", start);
    assertTrue(heading >= 0 && marker > heading && start > marker && end > start, "the README has the example");
    return readme.substring(start, end);
  }

  @Test
  void theReadmeExampleEnrollsItsThreeUsers() throws Exception {
    String block = example(Files.readString(DocBlock.repositoryRoot().resolve("README.md")));
    try (SandboxTenant sandbox = SandboxTenant.start()) {
      Path bin = Files.createDirectories(dir.resolve("bin"));
      Path mfa = bin.resolve("mfa");
      Files.writeString(mfa, "#!/bin/sh\nexec '" + LAUNCHER + "' \"$@\"\n");
      Files.setPosixFilePermissions(mfa, PosixFilePermissions.fromString("rwx------"));
      Path script = dir.resolve("example.sh");
      Files.writeString(script, "set -e\n" + block.replace("8787", String.valueOf(sandbox.port())));
      ProcessBuilder pb = new ProcessBuilder("bash", script.toString()).directory(dir.toFile())
          .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
          .redirectOutput(dir.resolve("out.txt").toFile()).redirectError(dir.resolve("err.txt").toFile());
      pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
      pb.environment().put("HOME", dir.toString());
      pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
      pb.environment().remove("XDG_CONFIG_HOME");
      pb.environment().remove("AUTH0_DOMAIN");
      pb.environment().remove("MFA_JAVA_OPTS");
      Process p = pb.start();
      assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the example ended");
      String out = Files.readString(dir.resolve("out.txt"));
      String err = Files.readString(dir.resolve("err.txt"));

      assertEquals(0, p.exitValue(), () -> out + "\n" + err);
      List<String> rows = out.lines().filter(l -> l.startsWith("{\"line\"")).toList();
      assertEquals(3, rows.size(), out);
      for (String row : rows) {
        assertEquals("confirmed", Json.parseObject(row).get("status"), row);
      }
      assertTrue(err.contains("3 confirmed, 0 sent, 0 skipped"), err);
      assertEquals(3, Files.readAllLines(dir.resolve("recovery.jsonl")).size());
      Map<String, Object> secret = Json.parseObject(Files.readAllLines(dir.resolve("secrets.jsonl")).get(0));
      assertEquals("cat@example.com", secret.get("username"));
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
          dir.resolve("secrets.jsonl"))));
      assertTrue(sandbox.authenticators("ann@example.com").stream().anyMatch(a -> a.active()
          && a.id().startsWith("sms|")));
    }
  }
}
