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

/**
 * The packaged jar, run as a user would: through ./mfa at the repository root, in a separate process, with a home
 * directory of its own (so the class-data sharing archive the launcher makes goes to this test's HOME/.cache).
 */
class MfaLauncherIT {
  private static final Path LAUNCHER = Path.of(System.getProperty("mfa.launcher", "../mfa")).toAbsolutePath()
      .normalize();

  private static final Path JAR = Path.of(System.getProperty("mfa.jar", "target/mfa.jar")).toAbsolutePath();
  private static final Path JDK25 = Path.of("/usr/lib/jvm/temurin-25-jdk-amd64");
  private static final Path SHARED_CACHE = Path.of(System.getProperty("mfa.cache", "target/launcher-cache"))
      .toAbsolutePath();
  /** What {@code mfa --version} prints (the version, the commit, the Java), with nothing else. */
  static final String VERSION = "mfa \\S+\\ncommit .+\\nJava .+\\n";
  /** What the HTTP stack (client transport, OkHttp, Moshi, okio, Kotlin) and the sandbox are made of. */
  private static final List<String> HEAVY = List.of("okhttp3.", "com.squareup.moshi.", "kotlin.", "okio.",
      "dev.mfakit.sandbox.", "dev.mfakit.client.MfaClient", "dev.mfakit.client.internal.Transport");
  /** The QR code (its library and drawing) and the journeys of an app or push: loaded only by a run that uses them. */
  private static final List<String> FACTORS = List.of("io.nayuki.qrcodegen.", "dev.mfakit.cli.output.Barcode",
      "dev.mfakit.cli.output.ScanPresenter", "dev.mfakit.cli.output.StatusLine", "dev.mfakit.cli.io.CtrlC",
      "dev.mfakit.cli.flow.OtpFactor", "dev.mfakit.cli.flow.PushFactor", "dev.mfakit.cli.command.FactorMenu");
  private static final String BAD_PHONE = "mfa: --phone must be in E.164 form: '+', country code and number, digits"
      + " only, e.g. +15551234567\n";

  @TempDir Path dir;

