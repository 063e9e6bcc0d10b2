package dev.mfakit.bench.cli;

import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Process-level benchmarks of the {@code mfa} command, each against its baseline in the same run, alternated (A B A
 * B ...), warm-up rounds discarded, whole processes timed from start to exit:
 *
 * <ul>
 *   <li>{@code cli-start}: {@code ./mfa --version} and a rejected bad phone number versus a hello-world on the same
 *       java with the launcher's JVM options;
 *   <li>{@code cli-oneshot}: {@code mfa associate --no-input --state FILE} and {@code mfa verify --state FILE --code
 *       CODE} against a sandbox tenant in this process, versus one process of Auth0's Java SDK (bench-auth0) doing
 *       the same three calls;
 *   <li>{@code launcher}: the same commands under each JVM option set the launcher could use;
 *   <li>{@code installed}: the distribution archive unpacked and run through a symlink: later runs, the first run
 *       (which starts the archive's training), no archive, and the AOT cache against a CDS archive on a JDK 25.
 * </ul>
 *
 * <p>Arguments: the repository root, then {@code full} (rewrites those four sections of BENCHMARKS.md) or
 * {@code quick} (fewer samples; prints only). Run it through {@code ./mvnw -Pbench -pl bench-cli -am -DskipTests
 * verify}, which packages {@code cli/target/mfa.jar} and bench-auth0 first.
 */
public final class CliBench {
  static final String COMMAND = "./mvnw -Pbench -pl bench-cli -am -DskipTests verify";
  private static final String PASSWORD = "bench-password";
  private static final long MS = 1_000_000L;

  private final Path root;
  private final boolean quick;
  private final Path java;
  private final Path scratch;
  private final Map<String, String> environment;
  /** Starts every child; after the sandbox is up, with the tenant's settings in its environment. */
  private Child child;
  private final LauncherFlags flags;
  /** The class-data sharing archive ./mfa made in the harness's cache (XDG_CACHE_HOME), and the options naming it. */
  private final Path archive;
  private final List<String> archiveOptions;
  /** What ./mfa passes to java on a run after its first: the launcher's options and its archive. */
  private final List<String> shipped;
  private final Path helloDir;
  private final Path passwordFile;
  private final String header;
  private int nextUser;

  private CliBench(Path root, boolean quick, Path scratch) throws IOException, InterruptedException {
    this.root = root;
    this.quick = quick;
    this.java = Path.of(System.getProperty("java.home"), "bin", "java");
    this.scratch = scratch;
    this.environment = childEnvironment(scratch);
    this.child = new Child(root, environment, scratch);
    this.flags = LauncherFlags.probe(root.resolve("mfa"), environment, scratch);
    // ./mfa's first run starts the training of its archive in the background; every section measures later runs.
    child.run(List.of("./mfa", "--version"), 0);
    this.archive = Archives.await(Path.of(environment.get("XDG_CACHE_HOME"), "mfakit"));
    this.archiveOptions = archiveOptions(archive);
    this.shipped = concat(flags.options(), archiveOptions);
    this.helloDir = compileHelloWorld(scratch);
    this.passwordFile = scratch.resolve("password.txt");
    Files.writeString(passwordFile, PASSWORD, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
    this.header = header();
  }

  /**
   * Runs the benchmarks.
   *
   * @param args the repository root, then {@code full} or {@code quick}
   */
  public static void main(String[] args) throws Exception {
    List<String> modes = List.of("full", "quick", "batch", "batch-quick");
    if (args.length < 1 || args.length > 2 || (args.length == 2 && !modes.contains(args[1]))) {
      System.err.println("usage: CliBench REPO_ROOT [full|quick|batch|batch-quick]");
      System.exit(2);
    }
    Path root = Path.of(args[0]).toRealPath();
    boolean quick = args.length == 2 && args[1].endsWith("quick");
    if (args.length == 2 && args[1].startsWith("batch")) {
      batch(root, quick);
      return;
    }
    for (Path needed : List.of(root.resolve("mfa"), root.resolve("cli/target/mfa.jar"),
        root.resolve("bench-auth0/target/classpath.txt"), root.resolve("bench-auth0/target/classes"))) {
      if (!Files.exists(needed)) {
        throw new IllegalStateException(needed + " is missing: run " + COMMAND);
      }
    }
    Path scratch = Files.createTempDirectory("mfa-bench-cli", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    long started = System.nanoTime();
    try {
      Map<String, String> sections = new CliBench(root, quick, scratch).runAll();
      if (quick) {
        System.out.println("quick run: BENCHMARKS.md left as it was");
      } else {
        Sections.rewrite(root.resolve("BENCHMARKS.md"), sections);
        System.out.println("BENCHMARKS.md: rewrote sections " + sections.keySet());
      }
    } finally {
      deleteTree(scratch);
    }
    System.out.printf(Locale.ROOT, "took %.0f s; load average at the end %s%n", (System.nanoTime() - started) / 1e9,
        loadAverage());
  }

  /** {@code -Dbench.args=batch}: the batch section alone (BatchBench). */
  private static void batch(Path root, boolean quick) throws IOException, InterruptedException {
    for (Path needed : List.of(root.resolve("mfa"), root.resolve("cli/target/mfa.jar"), Path.of("/usr/bin/time"))) {
      if (!Files.exists(needed)) {
        throw new IllegalStateException(needed + " is missing: run " + COMMAND + " -Dbench.args=batch (GNU time:"
            + " apt-get install time)");
      }
    }
    Path scratch = Files.createTempDirectory("mfa-bench-batch", PosixFilePermissions.asFileAttribute(
        PosixFilePermissions.fromString("rwx------")));
    long started = System.nanoTime();
    try {
      String header = "Command: `" + COMMAND + " -Dbench.args=batch` (from the repository root; `-Dbench.args="
          + "batch-quick` for a smaller smoke run that rewrites nothing)\n\n"
          + "Run: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
          + " · Java " + System.getProperty("java.version") + " · nproc " + Runtime.getRuntime().availableProcessors()
          + " · load average at start " + loadAverage() + "\n";
      String section = new BatchBench(root, scratch, quick, childEnvironment(scratch)).run(header);
      System.out.println();
      System.out.println(section);
      if (!quick) {
        Sections.rewrite(root.resolve("BENCHMARKS.md"), Map.of("batch", section));
        System.out.println("BENCHMARKS.md: rewrote section batch");
      }
    } finally {
      deleteTree(scratch);
    }
    System.out.printf(Locale.ROOT, "took %.0f s; load average at the end %s%n", (System.nanoTime() - started) / 1e9,
        loadAverage());
  }

  /**
   * Runs the sections named by the {@code bench.sections} property (comma-separated; all of them by default), so
   * that one of them can be measured again on its own when the shared machine was busy during it.
   */
  private Map<String, String> runAll() throws IOException, InterruptedException {
    List<String> wanted = List.of(System.getProperty("bench.sections", "cli-start,cli-oneshot,launcher,installed")
        .split(","));
    Map<String, String> sections = new LinkedHashMap<>();
    if (wanted.contains("cli-start")) {
      sections.put("cli-start", print(cliStart()));
    }
    try (SandboxTenant tenant = SandboxTenant.start()) {
      child = new Child(root, withTenant(environment, tenant), scratch);
      if (wanted.contains("cli-oneshot")) {
        sections.put("cli-oneshot", print(oneShot(tenant)));
      }
      if (wanted.contains("launcher")) {
        sections.put("launcher", print(launcher(tenant)));
      }
      if (wanted.contains("installed")) {
        sections.put("installed", print(installed(tenant)));
      }
    }
    return sections;
  }

  private static String print(String section) {
    System.out.println();
    System.out.println(section);
    return section;
  }

  // ---- cli-start ---------------------------------------------------------------------------------------------

  private String cliStart() throws IOException, InterruptedException {
    int warmUp = 2;
    int samples = quick ? 8 : 30;
    List<String> hello = new ArrayList<>(List.of(java.toString()));
    hello.addAll(flags.forHelloWorld());
    hello.addAll(List.of("-cp", helloDir.toString(), "Hello"));
    List<List<String>> commands =
        List.of(hello, List.of("./mfa", "--version"), List.of("./mfa", "associate", "--phone", "12x"));
    int[] exits = {0, 0, 2};
    List<List<Sample>> results = alternate("cli-start", warmUp, samples, commands.size(),
        (round, i) -> child.run(commands.get(i), exits[i]));

    Stats base = time(results.get(0));
    StringBuilder md = new StringBuilder(header);
    md.append("\n**CLI start.** Whole processes, alternated in one run (hello-world, `--version`, bad phone, ...), ")
        .append(warmUp).append(" warm-up rounds discarded, ").append(samples).append(" samples each; median (p90). ")
        .append("Baseline: a plain Java hello-world (`System.out.println`) run by the same `java` with the JVM ")
        .append("options `./mfa` passes (").append(code(String.join(" ", flags.forHelloWorld())))
        .append("; mfa's own CDS archive options, if any, left out). `./mfa` runs with ")
        .append(code(String.join(" ", shipped))).append(" once its first run has made the archive (the figures are ")
        .append("of later runs; the first run's cost is in \"Installed\" below).\n\n")
        .append("| measurement | baseline (same run) | ours | delta | target | verdict |\n")
        .append("|---|---|---|---|---|---|\n");
    String[] names = {"`./mfa --version`", "`./mfa associate --phone 12x` (rejected, exit 2)"};
    for (int i = 1; i <= 2; i++) {
      Stats ours = time(results.get(i));
      double delta = ours.median() - base.median();
      md.append("| ").append(names[i - 1]).append(" | hello-world ").append(ms(base)).append(" | ").append(ms(ours))
          .append(" | ").append(signedMs(delta)).append(" | ≤ hello-world + 100 ms | ")
          .append(verdict(ours.median(), base.median() + 100 * MS)).append(" |\n");
    }
    if (child.measuresMemory()) {
      Stats baseRss = rss(results.get(0));
      for (int i = 1; i <= 2; i++) {
        Stats ours = rss(results.get(i));
        md.append("| peak RSS, ").append(names[i - 1]).append(" | ").append(mib(baseRss.median())).append(" | ")
            .append(mib(ours.median())).append(" | ").append(signedMib(ours.median() - baseRss.median()))
            .append(" | (none) | (reported) |\n");
      }
    }
    md.append(memoryNote());
    md.append(classesLoaded(hello));
    return md.toString();
  }

  /**
   * What each start-up command loads, from one extra untimed run with {@code -Xlog:class+load}: how many classes,
   * how many came from a CDS archive, and whether the HTTP and JSON stacks were loaded (the issue asks that input be
   * validated before the HTTP stack is). {@code ./mfa}'s runs use the launcher's own options, the same ones it passes.
   */
  private String classesLoaded(List<String> hello) throws IOException, InterruptedException {
    List<String> mfa = new ArrayList<>(List.of(java.toString()));
    mfa.addAll(shipped);
    mfa.addAll(List.of("-jar", root.resolve("cli/target/mfa.jar").toString()));
    String[] names = {"hello-world", "`./mfa --version`", "`./mfa associate --phone 12x`"};
    List<List<String>> args = List.of(List.of(), List.of("--version"), List.of("associate", "--phone", "12x"));
    int[] exits = {0, 0, 2};
    StringBuilder md = new StringBuilder("\nClasses loaded (one untimed run each with `-Xlog:class+load`):\n\n")
        .append("| command | classes | from a CDS archive | okhttp3 / okio / kotlin | moshi | picocli |\n")
        .append("|---|---|---|---|---|---|\n");
    for (int i = 0; i < names.length; i++) {
      Path log = scratch.resolve("classes-" + i + ".log");
      Files.deleteIfExists(log);
      List<String> command = new ArrayList<>(i == 0 ? hello.subList(0, 1) : mfa.subList(0, 1));
      command.add("-Xlog:class+load=info:file=" + log);
      command.addAll((i == 0 ? hello : mfa).subList(1, (i == 0 ? hello : mfa).size()));
      command.addAll(args.get(i));
      child.run(command, exits[i]);
      List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
          .filter(l -> l.contains(" source: ")).toList();
      long shared = lines.stream().filter(l -> l.contains("source: shared objects file")).count();
      md.append("| ").append(names[i]).append(" | ").append(lines.size()).append(" | ").append(shared)
          .append(" | ").append(count(lines, "okhttp3.", "okio.", "kotlin.")).append(" | ")
          .append(count(lines, "com.squareup.moshi.")).append(" | ").append(count(lines, "picocli.")).append(" |\n");
    }
    return md.toString();
  }

  private static long count(List<String> classLoadLines, String... packagePrefixes) {
    return classLoadLines.stream()
        .map(l -> l.substring(l.indexOf("] ", l.indexOf("[class,load")) + 2))
        .filter(name -> List.of(packagePrefixes).stream().anyMatch(name::startsWith))
        .count();
  }

  // ---- cli-oneshot -------------------------------------------------------------------------------------------

  private String oneShot(SandboxTenant tenant) throws IOException, InterruptedException {
    int warmUp = quick ? 2 : 3;
    int samples = quick ? 8 : 30;
    String base = tenant.baseUrl().toString();
    List<String> sdkArgs = List.of("-cp", auth0ClassPath(), "dev.mfakit.bench.auth0.Auth0OneShot", base,
        SandboxTenant.CLIENT_ID, SandboxTenant.CLIENT_SECRET);
    // The baseline as anyone would run it (plain java), and with the launcher's JVM options for reference, so that
    // what the options buy is not mistaken for what the code buys.
    List<String> sdkPlain = new ArrayList<>(List.of(java.toString()));
    sdkPlain.addAll(sdkArgs);
    List<String> sdkTuned = new ArrayList<>(List.of(java.toString()));
    sdkTuned.addAll(flags.forHelloWorld());
    sdkTuned.addAll(sdkArgs);

    List<Long> associate = new ArrayList<>();
    List<Long> verify = new ArrayList<>();
    List<Long> together = new ArrayList<>();
    List<Long> oursRss = new ArrayList<>();
    SdkRuns plain = new SdkRuns();
    SdkRuns tuned = new SdkRuns();
    for (int round = 0; round < warmUp + samples; round++) {
      progress("cli-oneshot", round, warmUp, samples);
      Journey user = newUser(tenant);
      Path state = scratch.resolve("state-" + round + ".json");
      Sample a = child.run(List.of("./mfa", "associate", "--no-input", "--state", state.toString(),
          "--phone", user.phone(), "--username", user.username(), "--password-file", passwordFile.toString()), 0);
      String code = tenant.lastMessageTo(user.phone()).code(); // not timed: the person reading the text
      Sample v = child.run(List.of("./mfa", "verify", "--state", state.toString(), "--code", code), 0);
      Sample p = runSdk(tenant, sdkPlain);
      Sample t = runSdk(tenant, sdkTuned);
      if (round < warmUp) {
        continue;
      }
      associate.add(a.nanos());
      verify.add(v.nanos());
      together.add(a.nanos() + v.nanos());
      oursRss.add(Math.max(a.rssKb(), v.rssKb()));
      plain.add(p);
      tuned.add(t);
    }
    Stats assoc = Stats.of(associate);
    Stats ver = Stats.of(verify);
    Stats both = Stats.of(together);
    Stats sdkCalls = Stats.of(plain.withoutRead);

    StringBuilder md = new StringBuilder(header);
    md.append("\n**One-shot CLI calls.** Against a sandbox tenant (`SandboxTenant`) on loopback in the harness ")
        .append("process; a fresh user and phone number per process, so nothing is enrolled yet. Each round runs ")
        .append("`./mfa associate --no-input --state FILE --phone … --username … --password-file …` (sign-in, ")
        .append("answered `mfa_required`, then associate SMS), reads the code through the sandbox's Java API (not ")
        .append("timed), runs `./mfa verify --state FILE --code CODE`, then the baseline: ONE process of Auth0's ")
        .append("Java SDK (`com.auth0:auth0` 3.2.0, module bench-auth0) doing the same three calls (`login`, ")
        .append("`addOobAuthenticator`, `exchangeMfaOob`) on the same `java`, first plain (`java -cp …`, the ")
        .append("baseline), then with the launcher's JVM options (for reference: what the options alone buy). The SDK ")
        .append("program has to read the code itself (`GET /sandbox/messages`, median ")
        .append(fmt(Stats.of(plain.read).median())).append(" ms in-process); its time is shown without that read ")
        .append("(the comparison) and whole. The SDK is given the sandbox's `http://127.0.0.1:PORT` as its domain ")
        .append("and keeps that scheme (it adds `https://` only to a bare host name): no workaround. ").append(warmUp).append(" warm-up rounds discarded, ").append(samples)
        .append(" rounds; median (p90).\n\n")
        .append("| measurement | baseline (same run) | ours | ratio or delta | target | verdict |\n")
        .append("|---|---|---|---|---|---|\n")
        .append("| `mfa associate --no-input --state FILE` | (none) | ").append(ms(assoc))
        .append(" | (none) | ≤ 250 ms | ").append(verdict(assoc.median(), 250 * MS)).append(" |\n")
        .append("| `mfa verify --state FILE --code CODE` | (none) | ").append(ms(ver))
        .append(" | (none) | ≤ 250 ms | ").append(verdict(ver.median(), 250 * MS)).append(" |\n")
        .append("| both processes together vs one SDK process | SDK ").append(ms(sdkCalls))
        .append(" without the code read (").append(ms(Stats.of(plain.whole))).append(" whole) | ").append(ms(both))
        .append(" | ").append(String.format(Locale.ROOT, "%.2f×", both.median() / sdkCalls.median()))
        .append(" | ≤ baseline | ").append(verdict(both.median(), sdkCalls.median())).append(" |\n")
        .append("| (reference) SDK with ").append(code(String.join(" ", flags.forHelloWorld()))).append(" | SDK ")
        .append(ms(Stats.of(tuned.withoutRead))).append(" without the code read (")
        .append(ms(Stats.of(tuned.whole))).append(" whole) | ").append(ms(both)).append(" | ")
        .append(String.format(Locale.ROOT, "%.2f×", both.median() / Stats.of(tuned.withoutRead).median()))
        .append(" | (reported) | (reported) |\n");
    if (child.measuresMemory()) {
      Stats ours = Stats.of(oursRss);
      Stats theirs = Stats.of(plain.rss);
      md.append("| peak RSS (ours: the larger of the two processes) | SDK ").append(mib(theirs.median()))
          .append(" (with the options: ").append(mib(Stats.of(tuned.rss).median())).append(") | ")
          .append(mib(ours.median())).append(" | ")
          .append(String.format(Locale.ROOT, "%.2f×", ours.median() / theirs.median()))
          .append(" | (reported) | (reported) |\n");
    }
    md.append(memoryNote());
    return md.toString();
  }

  /** The SDK program's samples: whole process, its own read of the outbox, the process without it, peak RSS. */
  private static final class SdkRuns {
    final List<Long> whole = new ArrayList<>();
    final List<Long> read = new ArrayList<>();
    final List<Long> withoutRead = new ArrayList<>();
    final List<Long> rss = new ArrayList<>();

    void add(Sample s) {
      long r = controlRead(s.stdout());
      whole.add(s.nanos());
      read.add(r);
      withoutRead.add(s.nanos() - r);
      rss.add(s.rssKb());
    }
  }

  private Sample runSdk(SandboxTenant tenant, List<String> command) throws IOException, InterruptedException {
    Journey user = newUser(tenant);
    List<String> run = new ArrayList<>(command);
    run.addAll(List.of(user.username(), passwordFile.toString(), user.phone()));
    return child.run(run, 0);
  }

  /** The SDK program prints how long its own read of the sandbox outbox took. */
  private static long controlRead(String stdout) {
    for (String line : stdout.split("\n")) {
      if (line.startsWith("control_read_nanos=")) {
        return Long.parseLong(line.substring("control_read_nanos=".length()).strip());
      }
    }
    throw new IllegalStateException("the SDK program did not report its control read");
  }

  private String auth0ClassPath() throws IOException {
    String deps = Files.readString(root.resolve("bench-auth0/target/classpath.txt"), StandardCharsets.UTF_8).strip();
    return root.resolve("bench-auth0/target/classes") + (deps.isEmpty() ? "" : ":" + deps);
  }

  // ---- launcher ----------------------------------------------------------------------------------------------

  /**
   * One set of JVM options; {@code against} is the row it adds one choice to (-1 for the baseline), so each row's
   * delta is what that one choice buys.
   */
  private record Variant(String name, List<String> prefix, String absent, int against) {}

  private String launcher(SandboxTenant tenant) throws IOException, InterruptedException {
    int warmUp = 1;
    int samples = quick ? 4 : 20;
    String jar = root.resolve("cli/target/mfa.jar").toString();
    String j = java.toString();
    String c1 = "-XX:TieredStopAtLevel=1";
    String serial = "-XX:+UseSerialGC";
    String oneCompiler = "-XX:CICompilerCount=1";
    String noPerfData = "-XX:-UsePerfData";
    List<String> cds = archiveOptions;
    String absent = archiveProblem(archive, concat(List.of(j, c1), cds, List.of("-Xshare:on", "-jar", jar)));
    // The launcher's choices as a ladder: each row adds one option to the row it names, and SerialGC is tried both
    // without and with the archive (on Java 17 the serial collector cannot map the JDK's archived heap).
    List<Variant> all = new ArrayList<>(List.of(
        new Variant("`java -jar mfa.jar` (no options)", List.of(j, "-jar", jar), null, -1),
        new Variant("row 1 + `" + c1 + "`", List.of(j, c1, "-jar", jar), null, 0),
        new Variant("row 2 + `" + serial + "`", List.of(j, c1, serial, "-jar", jar), null, 1),
        new Variant("row 2 + the archive ./mfa made (" + code(String.join(" ", cds).replace(archive.getParent()
            + "/", "CACHE/")) + ")",
            concat(List.of(j, c1), cds, List.of("-jar", jar)), absent, 1),
        new Variant("row 4 + `" + serial + "`", concat(List.of(j, c1, serial), cds, List.of("-jar", jar)), absent, 3),
        new Variant("row 4 + `" + oneCompiler + "`", concat(List.of(j, c1, oneCompiler), cds, List.of("-jar", jar)),
            absent, 3),
        new Variant("row 6 + `" + noPerfData + "`",
            concat(List.of(j, c1, oneCompiler, noPerfData), cds, List.of("-jar", jar)), absent, 5),
        new Variant("`./mfa` as shipped (row 7's options, through the bash launcher)", List.of("./mfa"), null, 0)));
    List<Variant> measured = all.stream().filter(v -> v.absent() == null).toList();

    List<List<String>> verbs = List.of(List.of("--version"), List.of("associate", "--phone", "12x"), List.of());
    int[] exits = {0, 2, 0};
    int cells = measured.size() * verbs.size();
    // Alternated: each round runs every command under every option set, command by command.
    List<List<Sample>> results = alternate("launcher", warmUp, samples, cells, (round, cell) -> {
      int verb = cell / measured.size();
      List<String> command = new ArrayList<>(measured.get(cell % measured.size()).prefix());
      if (verb == 2) {
        Journey user = newUser(tenant);
        command.addAll(List.of("associate", "--no-input", "--state", scratch.resolve("launcher-state-" + round + "-"
            + cell + ".json").toString(), "--phone", user.phone(), "--username", user.username(),
            "--password-file", passwordFile.toString()));
      } else {
        command.addAll(verbs.get(verb));
      }
      return child.run(command, exits[verb]);
    });

    StringBuilder md = new StringBuilder(header);
    md.append("\n**Launcher choices.** The same jar (`cli/target/mfa.jar`) under each set of JVM options, on the ")
        .append("same `java`; alternated in one run (every option set, then the next command), ").append(warmUp)
        .append(" warm-up round discarded, ").append(samples).append(" samples each; median (p90), and the change ")
        .append("against the row it builds on, so each delta is what one choice buys. \"associate\" is the one-shot ")
        .append("`associate --no-input --state FILE` against the sandbox (fresh user each time). `./mfa` as shipped ")
        .append("runs ").append(code(String.join(" ", shipped))).append(" (CACHE: the harness's ")
        .append("`XDG_CACHE_HOME/mfakit`, where ./mfa's first run made the archive).\n\n")
        .append("| row | JVM options | `--version` | bad phone (exit 2) | associate | peak RSS `--version` / associate ")
        .append("| verdict |\n|--:|---|---|---|---|---|---|\n");
    for (int row = 0; row < all.size(); row++) {
      Variant v = all.get(row);
      md.append("| ").append(row + 1).append(" | ").append(v.name()).append(" | ");
      if (v.absent() != null) {
        md.append(v.absent()).append(" | | | | (not measured) |\n");
        continue;
      }
      int index = measured.indexOf(v);
      Variant base = v.against() < 0 ? null : all.get(v.against());
      int baseIndex = base == null ? -1 : measured.indexOf(base);
      double gained = 0;
      for (int verb = 0; verb < verbs.size(); verb++) {
        Stats s = time(results.get(verb * measured.size() + index));
        md.append(ms(s));
        if (baseIndex >= 0) {
          Stats b = time(results.get(verb * measured.size() + baseIndex));
          md.append(", ").append(signedMs(s.median() - b.median()));
          gained += b.median() - s.median();
        }
        md.append(" | ");
      }
      if (child.measuresMemory()) {
        md.append(mib(rss(results.get(index)).median())).append(" / ")
            .append(mib(rss(results.get(2 * measured.size() + index)).median()));
      } else {
        md.append("n/a");
      }
      md.append(" | ").append(base == null ? "baseline"
          : baseIndex < 0 ? "(row " + (v.against() + 1) + " not measured)"
          : String.format(Locale.ROOT, "%s (%.0f ms %s over the three, against row %d)",
              gained > 0 ? "pays" : "does not pay", Math.abs(gained) / MS, gained > 0 ? "saved" : "lost",
              v.against() + 1)).append(" |\n");
    }
    md.append(memoryNote());
    return md.toString();
  }

  /** The options that make java use {@code archive}: a CDS archive, or an AOT cache (Java 25 and newer). */
  static List<String> archiveOptions(Path archive) {
    return archive.toString().endsWith(".aot")
        ? List.of("-XX:AOTCache=" + archive, "-Xlog:aot*=off", "-Xlog:cds*=off")
        : List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:cds*=off");
  }

  @SafeVarargs
  private static List<String> concat(List<String>... parts) {
    List<String> all = new ArrayList<>();
    for (List<String> part : parts) {
      all.addAll(part);
    }
    return all;
  }

  /** Why the archive row cannot be measured, or null when the archive is there and the JVM maps it. */
  private String archiveProblem(Path archive, List<String> strictProbe) throws IOException, InterruptedException {
    if (!Files.exists(archive)) {
      System.out.println("launcher: archive absent (" + archive + ")");
      return "archive absent";
    }
    List<String> probe = new ArrayList<>(strictProbe);
    probe.add("--version");
    try {
      child.run(probe, 0); // -Xshare:on: the JVM refuses to start unless it maps the archive
      return null;
    } catch (IllegalStateException e) {
      System.out.println("launcher: the JVM does not map " + archive + ": " + e.getMessage());
      return "archive present but not mapped by this java (-Xshare:on refused it)";
    }
  }

  // ---- installed ---------------------------------------------------------------------------------------------

  /**
   * The installable command, unpacked from {@code cli/target/mfa-VERSION.tar.gz} and run through a symlink: its later
   * runs against the targets, its first run (a fresh cache: no archive yet, the training starts in the background)
   * against its later runs and against a run with no archive at all, and, when a JDK 25 is there, its AOT cache
   * against a CDS archive on that JDK.
   */
  private String installed(SandboxTenant tenant) throws IOException, InterruptedException {
    int warmUp = 1;
    int samples = quick ? 5 : 20;
    Path mfa = install();
    String jar = mfa.toRealPath().getParent().getParent().resolve("lib/mfa.jar").toString();
    Map<String, String> warm = Map.of("XDG_CACHE_HOME", Files.createDirectories(scratch.resolve("cache-warm"))
        .toString());
    child.run(List.of(mfa.toString(), "--version"), 0, warm);
    Path warmArchive = Archives.await(Path.of(warm.get("XDG_CACHE_HOME"), "mfakit"));
    // Without any archive of mfa: MFA_JAVA_OPTS that name sharing make the launcher add none and train none.
    Map<String, String> none = Map.of("XDG_CACHE_HOME", warm.get("XDG_CACHE_HOME"), "MFA_JAVA_OPTS", "-Xshare:auto");
    List<String> hello = concat(List.of(java.toString()), flags.forHelloWorld(), List.of("-cp", helloDir.toString(),
        "Hello"));
    List<Long> ready = new ArrayList<>();
    int[] fresh = {0};

    // Cells: 0 hello-world; 1-2 later runs (--version, associate); 3-4 no archive; 5-6 first runs; 7-8 ./mfa of the
    // checkout, later runs (its archive made before the sections), for comparison.
    List<List<Sample>> results = alternate("installed", warmUp, samples, 9, (round, cell) -> {
      if (cell == 0) {
        return child.run(hello, 0);
      }
      if (cell >= 7) {
        List<String> command = new ArrayList<>(List.of("./mfa"));
        command.addAll(cell == 7 ? List.of("--version") : associate(tenant, "checkout-" + round));
        return child.run(command, 0);
      }
      boolean version = cell % 2 == 1;
      Map<String, String> env = cell <= 2 ? warm : cell <= 4 ? none
          : Map.of("XDG_CACHE_HOME", scratch.resolve("cache-first-" + fresh[0]++).toString());
      List<String> command = new ArrayList<>(List.of(mfa.toString()));
      command.addAll(version ? List.of("--version") : associate(tenant, "installed-" + round + "-" + cell));
      long start = System.nanoTime();
      Sample s = child.run(command, 0, env);
      if (cell >= 5) { // a first run: wait (untimed) for its training, so that it does not load the next sample
        Archives.await(Path.of(env.get("XDG_CACHE_HOME"), "mfakit"));
        if (round >= warmUp) {
          ready.add(System.nanoTime() - start);
        }
      }
      return s;
    });

    Stats helloTime = time(results.get(0));
    StringBuilder md = new StringBuilder(header);
    md.append("\n**Installed.** `cli/target/mfa-VERSION.tar.gz` unpacked into a temporary directory and run through ")
        .append("a symlink to its `bin/mfa`, on the same `java`; alternated in one run (hello-world, then each ")
        .append("command below, and `./mfa` of the checkout for comparison), ").append(warmUp).append(" warm-up round discarded, ").append(samples)
        .append(" samples each; median (p90). *Later runs*: a cache whose archive the first run made (")
        .append(code(String.join(" ", archiveOptions(warmArchive)).replace(warmArchive.getParent() + "/", "CACHE/")))
        .append("). *No archive*: `MFA_JAVA_OPTS=-Xshare:auto`, with which the launcher adds no archive and trains ")
        .append("none (the JDK's own CDS archive stays). *First run*: a fresh, empty cache each time, so the launcher ")
        .append("finds no archive and leaves a training in the background (niced) that starts once the command has ")
        .append("ended; the harness then waits, untimed, until it is over before the next sample. \"associate\" is ")
        .append("the one-shot `associate --no-input --state FILE` against the sandbox (fresh user each time). The ")
        .append("machine is shared with other engineers' builds: see the load average above.\n\n")
        .append("| measurement | baseline (same run) | ours | delta | target | verdict |\n")
        .append("|---|---|---|---|---|---|\n");
    Stats warmVersion = time(results.get(1));
    Stats warmAssociate = time(results.get(2));
    md.append("| installed `mfa --version`, later runs | hello-world ").append(ms(helloTime)).append(" | ")
        .append(ms(warmVersion)).append(" | ").append(signedMs(warmVersion.median() - helloTime.median()))
        .append(" | ≤ hello-world + 100 ms | ").append(verdict(warmVersion.median(), helloTime.median() + 100 * MS))
        .append(" |\n");
    md.append("| installed one-shot associate, later runs | (none) | ").append(ms(warmAssociate))
        .append(" | (none) | ≤ 250 ms | ").append(verdict(warmAssociate.median(), 250 * MS)).append(" |\n");
    for (int v = 0; v < 2; v++) {
      Stats installed = time(results.get(1 + v));
      Stats checkout = time(results.get(7 + v));
      md.append("| installed ").append(v == 0 ? "`mfa --version`" : "one-shot associate").append(", later runs, ")
          .append("against `./mfa` of the checkout | `./mfa` ").append(ms(checkout)).append(" | ")
          .append(ms(installed)).append(" | ").append(signedMs(installed.median() - checkout.median()))
          .append(" | (reported) | the same launcher, another jar path |\n");
    }
    String[] what = {"`mfa --version`", "one-shot associate"};
    for (int v = 0; v < 2; v++) {
      Stats later = time(results.get(1 + v));
      Stats noArchive = time(results.get(3 + v));
      Stats first = time(results.get(5 + v));
      md.append("| ").append(what[v]).append(", no archive | later runs ").append(ms(later)).append(" | ")
          .append(ms(noArchive)).append(" | ").append(signedMs(noArchive.median() - later.median()))
          .append(" | (reported) | what the archive saves |\n");
      md.append("| ").append(what[v]).append(", first run (training starts) | no archive ").append(ms(noArchive))
          .append("; later runs ").append(ms(later)).append(" | ").append(ms(first)).append(" | ")
          .append(signedMs(first.median() - noArchive.median())).append(" vs no archive; ")
          .append(signedMs(first.median() - later.median())).append(" vs later runs | (reported) | the first ")
          .append("run's extra cost |\n");
    }
    md.append("| from a first run's start until its archive is ready | | ").append(ms(Stats.of(ready)))
        .append(" | | (reported) | |\n");
    md.append(java25(tenant, mfa, jar));
    return md.toString();
  }

  /** Unpacks the distribution archive into the scratch directory and links its bin/mfa; returns the link. */
  private Path install() throws IOException, InterruptedException {
    Path target = root.resolve("cli/target");
    Path tar;
    try (Stream<Path> files = Files.list(target)) {
      tar = files.filter(f -> f.getFileName().toString().matches("mfa-.*\\.tar\\.gz")).findFirst()
          .orElseThrow(() -> new IllegalStateException("no cli/target/mfa-*.tar.gz: run " + COMMAND));
    }
    Path opt = Files.createDirectories(scratch.resolve("opt"));
    child.run(List.of("tar", "-xzf", tar.toString(), "-C", opt.toString()), 0);
    String top = tar.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
    Path link = Files.createDirectories(scratch.resolve("bin")).resolve("mfa");
    Files.createSymbolicLink(link, opt.resolve(top).resolve("bin/mfa"));
    return link;
  }

  private List<String> associate(SandboxTenant tenant, String stateName) {
    Journey user = newUser(tenant);
    return List.of("associate", "--no-input", "--state", scratch.resolve(stateName + ".json").toString(), "--phone",
        user.phone(), "--username", user.username(), "--password-file", passwordFile.toString());
  }

  /**
   * On a JDK 25 (the {@code bench.java25} property, if that directory exists): the launcher's choice there, the AOT
   * cache, against a dynamic CDS archive trained by the same program (CdsTraining) on the same JDK and passed through
   * MFA_JAVA_OPTS (which makes the launcher add none of its own).
   */
  private String java25(SandboxTenant tenant, Path mfa, String jar) throws IOException, InterruptedException {
    String home = System.getProperty("bench.java25", "");
    Path java25 = Path.of(home.isEmpty() ? "/nonexistent" : home, "bin", "java");
    if (!Files.isExecutable(java25)) {
      return "\nJava 25 (AOT cache against a CDS archive): not measured, no JDK at `-Dbench.java25=" + home + "`.\n";
    }
    int warmUp = 1;
    int samples = quick ? 5 : 20;
    Map<String, String> aot = Map.of("JAVA_HOME", home, "XDG_CACHE_HOME", scratch.resolve("cache-25").toString());
    child.run(List.of(mfa.toString(), "--version"), 0, aot);
    Path aotCache = Archives.await(Path.of(aot.get("XDG_CACHE_HOME"), "mfakit"));
    Path jsa = scratch.resolve("java25-cds.jsa");
    child.run(concat(List.of(java25.toString()), flags.options(), List.of("-XX:ArchiveClassesAtExit=" + jsa,
        "-Xlog:cds*=off", "-cp", jar, "dev.mfakit.cli.CdsTraining")), 0);
    Map<String, String> cds = Map.of("JAVA_HOME", home, "XDG_CACHE_HOME", aot.get("XDG_CACHE_HOME"),
        "MFA_JAVA_OPTS", "-XX:SharedArchiveFile=" + jsa + " -Xlog:cds*=off");
    List<String> hello = concat(List.of(java25.toString()), flags.forHelloWorld(), List.of("-cp",
        helloDir.toString(), "Hello"));
    List<List<Sample>> results = alternate("java 25", warmUp, samples, 5, (round, cell) -> {
      if (cell == 0) {
        return child.run(hello, 0);
      }
      List<String> command = new ArrayList<>(List.of(mfa.toString()));
      command.addAll(cell <= 2 ? List.of("--version") : associate(tenant, "java25-" + round + "-" + cell));
      return child.run(command, 0, cell % 2 == 1 ? aot : cds);
    });
    String version = new String(new ProcessBuilder(java25.toString(), "-version").redirectErrorStream(true).start()
        .getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("?");
    StringBuilder md = new StringBuilder("\nOn `").append(version).append("` (the same installed command, ")
        .append("`JAVA_HOME` set to it; alternated, ").append(samples).append(" samples; hello-world on that JDK ")
        .append(ms(time(results.get(0)))).append("): the AOT cache the launcher makes there (")
        .append(Files.size(aotCache) / (1024 * 1024)).append(" MB) against a dynamic CDS archive of the same ")
        .append("training (").append(Files.size(jsa) / (1024 * 1024)).append(" MB).\n\n")
        .append("| command | AOT cache (the launcher's choice) | CDS archive | AOT − CDS |\n|---|---|---|---|\n");
    String[] names = {"`mfa --version`", "one-shot associate"};
    for (int v = 0; v < 2; v++) {
      Stats a = time(results.get(1 + 2 * v));
      Stats c = time(results.get(2 + 2 * v));
      md.append("| ").append(names[v]).append(" | ").append(ms(a)).append(" | ").append(ms(c)).append(" | ")
          .append(signedMs(a.median() - c.median())).append(" |\n");
    }
    return md.toString();
  }

  // ---- shared ------------------------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Cell {
    Sample run(int round, int index) throws IOException, InterruptedException;
  }

  /** Runs {@code rounds} of every cell in order (A B C A B C ...) and keeps the samples after the warm-up rounds. */
  private static List<List<Sample>> alternate(String name, int warmUp, int samples, int cells, Cell cell)
      throws IOException, InterruptedException {
    List<List<Sample>> results = new ArrayList<>();
    for (int i = 0; i < cells; i++) {
      results.add(new ArrayList<>());
    }
    for (int round = 0; round < warmUp + samples; round++) {
      progress(name, round, warmUp, samples);
      for (int i = 0; i < cells; i++) {
        Sample s = cell.run(round, i);
        if (round >= warmUp) {
          results.get(i).add(s);
        }
      }
    }
    return results;
  }

  private static void progress(String name, int round, int warmUp, int samples) {
    if (round == 0 || round == warmUp || (round + 1) % 10 == 0) {
      System.out.printf(Locale.ROOT, "%s: round %d of %d%s%n", name, round + 1, warmUp + samples,
          round < warmUp ? " (warm-up)" : "");
    }
  }

  private record Journey(String username, String phone) {}

  private Journey newUser(SandboxTenant tenant) {
    int n = ++nextUser;
    String username = "bench-" + n + "@example.com";
    tenant.addUser(username, PASSWORD);
    return new Journey(username, String.format(Locale.ROOT, "+1555%07d", n));
  }

  private static Stats time(List<Sample> samples) {
    return Stats.of(samples.stream().map(Sample::nanos).toList());
  }

  private static Stats rss(List<Sample> samples) {
    return Stats.of(samples.stream().map(Sample::rssKb).toList());
  }

  private String memoryNote() {
    return child.measuresMemory()
        ? "\nPeak memory: the child's maximum resident set size from `/usr/bin/time -f %M` (GNU time, Debian package "
            + "`time`; the kernel's rusage of the process), median over the samples; 1 MiB = 1024 KiB. Every "
            + "command, baseline or ours, is started through it.\n"
        : "\nPeak memory: not measured (`/usr/bin/time` is not installed; Debian package `time`).\n";
  }

  /** Everything of the harness's own environment except what would change how mfa or java behave. */
  private static Map<String, String> childEnvironment(Path scratch) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.keySet().removeIf(k -> k.startsWith("AUTH0_") || k.startsWith("MFA_") || k.equals("JAVA_TOOL_OPTIONS")
        || k.equals("_JAVA_OPTIONS") || k.equals("JDK_JAVA_OPTIONS") || k.equals("CLASSPATH"));
    env.put("JAVA_HOME", System.getProperty("java.home")); // ./mfa then runs the same java as every other child
    env.put("XDG_CONFIG_HOME", Files.createDirectories(scratch.resolve("config")).toString()); // no profiles
    env.put("XDG_CACHE_HOME", Files.createDirectories(scratch.resolve("cache")).toString()); // mfa's archive
    return env;
  }

  private static Map<String, String> withTenant(Map<String, String> env, SandboxTenant tenant) {
    Map<String, String> copy = new HashMap<>(env);
    copy.put("AUTH0_DOMAIN", tenant.baseUrl().toString());
    copy.put("AUTH0_CLIENT_ID", SandboxTenant.CLIENT_ID);
    copy.put("AUTH0_CLIENT_SECRET", SandboxTenant.CLIENT_SECRET);
    return copy;
  }

  private static Path compileHelloWorld(Path scratch) throws IOException {
    Path dir = Files.createDirectories(scratch.resolve("hello"));
    Path source = dir.resolve("Hello.java");
    Files.writeString(source,
        "public class Hello { public static void main(String[] a) { System.out.println(\"hello\"); } }\n",
        StandardCharsets.UTF_8);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null || javac.run(null, null, null, "--release", "17", "-d", dir.toString(), source.toString()) != 0) {
      throw new IllegalStateException("could not compile the hello-world (is this a JDK?)");
    }
    return dir;
  }

  private String header() throws IOException, InterruptedException {
    Process p = new ProcessBuilder(java.toString(), "-version").redirectErrorStream(true).start();
    String version = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst()
        .orElse("?");
    p.waitFor(30, TimeUnit.SECONDS);
    return "Command: `" + COMMAND + "` (from the repository root; `-Dbench.args=quick` for a smoke run that "
        + "rewrites nothing)\n\n"
        + "Run: " + ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"))
        + " · `" + version + "` · nproc " + Runtime.getRuntime().availableProcessors()
        + " · load average at start " + loadAverage() + "\n";
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.US_ASCII).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static String code(String s) {
    return s.isEmpty() ? "no options" : "`" + s + "`";
  }

  private static String fmt(double nanos) {
    return String.format(Locale.ROOT, nanos < 10 * MS ? "%.1f" : "%.0f", nanos / MS);
  }

  private static String ms(Stats s) {
    return fmt(s.median()) + " ms (" + fmt(s.p90()) + ")";
  }

  private static String signedMs(double nanos) {
    return (nanos >= 0 ? "+" : "−") + fmt(Math.abs(nanos)) + " ms";
  }

  private static String mib(double kb) {
    return String.format(Locale.ROOT, "%.0f MiB", kb / 1024);
  }

  private static String signedMib(double kb) {
    return (kb >= 0 ? "+" : "−") + mib(Math.abs(kb));
  }

  private static String verdict(double value, double target) {
    return value <= target ? "met" : "missed by " + fmt(value - target) + " ms";
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
