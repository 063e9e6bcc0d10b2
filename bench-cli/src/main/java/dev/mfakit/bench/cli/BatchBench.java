package dev.mfakit.bench.cli;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code mfa batch} against a tenant limited to R requests a second (R = 50 and 500), side by side in one run with
 * the way scripts enroll users today, a shell loop of {@code mfa associate --no-input --state} and {@code mfa verify
 * --state --code} per user, against the same kind of tenant; then peak memory for 10,000 and 1,000,000 rows. Each
 * tenant is a sandbox in a JVM of its own ({@link BatchTenant}); the requests, 429s and their times are the tenant's
 * own counts ({@code GET /sandbox/stats}, polled every {@link #WINDOW}), every command runs as a whole process
 * through {@code ./mfa}, with peak RSS and CPU time from GNU time and the heap from the JVM's GC log.
 */
final class BatchBench {
  static final Duration WINDOW = Duration.ofSeconds(5);
  private static final int[] RATES = {50, 500};
  private static final int PARALLEL = 16;
  private static final Pattern GC = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");
  private static final Pattern EXIT_HEAP = Pattern.compile("total (\\d+)K, used (\\d+)K");

  private final Path root;
  private final Path scratch;
  private final boolean quick;
  private final Map<String, String> environment;
  private final Path passwordFile;
  private final HttpClient http = HttpClient.newHttpClient();
  private final int rows;
  private final int loopRows;
  private final int bigRows;
  private final int bigRate;

  BatchBench(Path root, Path scratch, boolean quick, Map<String, String> environment) throws IOException {
    this.root = root;
    this.scratch = scratch;
    this.quick = quick;
    this.environment = environment;
    this.rows = quick ? 1_000 : 10_000;
    this.loopRows = quick ? 20 : 200;
    this.bigRows = quick ? 100_000 : 1_000_000;
    this.bigRate = 4_000;
    this.passwordFile = scratch.resolve("batch-password.txt");
    Files.writeString(passwordFile, BatchTenant.PASSWORD);
    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
  }

  /** One measured run. */
  record Figures(String client, int rate, int rows, long requests, long refused, double servedPerSecond,
      double slowestWindow, int windows, double wallSeconds, double cpuSeconds, long peakHeapKb, long heapCommittedKb,
      long liveHeapKb, long maxRssKb, Map<String, Integer> statuses, long journalBytes) {
    double rowsPerSecond() {
      return rows / wallSeconds;
    }
  }

  String run(String header) throws IOException, InterruptedException {
    List<Figures> runs = new ArrayList<>();
    for (int rate : RATES) {
      boolean apps = rate == RATES[RATES.length - 1];
      try (Tenant tenant = Tenant.start(root, rate, 2 * rows + loopRows)) {
        runs.add(batch(tenant, rate, 0, rows, false, false));
        if (apps) {
          runs.add(batch(tenant, rate, rows + loopRows, rows, false, true));
        }
        runs.add(loop(tenant, rate, rows, loopRows));
      }
    }
    Figures big;
    try (Tenant tenant = Tenant.start(root, bigRate, bigRows)) {
      big = batch(tenant, bigRate, 0, bigRows, true, false);
    }
    return report(header, runs, big);
  }

  // ---- the runs ----------------------------------------------------------------------------------------------

  /**
   * {@code mfa batch} over users [from, from + count): SMS rows with their codes read by curl from the tenant's
   * outbox (or only sent), or authenticator-app rows (no process per row: the code is computed).
   */
  private Figures batch(Tenant tenant, int rate, int from, int count, boolean sendOnly, boolean apps)
      throws IOException, InterruptedException {
    String name = "batch-" + rate + "-" + count + (apps ? "-apps" : "");
    Path input = scratch.resolve(name + ".csv");
    try (var out = Files.newBufferedWriter(input)) {
      out.write(apps ? "username,authenticator_app\n" : "username,phone\n");
      for (int i = from; i < from + count; i++) {
        out.write(BatchTenant.user(i) + "," + (apps ? "true" : BatchTenant.phone(i)) + "\n");
      }
    }
    Path gc = scratch.resolve(name + "-gc.log");
    List<String> command = new ArrayList<>(List.of("./mfa", "batch", input.toString(), "--domain", tenant.url,
        "--client-id", "sandbox-client", "--password-file", passwordFile.toString(), "--recovery-codes-file",
        scratch.resolve(name + "-rc.jsonl").toString(), "--parallel", String.valueOf(PARALLEL), "--json"));
    if (apps) {
      command.addAll(List.of("--secrets-file", scratch.resolve(name + "-secrets.jsonl").toString()));
    } else if (sendOnly) {
      command.add("--send-only");
    } else {
      command.addAll(List.of("--code-command", "curl -sfG --data-urlencode \"recipient=$MFA_RECIPIENT\" "
          + tenant.url + "/sandbox/code"));
    }
    Map<String, String> env = new TreeMap<>(environment);
    env.put("AUTH0_CLIENT_SECRET", "sandbox-secret");
    env.put("MFA_JAVA_OPTS", "-Xlog:gc,gc+heap+exit:file=" + gc);
    System.out.println("batch: " + count + (apps ? " app" : " SMS") + " rows at R = " + rate
        + (sendOnly ? " (--send-only)" : ""));
    Measured m = measure(tenant, command, env, scratch.resolve(name + ".out"), scratch.resolve(name + ".err"));
    Map<String, Integer> statuses = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(scratch.resolve(name + ".out"))) {
      String line;
      Pattern status = Pattern.compile("\"status\":\"([a-z_]+)\"");
      while ((line = r.readLine()) != null) {
        Matcher s = status.matcher(line);
        if (s.find()) {
          statuses.merge(s.group(1), 1, Integer::sum);
        }
      }
    }
    long[] heap = heap(gc);
    Path journal = scratch.resolve(name + ".csv.journal");
    Figures f = new Figures("`mfa batch`" + (sendOnly ? " `--send-only`" : apps ? ", authenticator-app rows"
        : ", SMS rows, codes by `curl`"), rate, count, m.requests, m.refused, m.served, m.slowest, m.windows, m.wall,
        m.cpu, heap[0], heap[1], heap[2], m.rss, statuses, Files.size(journal));
    System.out.println("  " + f);
    Files.deleteIfExists(journal);
    Files.deleteIfExists(input);
    return f;
  }

  /** The baseline: a shell loop, one {@code mfa associate --no-input --state} and one {@code mfa verify} per row. */
  private Figures loop(Tenant tenant, int rate, int from, int count) throws IOException, InterruptedException {
    Path input = scratch.resolve("loop-" + rate + ".csv");
    StringBuilder csv = new StringBuilder();
    for (int i = from; i < from + count; i++) {
      csv.append(BatchTenant.user(i)).append(',').append(BatchTenant.phone(i)).append('\n');
    }
    Files.writeString(input, csv);
    Path script = scratch.resolve("loop.sh");
    Files.writeString(script, String.join("\n",
        "#!/usr/bin/env bash",
        "# How a script enrolls users today: one mfa associate and one mfa verify per user, one after the other.",
        "set -euo pipefail",
        "while IFS=, read -r user phone; do",
        "  ./mfa associate --no-input --state \"$STATE\" --username \"$user\" --password-file \"$PW\" --phone"
            + " \"$phone\" > /dev/null",
        "  code=$(curl -sfG --data-urlencode \"recipient=$phone\" \"$AUTH0_DOMAIN/sandbox/code\")",
        "  ./mfa verify --state \"$STATE\" --code \"$code\" > /dev/null",
        "done < \"$1\"", ""));
    Map<String, String> env = new TreeMap<>(environment);
    env.put("AUTH0_DOMAIN", tenant.url);
    env.put("AUTH0_CLIENT_ID", "sandbox-client");
    env.put("AUTH0_CLIENT_SECRET", "sandbox-secret");
    env.put("STATE", scratch.resolve("loop-state.json").toString());
    env.put("PW", passwordFile.toString());
    System.out.println("loop: " + count + " rows at R = " + rate);
    Measured m = measure(tenant, List.of("bash", script.toString(), input.toString()), env,
        scratch.resolve("loop.out"), scratch.resolve("loop.err"));
    Figures f = new Figures("shell loop: `mfa associate --no-input --state` + `mfa verify --state --code`", rate,
        count, m.requests, m.refused, m.served, m.slowest, m.windows, m.wall, m.cpu, -1, -1, -1, m.rss, Map.of(), 0);
    System.out.println("  " + f);
    return f;
  }

  /** What one process did to the tenant, by the tenant's counts. */
  private record Measured(long requests, long refused, double served, double slowest, int windows, double wall,
      double cpu, long rss) {}

  private Measured measure(Tenant tenant, List<String> command, Map<String, String> env, Path out, Path err)
      throws IOException, InterruptedException {
    Stats before = tenant.stats(http);
    Path time = scratch.resolve("time.txt");
    List<String> argv = new ArrayList<>(List.of("/usr/bin/time", "-o", time.toString(), "-f", "%M %U %S"));
    argv.addAll(command);
    ProcessBuilder pb = new ProcessBuilder(argv).directory(root.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .redirectOutput(out.toFile()).redirectError(err.toFile());
    pb.environment().clear();
    pb.environment().putAll(env);
    long start = System.nanoTime();
    Process p = pb.start();
    List<Long> served = new ArrayList<>();
    long last = before.requests - before.refused;
    while (!p.waitFor(WINDOW.toMillis(), TimeUnit.MILLISECONDS)) {
      Stats s = tenant.stats(http);
      served.add(s.requests - s.refused - last);
      last = s.requests - s.refused;
    }
    double wall = (System.nanoTime() - start) / 1e9;
    if (p.exitValue() != 0) {
      throw new IllegalStateException(String.join(" ", command) + ": exit " + p.exitValue() + "\n"
          + tail(err));
    }
    Stats after = tenant.stats(http);
    String[] t = Files.readString(time).strip().lines().reduce((a, b) -> b).orElseThrow().split(" ");
    long requests = after.requests - before.requests;
    long refused = after.refused - before.refused;
    Instant first = before.last == null ? after.first : before.last;
    double span = Math.max(1e-3, Duration.between(first, after.last).toMillis() / 1000.0);
    double slowest = served.stream().mapToDouble(n -> n / (double) WINDOW.toSeconds()).min().orElse(Double.NaN);
    return new Measured(requests, refused, (requests - refused) / span, slowest, served.size(), wall,
        Double.parseDouble(t[1]) + Double.parseDouble(t[2]), Long.parseLong(t[0]));
  }

  /**
   * Peak heap used (the largest before a collection, or at exit), the largest committed, and the largest left after
   * a collection (what was live), in KiB.
   */
  private static long[] heap(Path gcLog) throws IOException {
    long peak = 0;
    long committed = 0;
    long live = 0;
    for (String line : Files.readAllLines(gcLog)) {
      Matcher m = GC.matcher(line);
      if (m.find()) {
        peak = Math.max(peak, kib(m.group(1), m.group(2)));
        live = Math.max(live, kib(m.group(3), m.group(4)));
        committed = Math.max(committed, kib(m.group(5), m.group(6)));
      }
      Matcher e = EXIT_HEAP.matcher(line);
      if (e.find()) {
        committed = Math.max(committed, Long.parseLong(e.group(1)));
        peak = Math.max(peak, Long.parseLong(e.group(2)));
      }
    }
    return new long[] {peak, committed, live};
  }

  private static long kib(String n, String unit) {
    long v = Long.parseLong(n);
    return switch (unit) {
      case "G" -> v * 1024 * 1024;
      case "M" -> v * 1024;
      default -> v;
    };
  }

  private static String tail(Path f) throws IOException {
    List<String> lines = Files.readAllLines(f);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  // ---- the tenant --------------------------------------------------------------------------------------------

  /** The tenant's counts. */
  record Stats(long requests, long refused, Instant first, Instant last) {}

  /** A tenant in its own JVM. */
  private static final class Tenant implements AutoCloseable {
    final Process process;
    final String url;

    private Tenant(Process process, String url) {
      this.process = process;
      this.url = url;
    }

    static Tenant start(Path root, int rate, int users) throws IOException {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      Process p = new ProcessBuilder(java, users > 100_000 ? "-Xmx8g" : "-Xmx2g", "-Dsun.net.httpserver.nodelay=true",
          "-cp", System.getProperty("java.class.path"), BatchTenant.class.getName(), String.valueOf(rate),
          String.valueOf(users)).directory(root.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      String url = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine();
      if (url == null || !url.startsWith("http://")) {
        p.destroyForcibly();
        throw new IllegalStateException("the tenant did not start: " + url);
      }
      return new Tenant(p, url);
    }

    Stats stats(HttpClient http) throws IOException, InterruptedException {
      String json = http.send(HttpRequest.newBuilder(URI.create(url + "/sandbox/stats")).build(),
          HttpResponse.BodyHandlers.ofString()).body();
      return new Stats(number(json, "requests"), number(json, "rate_limited"), time(json, "first_request_at"),
          time(json, "last_request_at"));
    }

    private static long number(String json, String key) {
      Matcher m = Pattern.compile("\"" + key + "\":(\\d+)").matcher(json);
      return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    private static Instant time(String json, String key) {
      Matcher m = Pattern.compile("\"" + key + "\":\"([^\"]+)\"").matcher(json);
      return m.find() ? Instant.parse(m.group(1)) : null;
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }

  // ---- the report --------------------------------------------------------------------------------------------

  private String report(String header, List<Figures> runs, Figures big) {
    StringBuilder md = new StringBuilder("## Batch: 10,000 rows at the tenant's rate limit\n\n").append(header);
    md.append("\n**Load.** Each row a user to enroll by SMS, the factor a shell loop can enroll today: sign-in,")
        .append(" associate, the code read from the tenant's outbox by `curl` (`--code-command 'curl -sfG")
        .append(" --data-urlencode \"recipient=$MFA_RECIPIENT\" $URL/sandbox/code'`, the control API: neither")
        .append(" limited nor counted), confirm, list: 4 counted requests a user, on both sides. At the higher R, the")
        .append(" same batch again with authenticator-app rows (nothing sent, the code computed from the secret: no")
        .append(" process per row). **Tenant:** a sandbox in a JVM of its own, limited as `mfa sandbox --rate-limit R`")
        .append(" limits it (one bucket of R for the whole tenant, refilled at R a second, reported in")
        .append(" `X-RateLimit-*`; 429 with Retry-After). **Ours:** `./mfa batch FILE --parallel ").append(PARALLEL)
        .append(" … --json` as shipped, its pace learned from the tenant's headers (no `--rate`), ")
        .append(String.format(Locale.ROOT, "%,d", rows)).append(" rows. **Baseline, in the same run against the")
        .append(" same tenant:** a bash loop of `./mfa associate --no-input --state FILE` + `curl` + `./mfa verify")
        .append(" --state FILE --code CODE` per user, as scripts enroll users today, over ").append(loopRows)
        .append(" rows (fewer: one user after the other, its rate does not depend on how many).\n\n");
    md.append("| R | client | rows | served/s, first to last request (% of R) | slowest ").append(WINDOW.toSeconds())
        .append("-s window (% of R) | answered 429 | rows/s | wall | CPU, user + sys (with children) | max RSS |")
        .append(" target: ≥ 95 % of R, ≤ 1 % 429 |\n");
    md.append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|---|\n");
    for (Figures f : runs) {
      double share = 100.0 * f.refused() / Math.max(1, f.requests());
      double pct = 100 * f.servedPerSecond() / f.rate();
      double slowest = 100 * f.slowestWindow() / f.rate();
      md.append(String.format(Locale.ROOT, "| %d | %s | %,d | %.1f (%.1f %%) | %s | %,d of %,d (%.2f %%) | %.1f |"
          + " %s | %.1f s | %s | %s |\n", f.rate(), f.client(), f.rows(), f.servedPerSecond(), pct,
          f.windows() == 0 ? "—" : String.format(Locale.ROOT, "%.1f (%.1f %%)", f.slowestWindow(), slowest),
          f.refused(), f.requests(), share, f.rowsPerSecond(), wall(f.wallSeconds()), f.cpuSeconds(),
          mib(f.maxRssKb()), f.client().startsWith("shell") ? "(baseline)" : pct >= 95 && share <= 1 ? "met"
              : "missed" + (pct < 95 ? String.format(Locale.ROOT, " (%.1f %% of R)", pct) : "")
                  + (share > 1 ? String.format(Locale.ROOT, " (%.2f %% 429)", share) : "")));
    }
    md.append("\nserved/s = the requests the tenant answered with anything but 429, by its own count, from the first")
        .append(" to the last request of the run (its clock, `GET /sandbox/stats`); the windows are the same count")
        .append(" polled every ").append(WINDOW.toSeconds()).append(" s while the run lasted (the first included,")
        .append(" while the pace is learned; the last, partial one left out). CPU is the process's and its")
        .append(" children's (GNU time): for the SMS rows that includes a `sh` and a `curl` per row. Results of the")
        .append(" batch runs: ");
    for (Figures f : runs) {
      if (!f.statuses().isEmpty()) {
        md.append("R = ").append(f.rate()).append(f.client().contains("app") ? " apps " : " SMS ")
            .append(f.statuses()).append("; ");
      }
    }
    md.append("the journal holds ").append(runs.get(0).journalBytes() / runs.get(0).rows()).append(" bytes a row")
        .append(" (the sandbox's mfa_tokens are long).\n\n");
    Figures apps = runs.stream().filter(f -> f.client().contains("app")).findFirst().orElse(null);
    if (apps != null) {
      double msPerRow = 1000 * apps.cpuSeconds() / apps.rows();
      md.append(String.format(Locale.ROOT, "**Why one machine is enough.** A tenant's rate limit, not the machine,"
          + " bounds the work: at R requests a second and 4 requests a user, a tenant takes R/4 new users a second"
          + " whoever sends them, and more senders only share the same bucket (and meet its 429s). What one"
          + " process of `mfa batch` needs for that: the authenticator-app run above used %.1f s of CPU for %,d rows,"
          + " %.2f ms a row, so R = %d (%d users a second) takes %.0f %% of one core, and the 2 cores of this"
          + " machine could feed a tenant limited to about %,.0f requests a second before the CPU, not the tenant,"
          + " would set the pace. The SMS rows cost more only because each starts a `sh` and a `curl` for its"
          + " code (the code command is the user's; at R = %d that is most of what the CPU did), and the sandbox"
          + " tenant shares the same 2 cores in these runs, where a real tenant's work is on its own machines.%n%n",
          apps.cpuSeconds(), apps.rows(), msPerRow, apps.rate(), apps.rate() / 4,
          100 * msPerRow * apps.rate() / 4 / 1000, 2 * 4 * 1000 / msPerRow, apps.rate()));
    }
    Figures tenK = runs.stream().filter(f -> f.client().contains("SMS") && f.rate() == RATES[RATES.length - 1])
        .findFirst().orElseThrow();
    md.append("**Memory.** In the default heap (no `-Xmx`: a quarter of this machine's RAM), from the JVM's own log")
        .append(" (`MFA_JAVA_OPTS=-Xlog:gc,gc+heap+exit`): the largest heap in use (before each collection, and at")
        .append(" exit; with a heap this large the collector lets garbage pile up, so this follows the heap's size")
        .append(" more than the input's), and the largest left after a collection (what was live); max RSS from GNU")
        .append(" time.\n\n")
        .append("| rows | run | R | wall | rows/s | peak heap in use | largest live after a collection | heap")
        .append(" committed | max RSS | journal on disk |\n")
        .append("|--:|---|--:|--:|--:|--:|--:|--:|--:|--:|\n");
    for (Figures f : List.of(tenK, big)) {
      md.append(String.format(Locale.ROOT, "| %,d | %s | %,d | %s | %.0f | %s | %s | %s | %s | %s |\n", f.rows(),
          f.client(), f.rate(), wall(f.wallSeconds()), f.rowsPerSecond(), mib(f.peakHeapKb()), mib(f.liveHeapKb()),
          mib(f.heapCommittedKb()), mib(f.maxRssKb()), mib(f.journalBytes() / 1024)));
    }
    md.append("\nThe ").append(String.format(Locale.ROOT, "%,d", bigRows)).append("-row run: `--send-only` (sign-in")
        .append(" and associate, 2 requests a row; each SMS row's journal record forced to disk before its request)")
        .append(" against a tenant limited to R = ").append(String.format(Locale.ROOT, "%,d", bigRate))
        .append(", results ").append(big.statuses()).append("; the tenant answered ")
        .append(String.format(Locale.ROOT, "%,d requests at %.0f/s (%.2f %% 429; the 2 shared cores, not the limit,"
            + " set that pace)", big.requests(), big.servedPerSecond(), 100.0 * big.refused()
            / Math.max(1, big.requests()))).append(".\n\nThe machine (2 cores) was shared with other engineers'")
        .append(" builds and tests while this ran (the load average above); their load lands on the CPU-bound runs.\n");
    return md.toString();
  }

  private static String wall(double seconds) {
    return seconds < 120 ? String.format(Locale.ROOT, "%.0f s", seconds)
        : String.format(Locale.ROOT, "%.1f min", seconds / 60);
  }

  private static String mib(long kb) {
    return kb >= 10L * 1024 * 1024 ? String.format(Locale.ROOT, "%,.1f GiB", kb / 1024.0 / 1024)
        : String.format(Locale.ROOT, "%,.0f MiB", kb / 1024.0);
  }

  boolean quick() {
    return quick;
  }
}