  /** A first run leaves a training running in the background: it must end before the test's directory goes. */
  @org.junit.jupiter.api.AfterEach
  void noTrainingOutlivesTheTest() throws Exception {
    Archives.awaitIdle(dir);
  }

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
    // One cache for the tests that are not about the archive (one training for them all); those that are give
    // their own XDG_CACHE_HOME.
    pb.environment().put("XDG_CACHE_HOME", SHARED_CACHE.toString());
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
    assertTrue(version.out().matches(VERSION), version::toString);
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
  void versionAndABadPhoneAreAnsweredWithoutLoadingTheHttpStackTheSandboxOrTheQrCode() throws Exception {
    Path versionLog = dir.resolve("version-classes.log");
    Path phoneLog = dir.resolve("phone-classes.log");

    Path qrLog = dir.resolve("qr-classes.log");

    Result version = run(LAUNCHER, dir, classLog(versionLog), "--version");
    Result phone = run(LAUNCHER, dir, classLog(phoneLog), "associate", "--phone", "12x");
    Result qr = run(LAUNCHER, dir, classLog(qrLog), "associate", "--authenticator-app", "--qr-file", "qr.txt");

    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().matches(VERSION), version::toString);
    assertEquals("", version.err());
    assertEquals(2, phone.exit(), phone::toString);
    assertEquals("", phone.out());
    assertEquals(BAD_PHONE, phone.err());
    assertEquals(2, qr.exit(), qr::toString);
    assertTrue(qr.err().startsWith("mfa: --qr-file: "), qr::toString);
    for (Path log : List.of(versionLog, phoneLog, qrLog)) {
      List<String> loaded = loadedClasses(log);
      assertTrue(loaded.contains("dev.mfakit.cli.Main"), () -> log + " does not list the classes loaded");
      assertEquals(List.of(), loaded.stream().filter(c -> HEAVY.stream().anyMatch(c::startsWith)).toList(),
          () -> log.getFileName() + ": loaded although the run needs none of it");
      assertEquals(List.of(), loaded.stream().filter(c -> FACTORS.stream().anyMatch(c::startsWith)).toList(),
          () -> log.getFileName() + ": the QR code or a factor's journey loaded although the run needs none of it");
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

  // ---- the class-data sharing archive the launcher makes in the user's cache -------------------------------------

  @Test
  void theFirstRunMakesTheArchiveInHomeCacheInTheBackgroundAndTheNextRunUsesIt() throws Exception {
    Map<String, String> noXdg = Map.of("XDG_CACHE_HOME", ""); // empty counts as unset

    assertFalse(sharedMain(LAUNCHER, noXdg), "an archive was used before any was made");

    Path archive = Archives.awaitOne(dir.resolve(".cache/mfakit"));

    assertTrue(archive.getFileName().toString().matches("mfa-\\d+-\\d+\\.(jsa|aot)"), archive::toString);
    assertTrue(sharedMain(LAUNCHER, noXdg), "dev.mfakit.cli.Main was not loaded from " + archive);
  }

  @Test
  void xdgCacheHomeIsWhereTheArchiveGoes() throws Exception {
    Path cache = dir.resolve("elsewhere");
    Map<String, String> env = Map.of("XDG_CACHE_HOME", cache.toString());

    assertSameAnswers(LAUNCHER, env);

    Archives.awaitOne(cache.resolve("mfakit"));
    assertTrue(sharedMain(LAUNCHER, env));
    assertFalse(Files.exists(dir.resolve(".cache")), "wrote to HOME/.cache although XDG_CACHE_HOME is set");
  }

  @Test
  void withoutItsArchiveTheLauncherRunsTheSame() throws Exception {
    Path launcher = installCopy();

    assertSameAnswers(launcher, own()); // the first run of a fresh cache: no archive yet
  }

  @Test
  void aStaleArchiveIsIgnoredQuietlyAndMadeAgain() throws Exception {
    Path launcher = installCopy();
    Path jar = dir.resolve("repo/cli/target/mfa.jar");
    run(launcher, dir, own(), "--version");
    Path archive = Archives.awaitOne(dir.resolve("cache/mfakit"));
    assertTrue(sharedMain(launcher, own()), "the copy's own archive is not used");
    // The jar rebuilt after the archive was made (the archive made a minute before the jar).
    Files.setLastModifiedTime(archive, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() - 60_000));

    assertFalse(sharedMain(launcher, own()), "a stale archive was used");
    assertSameAnswers(launcher, own());

    Path again = Archives.awaitNewer(archive, jar);
    assertTrue(sharedMain(launcher, own()), "the archive made again is not used: " + again);
  }

  @Test
  void anArchiveThatIsNotOneIsIgnoredQuietlyAndMadeAgain() throws Exception {
    Path launcher = installCopy();
    run(launcher, dir, own(), "--version");
    Path archive = Archives.awaitOne(dir.resolve("cache/mfakit"));
    Files.writeString(archive, "not an archive");

    assertSameAnswers(launcher, own());

    Archives.awaitValid(archive);
    assertTrue(sharedMain(launcher, own()), "the archive made again is not used");
  }

