package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa batch} as a process, where a test in this JVM cannot reach: a child JVM ({@code Main}, on the test's
 * class path, as {@code BatchCrashTest} runs it) whose recovery-codes file hits the process's file size limit, and
 * one on a pseudo-terminal ({@code script} from util-linux, as {@code CtrlCIT} uses it) that gets a real Ctrl-C.
 */
class BatchProcessTest {
  static final String PASSWORD = "process-password";

  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  @TempDir Path dir;

  /** The command line of a child {@code mfa batch INPUT} on the sandbox, then {@code extra}; each arg quoted. */
  private String batch(Path input, String... extra) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-XX:-UsePerfData", "-Xmx256m", "-cp",
        System.getProperty("java.class.path"), Main.class.getName(), "batch", input.toString(), "--domain",
        sandbox.baseUrl().toString(), "--client-id", SandboxTenant.CLIENT_ID, "--password-file",
        Fixture.secretFile(dir, "pw.txt", PASSWORD).toString(), "--recovery-codes-file",
        dir.resolve("rc.jsonl").toString(), "--json"));
    cmd.addAll(List.of(extra));
    StringBuilder line = new StringBuilder();
    for (String a : cmd) {
      line.append(" '").append(a.replace("'", "'\\''")).append('\'');
    }
    return line.toString();
  }

  /** A child process with the environment of the runs, in the test's directory. */
  private ProcessBuilder child(String... argv) {
    ProcessBuilder pb = new ProcessBuilder(argv).directory(dir.toFile());
    pb.environment().put("AUTH0_CLIENT_SECRET", SandboxTenant.CLIENT_SECRET);
    pb.environment().put("HOME", dir.toString());
    pb.environment().put("NO_COLOR", "1");
    pb.environment().remove("XDG_CONFIG_HOME");
    pb.environment().remove("AUTH0_DOMAIN");
    pb.environment().remove("MFA_TOKEN");
    return pb;
  }

  private String codeCommand() {
    return "curl -sfG --data-urlencode \"recipient=$MFA_RECIPIENT\" " + sandbox.baseUrl() + "/sandbox/code";
  }

  private long messagesTo(String recipient) {
    return sandbox.messages().stream().filter(m -> m.recipient().equals(recipient)).count();
  }

  private static List<Map<String, Object>> results(String out) throws IOException {
    List<Map<String, Object>> rows = new ArrayList<>();
    for (String line : out.split("\r?\n")) {
      if (line.startsWith("{\"line\":")) {
        rows.add(Json.parseObject(line));
      }
    }
    return rows;
  }

  @Test
  void aRecoveryCodeItsFileCannotTakeIsPrintedAndTheNextRunConfirmsTheRowItsAnswerWasKeptFor() throws Exception {
    String ann = "full@example.com";
    sandbox.addUser(ann, PASSWORD);
    String phone = Fixture.newPhone();
    Path input = dir.resolve("users.csv");
    Files.writeString(input, "username,phone\n" + ann + "," + phone + "\n");
    // 60 KB of codes kept earlier; the child may write no file past 40 blocks (20 or 40 KB, as the shell counts
    // them): the journal has room, the recovery-codes file has none, as on a full disk.
    StringBuilder earlier = new StringBuilder();
    while (earlier.length() < 60_000) {
      earlier.append("{\"username\":\"earlier").append(earlier.length()).append("@example.com\",\"recovery_code\":")
          .append("\"ABCDEFGHJKLMNPQRSTUVWXYZ\"}\n");
    }
    Path rc = Fixture.secretFile(dir, "rc.jsonl", earlier.toString());
    Path out = dir.resolve("out.txt");
    Path err = dir.resolve("err.txt");

    Process full = child("/bin/sh", "-c", "ulimit -f 40; exec" + batch(input, "--code-command", codeCommand()))
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

    assertTrue(full.waitFor(60, TimeUnit.SECONDS));
    String stderr = Files.readString(err);
    assertEquals(1, full.exitValue(), stderr);
    assertEquals("", Files.readString(out), "no row ended");
    Matcher shown = Pattern.compile("mfa batch: line 2 " + ann + ": --recovery-codes-file " + Pattern.quote(
        rc.toString()) + " could not be written \\(file too large\\); the recovery code of " + ann + ", shown only"
        + " now: (\\w{24})\n").matcher(stderr);
    assertTrue(shown.find(), stderr);
    assertTrue(stderr.strip().endsWith("mfa: --recovery-codes-file " + rc + " could not be written (file too large);"
        + " the recovery code it could not keep is printed above. The batch stopped, and the journal keeps what was"
        + " done: make room, then run the same command again."), stderr);
    assertEquals(earlier.toString(), Files.readString(rc), "no half line left in the file");
    List<String> journal = Files.readAllLines(journalOf(input));
    Map<String, Object> last = Json.parseObject(journal.get(journal.size() - 1));
    assertEquals("association_sent", last.get("event"), "the answer is recorded: the row is not in doubt");
    assertEquals("stderr", last.get("recovery_code_given"));

    Process again = child("/bin/sh", "-c", "exec" + batch(input, "--code-command", codeCommand()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile()).start();

    assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, again.exitValue(), Files.readString(err));
    Map<String, Object> row = results(Files.readString(out)).get(0);
    assertEquals("confirmed", row.get("status"), row::toString);
    assertNull(row.get("reason"), "shown on the screen, so not lost");
    assertEquals(1, messagesTo(phone), "confirmed with the code that was sent: nothing sent again");
    // The code that was printed is the user's own.
    MfaClient client = MfaClient.builder().baseUrl(sandbox.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).build();
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(ann, PASSWORD));
    assertNotNull(client.verifyRecoveryCode(required.mfaToken(), shown.group(1)).accessToken());
  }

  private static Path journalOf(Path input) {
    return dev.mfakit.cli.batch.Journal.defaultPath(input);
  }

  @Test
  void ctrlCLetsTheRowsInFlightFinishThenPrintsTheSummaryWithExit130AndARunAgainGoesOn() throws Exception {
    int rows = 12;
    StringBuilder csv = new StringBuilder("username,phone\n");
    List<String> phones = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      String user = "ctrlc" + i + "@example.com";
      sandbox.addUser(user, PASSWORD);
      phones.add(Fixture.newPhone());
      csv.append(user).append(',').append(phones.get(i)).append('\n');
    }
    Path input = dir.resolve("users.csv");
    Files.writeString(input, csv);
    Path journal = journalOf(input);
    // Each code takes a second to come, so that Ctrl-C lands while code commands run.
    String command = batch(input, "--parallel", "2", "--code-command", "sleep 1; " + codeCommand());

    // Results to a file: a terminal drops what it has not shown yet when Ctrl-C is typed.
    Path results = dir.resolve("results.jsonl");
    Process p = child(Terminal.command("exec" + command + " > '" + results + "'").toArray(String[]::new))
        .redirectErrorStream(true).start();
    ByteArrayOutputStream screen = new ByteArrayOutputStream();
    Thread reader = new Thread(() -> Terminal.copy(p.getInputStream(), screen));
    reader.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (count(journal, "\"event\":\"association_sent\"") < 3) {
      assertTrue(System.nanoTime() < deadline && p.isAlive(), () -> "no row sent:\n" + Terminal.text(screen));
      Thread.sleep(20);
    }
    OutputStream keyboard = p.getOutputStream();
    keyboard.write(3); // Ctrl-C
    keyboard.flush();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), () -> "still running after Ctrl-C:\n" + Terminal.text(screen));
    reader.join(5000);
    String shown = Terminal.text(screen).replace("\r\n", "\n");

    assertEquals(130, p.exitValue(), shown);
    assertTrue(shown.contains("mfa batch: stopping: no new row starts, the rows in flight finish (Ctrl-C again to"
        + " stop at once; the journal keeps what was done)\n"), shown);
    List<Map<String, Object>> ended = results(Files.readString(results));
    assertTrue(ended.size() < rows, "it stopped early: " + shown);
    ended.forEach(r -> assertEquals("confirmed", r.get("status"), () -> "a row in flight finished: " + r + "\n"
        + shown));
    assertTrue(shown.matches("(?s).*\n" + ended.size() + " rows? in [^\n]*: " + ended.size() + " confirmed, 0 sent,"
        + " 0 skipped \\(done in an earlier run\\), 0 outcome unknown, 0 failed\\.\nStopped with Ctrl-C: "
        + (rows - ended.size()) + " rows? (was|were) not run\\. Run the same command again to go on \\(the journal"
        + " keeps what was done\\)\\.\n.*"), shown);
    assertEquals(0, count(journal, "\"event\":\"failed\""), "no row failed for the Ctrl-C");
    // A code command that was starting when Ctrl-C came (it ignores SIGINT only once its shell runs) is ended by it:
    // its row is left as sent, for the next run to confirm with the same code.
    int left = count(journal, "\"event\":\"association_sent\"") - count(journal, "\"event\":\"confirmed\"");
    assertTrue(left >= 0 && left <= 2, "every message sent was confirmed but for a code command starting: " + left);
    assertEquals(ended.size(), count(journal, "\"event\":\"confirmed\""));

    Cli.Result rest = Cli.forSandboxClient(dir).run("batch", input.toString(), "--domain",
        sandbox.baseUrl().toString(), "--password-file", dir.resolve("pw.txt").toString(), "--recovery-codes-file",
        dir.resolve("rc.jsonl").toString(), "--code-command", codeCommand(), "--json");

    assertEquals(0, rest.exit(), rest::toString);
    Map<String, Integer> statuses = new HashMap<>();
    results(rest.out()).forEach(r -> statuses.merge((String) r.get("status"), 1, Integer::sum));
    assertEquals(Map.of("skipped", ended.size(), "confirmed", rows - ended.size()), statuses, rest::toString);
    phones.forEach(phone -> assertEquals(1, messagesTo(phone), phone));
    assertFalse(shown.contains("exited with status"), shown);
  }

  private static int count(Path file, String what) throws IOException {
    if (!Files.exists(file)) {
      return 0;
    }
    String text = Files.readString(file);
    int n = 0;
    for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
      n++;
    }
    return n;
  }
}
