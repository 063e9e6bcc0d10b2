package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code ./mfa}, as separate processes, through a whole split journey with canary secrets arriving by
 * environment, file and stdin: the process's own argument list, sampled from {@code /proc/PID/cmdline} while it
 * runs, never holds a secret but the one-time {@code --code}; neither do its stdout (beyond the recovery code and
 * the --json tokens it hands out) and stderr at --verbose.
 */
class SecretCanaryIT {
  private static final Path LAUNCHER = Path.of(System.getProperty("mfa.launcher", "../mfa")).toAbsolutePath()
      .normalize();
  static final String CLIENT_SECRET = "cs-CANARY-it-4e0b7d-client-secret";
  static final String PASSWORD = "pw-CANARY-it-91c3fa-password";

  @TempDir Path dir;

  record Result(int exit, String out, String err, Set<String> argvSeen, List<String> argvGiven) {
    @Override
    public String toString() {
      return "exit " + exit + "\nargv " + argvGiven + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }
  }

  /** Runs ./mfa, sampling its command line from /proc while it runs. */
  private Result run(Map<String, String> env, Path stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(LAUNCHER.toString());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectInput(stdin == null ? ProcessBuilder.Redirect.from(new File("/dev/null"))
            : ProcessBuilder.Redirect.from(stdin.toFile()));
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().put("HOME", dir.toString());
    // The launcher's archive in the cache the launcher tests share, not under this test's HOME (see MfaLauncherIT).
    pb.environment().put("XDG_CACHE_HOME", Path.of(System.getProperty("mfa.cache", "target/launcher-cache"))
        .toAbsolutePath().toString());
    pb.environment().remove("XDG_CONFIG_HOME");
    pb.environment().remove("MFA_TOKEN");
    pb.environment().remove("AUTH0_DOMAIN");
    pb.environment().putAll(env);
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    Set<String> seen = new LinkedHashSet<>();
    Path cmdline = Path.of("/proc", String.valueOf(p.pid()), "cmdline");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (p.isAlive() && System.nanoTime() < deadline) {
      try {
        byte[] raw = Files.readAllBytes(cmdline);
        if (raw.length > 0) {
          seen.add(new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip());
        }
      } catch (IOException exited) {
        // the process ended between the check and the read
      }
      p.waitFor(2, TimeUnit.MILLISECONDS); // the next sample, or at once when the process ends
    }
    if (!p.waitFor(5, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + cmd);
    }
    return new Result(p.exitValue(), Files.readString(out), Files.readString(err), seen, cmd);
  }