  @Test
  void optionsThatTakeSharingInHandMeanNoArchiveIsMade() throws Exception {
    Result r = run(LAUNCHER, dir, with(own(), "MFA_JAVA_OPTS", "-Xshare:off"), "--version");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().matches(VERSION), r::toString);
    assertFalse(Files.exists(dir.resolve("cache/mfakit")), "an archive was made although MFA_JAVA_OPTS said no");
  }

  @Test
  void onJava25TheLauncherUsesAnAheadOfTimeCache() throws Exception {
    assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 at " + JDK25);
    Map<String, String> java25 = with(own(), "JAVA_HOME", JDK25.toString());

    assertSameAnswers(LAUNCHER, java25);

    Path cache = Archives.awaitOne(dir.resolve("cache/mfakit"));
    assertTrue(cache.getFileName().toString().matches("mfa-25-\\d+\\.aot"), cache::toString);
    assertTrue(sharedMain(LAUNCHER, java25), "dev.mfakit.cli.Main was not loaded from " + cache);
    assertSameAnswers(LAUNCHER, java25);
  }

  /**
   * Java 19 to 24 get a CDS archive written by -XX:+AutoCreateSharedArchive. No such JDK is installed here, so JDK 25
   * stands in for one: a JAVA_HOME whose release file says 21 and whose bin/java is JDK 25's (which supports that
   * option too).
   */
  @Test
  void onJava19To24TheLauncherUsesAnAutoCreatedArchive() throws Exception {
    assumeTrue(Files.isExecutable(JDK25.resolve("bin/java")), "no JDK 25 at " + JDK25);
    Path home = Files.createDirectories(dir.resolve("jdk21/bin"));
    Files.createSymbolicLink(home.resolve("java"), JDK25.resolve("bin/java"));
    Files.writeString(home.resolveSibling("release"), "JAVA_VERSION=\"21.0.9\"\nJAVA_RUNTIME_VERSION=\"21.0.9+10\"\n");
    Map<String, String> java21 = with(own(), "JAVA_HOME", home.getParent().toString());

    assertSameAnswers(LAUNCHER, java21);

    Path archive = Archives.awaitOne(dir.resolve("cache/mfakit"));
    assertTrue(archive.getFileName().toString().matches("mfa-21-\\d+\\.jsa"), archive::toString);
    assertTrue(sharedMain(LAUNCHER, java21), "dev.mfakit.cli.Main was not loaded from " + archive);
  }

  @Test
  void anOlderJavaIsRefusedWithAClearMessage() throws Exception {
    Path home = Files.createDirectories(dir.resolve("jdk11/bin"));
    Files.createSymbolicLink(home.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    Files.writeString(home.resolveSibling("release"), "JAVA_VERSION=\"11.0.2\"\n");

    Result r = run(LAUNCHER, dir, with(own(), "JAVA_HOME", home.getParent().toString()), "--version");

    assertEquals(1, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals("mfa: needs Java 17 or newer, but " + home.resolve("java") + " is Java 11.0.2; set JAVA_HOME to a"
        + " newer one\n", r.err());
  }

  /** This test's own cache directory, empty at first. */
  private Map<String, String> own() {
    return Map.of("XDG_CACHE_HOME", dir.resolve("cache").toString());
  }

  private static Map<String, String> with(Map<String, String> env, String name, String value) {
    Map<String, String> copy = new java.util.HashMap<>(env);
    copy.put(name, value);
    return copy;
  }

  /** Whether {@code mfa --version} through {@code launcher} loads the command's main class from an archive. */
  private boolean sharedMain(Path launcher, Map<String, String> env) throws IOException, InterruptedException {
    Path log = Files.createTempFile(dir, "classes", ".log");
    Map<String, String> withLog = new java.util.HashMap<>(env);
    withLog.putAll(classLog(log));
    Result r = run(launcher, dir, withLog, "--version");
    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().matches(VERSION), r::toString);
    assertEquals("", r.err());
    return Files.readAllLines(log).stream().anyMatch(l -> l.contains(" dev.mfakit.cli.Main source: shared objects"));
  }

  /** --version, a bad phone and an unknown option answer as they always do, with nothing else on either stream. */
  private void assertSameAnswers(Path launcher, Map<String, String> env) throws Exception {
    Result version = run(launcher, dir, env, "--version");
    Result phone = run(launcher, dir, env, "associate", "--phone", "12x");
    Result unknown = run(launcher, dir, env, "associate", "--phon", "+15555550100");

    assertEquals(0, version.exit(), version::toString);
    assertTrue(version.out().matches(VERSION), version::toString);
    assertEquals("", version.err());
    assertEquals(2, phone.exit(), phone::toString);
    assertEquals("", phone.out());
    assertEquals(BAD_PHONE, phone.err());
    assertEquals(2, unknown.exit(), unknown::toString);
    assertEquals("", unknown.out());
    assertEquals("mfa: unknown option '--phon'; did you mean '--phone'? (mfa associate --help)\n", unknown.err());
  }

  /** A copy of the launcher and the jar laid out as in the repository, under {@code dir/repo}. */
  private Path installCopy() throws IOException {
    Path target = Files.createDirectories(dir.resolve("repo/cli/target"));
    Path launcher = dir.resolve("repo/mfa");
    Files.copy(LAUNCHER, launcher);
    assertTrue(launcher.toFile().setExecutable(true));
    Files.copy(JAR, target.resolve("mfa.jar"), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
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
