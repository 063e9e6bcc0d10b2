package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.mfakit.cli.command.AssociateCommand;
import dev.mfakit.cli.command.VerifyCommand;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, run as a user would: through ./mfa at the repository root, in a separate process. */
class MfaLauncherIT {
  private static final Path LAUNCHER = Path.of(System.getProperty("mfa.launcher", "../mfa")).toAbsolutePath()
      .normalize();

  private static final Path JAR = Path.of(System.getProperty("mfa.jar", "target/mfa.jar")).toAbsolutePath();
  private static final Path JSA = JAR.resolveSibling("mfa.jsa");
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  /** What the HTTP stack (client transport, OkHttp, Moshi, okio, Kotlin) and the sandbox are made of. */
  private static final List<String> HEAVY = List.of("okhttp3.", "com.squareup.moshi.", "kotlin.", "okio.",
      "dev.mfakit.sandbox.", "dev.mfakit.client.MfaClient", "dev.mfakit.client.internal.Transport");
  private static final String BAD_PHONE = "mfa: --phone must be in E.164 form: '+', country code and number, digits"
      + " only, e.g. +15551234567\n";

  @TempDir Path dir;

  /** Runs a program with no console (stdin from /dev/null), a clean config home, and the test's Java. */
  private static Result run(Path program, Path home, String... args) throws IOException, InterruptedException {
    return run(program, home, Map.of(), args);
  }

  /** The same, with {@code env} added to (or replacing) the environment. */
  private static Result run(Path program, Path home, Map<String, String> env, String... args)
      throws IOException, InterruptedException {
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
    pb.environment().remove("MFA_JAVA_OPTS");
    pb.environment().putAll(env);
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
    assertTrue(r.out().matches("SMS authenticator sms\\|dev_\\w+ is active \\(X{8}0100\\)\\.\\n"
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

  @Test
  void versionAndABadPhoneAreAnsweredWithoutLoadingTheHttpStackOrTheSandbox() throws Exception {
    Path versionLog = dir.resolve("version-classes.log");
    Path phoneLog = dir.resolve("phone-classes.log");

    Result version = run(LAUNCHER, dir, classLog(versionLog), "--version");
    Result phone = run(LAUNCHER, dir, classLog(phoneLog), "associate", "--phone", "12x");

    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().matches("mfa \\S+\\n"), version::toString);
    assertEquals("", version.err());
    assertEquals(2, phone.exit(), phone::toString);
    assertEquals("", phone.out());
    assertEquals(BAD_PHONE, phone.err());
    for (Path log : List.of(versionLog, phoneLog)) {
      List<String> loaded = loadedClasses(log);
      assertTrue(loaded.contains("dev.mfakit.cli.Main"), () -> log + " does not list the classes loaded");
      assertEquals(List.of(), loaded.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList(),
          () -> log.getFileName() + ": loaded although the run needs none of it");
    }
    // Only the verb named is built: the others are not even loaded.
    assertFalse(loadedClasses(phoneLog).contains(VerifyCommand.class.getName()));
    assertFalse(loadedClasses(versionLog).contains(AssociateCommand.class.getName()));
  }

  @Test
  void helpVerbBuildsOnlyThatVerb() throws Exception {
    Path log = dir.resolve("help-classes.log");

    Result help = run(LAUNCHER, dir, classLog(log), "help", "associate");

    assertEquals(0, help.exit(), help::toString);
    assertTrue(help.out().startsWith("Usage: mfa associate "), help::toString);
    List<String> loaded = loadedClasses(log);
    assertTrue(loaded.contains(AssociateCommand.class.getName()), "the verb named is built");
    assertFalse(loaded.contains(VerifyCommand.class.getName()), "no other verb is");
  }

  @Test
  void homeIsTheEnvironmentsNotTheUserDatabases() throws Exception {
    Path home = Files.createDirectories(dir.resolve("elsewhere"));
    Path profiles = Files.createDirectories(home.resolve(".config/mfakit")).resolve("profiles");
    Files.writeString(profiles, "[default]\ndomain = 127.0.0.1:8787\nclient_id = x\n");

    Result r = run(LAUNCHER, home, "authenticators", "list", "-u", "jane@example.com", "--no-input");

    assertEquals(2, r.exit(), r::toString);
    assertEquals("mfa: profile 'default' domain 127.0.0.1:8787 has no scheme, so mfa would speak HTTPS to it, which a"
        + " plain mfa sandbox never answers (for mfa sandbox --https, give https:// and --ca-file). Use"
        + " http://127.0.0.1:8787\n", r.err(), "the profile under $HOME was read");
  }

  @Test
  void aLoopbackTenantOverPlainHttpSetsUpNoTls() throws Exception {
    Path log = dir.resolve("classes.log");

    Result r = run(LAUNCHER, dir, classLog(log), "associate", "--sandbox", "--phone", "+15555550100");

    assertEquals(0, r.exit(), r::toString);
    List<String> loaded = loadedClasses(log);
    assertTrue(loaded.contains("okhttp3.OkHttpClient"), "no HTTP client: the journey did not run");
    // The trust store and the TLS context (the JSSE provider itself is registered with the others, and stays).
    assertEquals(List.of(), loaded.stream().filter(c -> c.startsWith("sun.security.ssl.SSLContextImpl")
        || c.startsWith("sun.security.ssl.TrustStoreManager") || c.equals("java.security.KeyStore")).toList(),
        "TLS set up for plain http");
  }

  @Test
  void theLauncherUsesTheArchiveMadeAtPackageTime() throws Exception {
    assertTrue(Files.isRegularFile(JSA), "no " + JSA + ": the build makes it at package time");

    assertTrue(sharedMain(LAUNCHER), "dev.mfakit.cli.Main was not loaded from " + JSA);
  }

  /** Whether {@code mfa --version} through {@code launcher} loads the command's main class from an archive. */
  private boolean sharedMain(Path launcher) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "classes", ".log");
    Result r = run(launcher, dir, classLog(log), "--version");
    assertEquals(0, r.exit(), r::toString);
    return Files.readAllLines(log).stream().anyMatch(l -> l.contains(" dev.mfakit.cli.Main source: shared objects"));
  }