  @Test
  void aSplitJourneyNeverPutsASecretInTheProcessArguments() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.start()) {
      String user = "argv-canary@example.com";
      String phone = "+15555550177";
      tenant.addClient("canary-client", CLIENT_SECRET);
      tenant.addUser(user, PASSWORD);
      Path passwordFile = Fixture.secretFile(dir, "password.txt", PASSWORD + "\n");
      Path secretFile = Fixture.secretFile(dir, "client-secret.txt", CLIENT_SECRET + "\n");
      Path passwordOnStdin = Files.writeString(dir.resolve("stdin.txt"), PASSWORD + "\n");
      Path enroll = dir.resolve("enroll.json");
      Path login = dir.resolve("login.json");
      String url = tenant.baseUrl().toString();
      Map<String, String> secretInEnv = Map.of("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
      List<Result> runs = new ArrayList<>();

      // 1. enroll, split: associate (password from a file, client secret from the environment) ...
      Result associate = run(secretInEnv, null, "associate", "--domain", url, "--client-id", "canary-client",
          "-u", user, "--password-file", passwordFile.toString(), "--phone", phone, "--no-input", "--state",
          enroll.toString(), "--verbose");
      assertEquals(0, associate.exit(), associate::toString);
      String mfaToken = (String) Json.parseObject(Files.readString(enroll)).get("mfa_token");
      String oobCode = (String) Json.parseObject(Files.readString(enroll)).get("oob_code");
      String recoveryCode = associate.out().lines().filter(l -> l.startsWith("Recovery code: ")).findFirst()
          .orElseThrow().substring("Recovery code: ".length());
      runs.add(associate);
      // ... then verify with the one-time code.
      String code = tenant.lastMessageTo(phone).code();
      Result verify = run(secretInEnv, null, "verify", "--state", enroll.toString(), "--code", code, "--verbose");
      assertEquals(0, verify.exit(), verify::toString);
      runs.add(verify);

      // 2. sign in later, split: login (password on stdin, client secret from a file), challenge, verify --json.
      Result signIn = run(Map.of(), passwordOnStdin, "login", "--domain", url, "--client-id", "canary-client",
          "--client-secret-file", secretFile.toString(), "-u", user, "--password", "-", "--state", login.toString(),
          "--verbose");
      assertEquals(0, signIn.exit(), signIn::toString);
      String loginToken = (String) Json.parseObject(Files.readString(login)).get("mfa_token");
      runs.add(signIn);
      Result challenge = run(secretInEnv, null, "challenge", "--state", login.toString(), "--verbose");
      assertEquals(0, challenge.exit(), challenge::toString);
      runs.add(challenge);
      String signInCode = tenant.lastMessageTo(phone).code();
      Result tokens = run(secretInEnv, null, "verify", "--state", login.toString(), "--code", signInCode, "--json",
          "--verbose");
      assertEquals(0, tokens.exit(), tokens::toString);
      runs.add(tokens);
      Map<String, Object> json = Json.parseObject(tokens.out());
      @SuppressWarnings("unchecked")
      String accessToken = (String) ((Map<String, Object>) json.get("tokens")).get("access_token");
      String idToken = (String) ((Map<String, Object>) json.get("tokens")).get("id_token");

      List<String> secrets = List.of(PASSWORD, CLIENT_SECRET, mfaToken, oobCode, loginToken, recoveryCode,
          accessToken, idToken);
      int samples = 0;
      for (Result r : runs) {
        assertTrue(r.argvSeen().stream().anyMatch(s -> s.contains("mfa.jar")),
            "the sampler saw the running java process: " + r.argvSeen());
        samples += r.argvSeen().size();
        for (String secret : secrets) {
          String where = r.argvGiven().get(1) + ": ";
          assertFalse(String.join(" ", r.argvGiven()).contains(secret), where + "argv given holds a secret");
          for (String sample : r.argvSeen()) {
            assertFalse(sample.contains(secret), where + "the running process's argv holds a secret: " + sample);
          }
          assertFalse(r.err().contains(secret), () -> where + "stderr holds a secret\n" + r);
          boolean handedOut = (r == associate && secret.equals(recoveryCode))
              || (r == tokens && (secret.equals(accessToken) || secret.equals(idToken)));
          assertEquals(handedOut, r.out().contains(secret), () -> where + "stdout and " + secret + "\n" + r);
        }
        assertTrue(r.err().contains("--> POST"), "ran at --verbose");
      }
      assertTrue(samples >= runs.size(), "sampled " + samples);
      // The one-time codes are the only secrets that were arguments, and only for the verify runs.
      assertTrue(verify.argvGiven().contains(code) && tokens.argvGiven().contains(signInCode));
    }
  }

  @Test
  void anAppAndAPushEnrolledByScriptKeepTheirSecretsInTheirFiles() throws Exception {
    try (SandboxTenant tenant = SandboxTenant.start()) {
      String app = "app-canary@example.com";
      String push = "push-canary@example.com";
      tenant.addClient("canary-client", CLIENT_SECRET);
      tenant.addUser(app, PASSWORD);
      tenant.addUser(push, PASSWORD);
      Path passwordFile = Fixture.secretFile(dir, "password.txt", PASSWORD + "\n");
      Path totp = dir.resolve("totp.txt");
      Path appState = dir.resolve("app.json");
      Path pushState = dir.resolve("push.json");
      Path qr = dir.resolve("push.png");
      String url = tenant.baseUrl().toString();
      Map<String, String> env = Map.of("AUTH0_CLIENT_SECRET", CLIENT_SECRET, "AUTH0_CLIENT_ID", "canary-client");
      List<Result> runs = new ArrayList<>();

      Result associate = run(env, null, "associate", "--domain", url, "-u", app, "--password-file",
          passwordFile.toString(), "--authenticator-app", "--secret-file", totp.toString(), "--no-input", "--state",
          appState.toString(), "--verbose");
      assertEquals(0, associate.exit(), associate::toString);
      runs.add(associate);
      String secret = Files.readString(totp).strip();
      Result otp = run(Map.of(), null, "otp", "--secret-file", totp.toString());
      assertEquals(0, otp.exit(), otp::toString);
      assertTrue(otp.out().matches("\\d{6}\n"), otp::toString);
      runs.add(otp);
      Result verify = run(env, null, "verify", "--state", appState.toString(), "--otp", otp.out().strip(),
          "--verbose");
      assertEquals(0, verify.exit(), verify::toString);
      assertTrue(verify.out().startsWith("Authenticator app totp|dev_"), verify::toString);
      runs.add(verify);

      Result pushed = run(env, null, "associate", "--domain", url, "-u", push, "--password-file",
          passwordFile.toString(), "--push", "--qr-file", qr.toString(), "--no-input", "--state",
          pushState.toString(), "--verbose");
      assertEquals(0, pushed.exit(), pushed::toString);
      runs.add(pushed);
      String pushUri = QrImages.decodePng(Files.readAllBytes(qr));
      String pushTx = pushUri.replaceAll(".*enrollment_tx_id=([^&]+).*", "$1");
      tenant.approvePush(push); // the phone, before the wait starts: its first poll finds it approved
      Result approved = run(env, null, "verify", "--state", pushState.toString(), "--push", "--verbose");
      assertEquals(0, approved.exit(), approved::toString);
      assertTrue(approved.out().startsWith("Push authenticator push|dev_"), approved::toString);
      runs.add(approved);

      String grouped = secret.replaceAll("(.{4})(?!$)", "$1 ");
      for (Result r : runs) {
        String where = r.argvGiven().get(1) + ": ";
        for (String s : List.of(secret, grouped, pushTx, PASSWORD, CLIENT_SECRET)) {
          assertFalse(String.join(" ", r.argvGiven()).contains(s), where + "argv given holds a secret");
          for (String sample : r.argvSeen()) {
            assertFalse(sample.contains(s), where + "the running process's argv holds a secret: " + sample);
          }
          assertFalse(r.err().contains(s) || r.out().contains(s), () -> where + "output holds a secret\n" + r);
        }
        assertFalse(r.err().contains("█▀") || r.err().contains("▀█"), () -> where + "a QR code drawn for nobody\n" + r);
      }
    }
  }
}