  @Test
  void withoutItsArchiveTheLauncherRunsTheSame() throws Exception {
    Path launcher = installCopy(false);

    assertSameAnswers(launcher, Map.of());
  }

  @Test
  void aStaleArchiveIsIgnoredQuietly() throws Exception {
    Path launcher = installCopy(false);
    Path jar = dir.resolve("repo/cli/target/mfa.jar");
    Path jsa = dir.resolve("repo/cli/target/mfa.jsa");
    Process dump = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:ArchiveClassesAtExit=" + jsa, "-Xlog:cds*=off", "-jar", jar.toString(), "--version")
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectErrorStream(true).start();
    assertTrue(dump.waitFor(60, TimeUnit.SECONDS) && dump.exitValue() == 0, "could not make an archive");
    assertTrue(sharedMain(launcher), "the copy's own archive is not used");
    // The jar rebuilt after the archive was made.
    Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 60_000));

    assertSameAnswers(launcher, Map.of());
    assertFalse(sharedMain(launcher), "a stale archive was used");
  }

  @Test
  void anArchiveMadeForTheJarElsewhereIsIgnoredQuietly() throws Exception {
    Path launcher = installCopy(true);

    assertSameAnswers(launcher, Map.of());
  }

  @Test
  void anArchiveThatIsNotOneIsIgnoredQuietly() throws Exception {
    Path launcher = installCopy(false);
    Files.writeString(dir.resolve("repo/cli/target/mfa.jsa"), "not an archive");

    assertSameAnswers(launcher, Map.of());
  }

  @Test
  void anArchiveOfAnotherJvmIsIgnoredQuietly() throws Exception {
    assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 at " + JDK25);
    assumeTrue(Files.isRegularFile(JSA), "no " + JSA + " (the build makes it at package time)");

    assertSameAnswers(LAUNCHER, Map.of("JAVA_HOME", JDK25.toString()));
  }

  /** --version, a bad phone and an unknown option answer as they always do, with nothing else on either stream. */
  private void assertSameAnswers(Path launcher, Map<String, String> env) throws Exception {
    Result version = run(launcher, dir, env, "--version");
    Result phone = run(launcher, dir, env, "associate", "--phone", "12x");
    Result unknown = run(launcher, dir, env, "associate", "--phon", "+15555550100");

    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().matches("mfa \\S+\\n"), version::toString);
    assertEquals("", version.err());
    assertEquals(2, phone.exit(), phone::toString);
    assertEquals("", phone.out());
    assertEquals(BAD_PHONE, phone.err());
    assertEquals(2, unknown.exit(), unknown::toString);
    assertEquals("", unknown.out());
    assertEquals("mfa: unknown option '--phon'; did you mean '--phone'? (mfa associate --help)\n", unknown.err());
  }

  /**
   * A copy of the launcher and the jar laid out as in the repository under {@code dir/repo}, with the archive when
   * {@code withArchive} (it then matches the jar's contents and date, but not its path).
   */
  private Path installCopy(boolean withArchive) throws IOException {
    Path target = Files.createDirectories(dir.resolve("repo/cli/target"));
    Path launcher = dir.resolve("repo/mfa");
    Files.copy(LAUNCHER, launcher);
    assertTrue(launcher.toFile().setExecutable(true));
    Files.copy(JAR, target.resolve("mfa.jar"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    if (withArchive) {
      assumeTrue(Files.isRegularFile(JSA), "no " + JSA + " (the build makes it at package time)");
      Files.copy(JSA, target.resolve("mfa.jsa"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
    return launcher;
  }

  /** MFA_JAVA_OPTS that make the JVM list every class it loads (and where from) in {@code log}. */
  private static Map<String, String> classLog(Path log) {
    return Map.of("MFA_JAVA_OPTS", "-Xlog:class+load=info:file=" + log);
  }

  private static List<String> loadedClasses(Path log) throws IOException {
    // "[0.012s][info][class,load] java.lang.Object source: shared objects file"
    return Files.readAllLines(log).stream().filter(l -> l.contains("[class,load]"))
        .map(l -> l.substring(l.indexOf("[class,load]") + "[class,load]".length()).trim().split(" ")[0]).toList();
  }
}
