package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.batch.Journal;
import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.io.IOException;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa batch} through the real command line against the sandbox over HTTP: mixed factors, bad rows, a rerun,
 * {@code --send-only} then {@code --codes}, expired codes, a user enrolled already, and each exit code it has. The
 * phone and e-mail rows get their codes from a code command that reads the sandbox's outbox with {@code curl}, as the
 * README shows.
 */
class BatchCommandTest {
  static final String PASSWORD = "batch-password";

  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  /** A user whose password is {@link #PASSWORD}. */
  private String user() {
    String user = "row" + System.nanoTime() + "@example.com";
    sandbox.addUser(user, PASSWORD);
    return user;
  }

  private Path passwordFile() throws IOException {
    return Fixture.secretFile(dir, "pw.txt", PASSWORD + "\n");
  }

  private String codeCommand() {
    return "curl -sfG --data-urlencode \"recipient=$MFA_RECIPIENT\" " + fx.url() + "/sandbox/code";
  }

  private Path csv(String name, String... lines) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, String.join("\n", lines) + "\n");
    return f;
  }

  /** {@code mfa batch FILE} against the sandbox with the usual files and {@code --json}, then {@code extra}. */
  private Cli.Result batch(Path input, String... extra) throws IOException {
    return batch(Cli.forSandboxClient(dir), input, extra);
  }

  private Cli.Result batch(Cli cli, Path input, String... extra) throws IOException {
    List<String> args = new ArrayList<>(List.of("batch", input.toString(), "--domain", fx.url(), "--password-file",
        passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--secrets-file",
        dir.resolve("secrets.jsonl").toString(), "--json"));
    args.addAll(List.of(extra));
    return cli.run(args.toArray(String[]::new));
  }

  /** The --json results by username. */
  private static Map<String, Map<String, Object>> results(Cli.Result r) throws IOException {
    Map<String, Map<String, Object>> byUser = new LinkedHashMap<>();
    for (String line : r.out().split("\n")) {
      if (!line.isBlank()) {
        Map<String, Object> row = Json.parseObject(line);
        assertEquals(List.of("line", "username", "factor", "status", "authenticator_id", "reason", "recovery_code",
            "sent_at"), List.copyOf(row.keySet()), "every key, always, in order");
        byUser.put(String.valueOf(row.get("username")), row);
      }
    }
    return byUser;
  }

  private static List<Map<String, Object>> jsonLines(Path file) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(file)) {
      out.add(Json.parseObject(line));
    }
    return out;
  }

  private static String mode(Path f) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(f));
  }

  private long messagesTo(String recipient) {
    return sandbox.messages().stream().filter(m -> m.recipient().equals(recipient)).count();
  }

  private boolean active(String user, String prefix) {
    return sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith(prefix));
  }

  @Test
  void mixedFactorsAreEnrolledAndConfirmedEachThroughItsOwnCode() throws IOException {
    String ann = user();
    String bob = user();
    String cat = user();
    String dan = user();
    String annPhone = Fixture.newPhone();
    String danPhone = Fixture.newPhone();
    String bobMail = "bob-" + System.nanoTime() + "@mail.example.com";
    Path input = csv("users.csv", "username,phone,voice,email,authenticator_app",
        ann + "," + annPhone + ",,,",
        bob + ",,,\"" + bobMail + "\",",
        cat + ",,,,true",
        dan + ",," + danPhone + ",,");

    Cli.Result r = batch(input, "--code-command", codeCommand());

    assertEquals(0, r.exit(), r::toString);
    Map<String, Map<String, Object>> results = results(r);
    assertEquals(List.of(ann, bob, cat, dan), results.keySet().stream().sorted((a, b) -> ((Number) results.get(a)
        .get("line")).intValue() - ((Number) results.get(b).get("line")).intValue()).toList());
    Map<String, String> factors = Map.of(ann, "phone", bob, "email", cat, "authenticator_app", dan, "voice");
    Map<String, String> prefixes = Map.of(ann, "sms|dev_", bob, "email|dev_", cat, "totp|dev_", dan, "voice|dev_");
    for (String u : List.of(ann, bob, cat, dan)) {
      Map<String, Object> row = results.get(u);
      assertEquals("confirmed", row.get("status"), row::toString);
      assertEquals(factors.get(u), row.get("factor"));
      assertTrue(String.valueOf(row.get("authenticator_id")).startsWith(prefixes.get(u)), row::toString);
      assertTrue(active(u, prefixes.get(u)), u + ": the tenant says it is active");
      assertNull(row.get("reason"));
      assertTrue(String.valueOf(row.get("recovery_code")).matches("[0-9A-Z]{24}"), row::toString);
    }
    assertEquals(1, messagesTo(annPhone));
    assertEquals(1, messagesTo(danPhone));
    assertEquals(1, messagesTo(bobMail));

    // The recovery codes and the app's secret are in their private files, the codes as each row's result says.
    Path rc = dir.resolve("rc.jsonl");
    assertEquals("rw-------", mode(rc));
    Map<String, Object> codes = jsonLines(rc).stream().collect(Collectors.toMap(m -> (String) m.get("username"),
        m -> m.get("recovery_code")));
    assertEquals(4, codes.size());
    results.forEach((u, row) -> assertEquals(row.get("recovery_code"), codes.get(u)));
    Path secrets = dir.resolve("secrets.jsonl");
    assertEquals("rw-------", mode(secrets));
    List<Map<String, Object>> secretLines = jsonLines(secrets);
    assertEquals(1, secretLines.size());
    assertEquals(cat, secretLines.get(0).get("username"));
    Totp app = Totp.fromBase32((String) secretLines.get(0).get("secret"));
    assertEquals(6, app.codeAt(Instant.now()).length(), "the kept secret is an app's: a person can sign in with it");
    assertEquals("rw-------", mode(dir.resolve("users.csv.journal")));

    assertTrue(r.err().startsWith("mfa batch: 4 rows of " + input + "; journal " + dir.resolve("users.csv.journal")
        + ".\n"), r::toString);
    assertTrue(r.err().contains(": 4 confirmed, 0 sent, 0 skipped (done in an earlier run), 0 outcome unknown, 0"
        + " failed.\n"), r::toString);
    assertFalse(r.err().contains("mfa: "), r::toString);
  }

  @Test
  void aRowWhoseCodeIsWrongKeepsItsRecoveryCodeWhichWorksOnceARerunConfirmsIt() throws IOException {
    String ann = user();
    String phone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone", ann + "," + phone);
    String wrongCode = "c=$(" + codeCommand() + "); if [ \"$c\" = 000000 ]; then echo 111111; else echo 000000; fi";

    Cli.Result failed = batch(input, "--code-command", wrongCode);

    assertEquals(7, failed.exit(), failed::toString);
    Map<String, Object> row = results(failed).get(ann);
    assertEquals("failed", row.get("status"), row::toString);
    String recoveryCode = (String) row.get("recovery_code");
    assertTrue(recoveryCode.matches("[0-9A-Z]{24}"), "the tenant shows it once: the failed row keeps it\n" + row);
    assertEquals(List.of(Map.of("username", ann, "recovery_code", recoveryCode)),
        jsonLines(dir.resolve("rc.jsonl")).stream().map(m -> Map.of("username", m.get("username"), "recovery_code",
            m.get("recovery_code"))).toList());

    Cli.Result rerun = batch(input, "--code-command", codeCommand());
    assertEquals(0, rerun.exit(), rerun::toString);
    assertTrue(active(ann, "sms|"));
    Cli.Result signIn = Cli.forSandboxClient(dir).stdin(recoveryCode + "\n").run("login", "--domain", fx.url(), "-u",
        ann, "--password-file", passwordFile().toString(), "--recovery-code", "-");
    assertEquals(0, signIn.exit(), "the failed row's code is the account's recovery code:\n" + signIn);
  }

  @Test
  void aRerunSkipsWhatIsDoneAndSendsNothing() throws IOException {
    String ann = user();
    String cat = user();
    String phone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone,authenticator_app", ann + "," + phone + ",", cat + ",,true");
    Cli.Result first = batch(input, "--code-command", codeCommand());
    assertEquals(0, first.exit(), first::toString);
    long requests = sandbox.stats().requests();

    Cli.Result again = batch(input, "--code-command", codeCommand());

    assertEquals(0, again.exit(), again::toString);
    Map<String, Map<String, Object>> before = results(first);
    results(again).forEach((user, row) -> {
      assertEquals("skipped", row.get("status"), row::toString);
      assertEquals("confirmed in an earlier run", row.get("reason"));
      assertNull(row.get("recovery_code"));
      assertEquals(before.get(user).get("authenticator_id"), row.get("authenticator_id"),
          "the id the journal's confirmed record holds");
    });
    assertEquals(requests, sandbox.stats().requests(), "a rerun of a finished batch sends no request at all");
    assertEquals(1, messagesTo(phone));
    assertTrue(again.err().contains("(resuming: it records 2 rows)"), again::toString);
    assertEquals(2, jsonLines(dir.resolve("rc.jsonl")).size(), "no recovery code twice");
  }

  @Test
  void badRowsAreAllListedWithTheirLinesAndNothingIsSent() throws IOException {
    String ann = user();
    Path input = csv("users.csv", "username,phone,email",
        ann + ",+15551234567,",
        ",+15551234568,",
        "bob@example.com,555-1234,",
        "cat@example.com,+15551234569,cat@example.com",
        ann + ",+15551234560,",
        "dan@example.com,,not-an-address");

    Cli.Result r = batch(input, "--code-command", codeCommand());

    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals(List.of(
        input + " line 3: username is missing",
        input + " line 4: phone must be an E.164 number like +15551234567 (+, country code, 8 to 15 digits, no"
            + " spaces)",
        input + " line 5: fills in phone and email; one factor per row",
        input + " line 6: " + ann + " is already on line 2; one row per user",
        input + " line 7: email must be an e-mail address like user@example.com",
        "mfa: 5 of 6 rows of " + input + " are bad (listed above), so nothing was sent. Fix them, or add"
            + " --skip-invalid to enroll the other 1."), r.errLines());
    assertEquals(0, sandbox.stats().requests(), "nothing was sent");
    assertFalse(Files.exists(dir.resolve("users.csv.journal")), "nor any file written");
    assertFalse(Files.exists(dir.resolve("rc.jsonl")));
  }

  @Test
  void skipInvalidRunsTheGoodRowsAndReportsTheBadOnesAsFailed() throws IOException {
    String ann = user();
    Path input = csv("users.csv", "username,authenticator_app", ann + ",true", "bob@example.com,maybe");

    Cli.Result r = batch(input, "--skip-invalid");

    assertEquals(7, r.exit(), r::toString);
    List<String> out = r.out().lines().toList();
    assertEquals(2, out.size(), r::toString);
    Map<String, Object> bad = Json.parseObject(out.get(0).contains("\"line\":3") ? out.get(0) : out.get(1));
    assertEquals("failed", bad.get("status"));
    assertEquals("authenticator_app must be true (or empty); no factor; fill in one of phone, voice, email,"
        + " authenticator_app", bad.get("reason"));
    assertNull(bad.get("username"));
    assertEquals("confirmed", results(r).get(ann).get("status"));
    assertTrue(r.errLines().get(0).startsWith(input + " line 3: authenticator_app must be true (or empty)"),
        r::toString);
    assertTrue(r.err().contains("mfa batch: 1 row of " + input + " (1 bad one skipped); journal "), r::toString);
    assertTrue(r.err().contains("; 1 malformed row skipped."), r::toString);
  }

  @Test
  void sendOnlyThenCodesConfirmsTheRowsWithTheCodesThatArrived() throws IOException {
    String ann = user();
    String bob = user();
    String cat = user();
    String dan = user();
    String annPhone = Fixture.newPhone();
    String danPhone = Fixture.newPhone();
    String bobMail = "bob-" + System.nanoTime() + "@mail.example.com";
    Path input = csv("users.csv", "username,phone,email,authenticator_app", ann + "," + annPhone + ",,",
        bob + ",," + bobMail + ",", cat + ",,,true", dan + "," + danPhone + ",,");

    Cli.Result sent = batch(input, "--send-only");

    assertEquals(0, sent.exit(), sent::toString);
    Map<String, Map<String, Object>> first = results(sent);
    for (String u : List.of(ann, bob, dan)) {
      assertEquals("sent", first.get(u).get("status"), first.get(u)::toString);
      assertNotNull(first.get(u).get("sent_at"));
      assertNotNull(first.get(u).get("recovery_code"), "handed out with the association");
      assertFalse(active(u, ""), "not confirmed yet");
    }
    assertEquals("confirmed", first.get(cat).get("status"), "an app row confirms itself, even with --send-only");
    assertTrue(sent.err().contains("3 rows wait for their codes: confirm them within 5 minutes of sending with mfa"
        + " batch " + input + " --codes CODES.csv"), sent::toString);

    // The codes arrive (here, from the outbox); dan's has not yet.
    Path codes = csv("codes.csv", "username,code", ann + "," + fx.codeSentTo(annPhone),
        bob.toUpperCase() + "," + fx.codeSentTo(bobMail));
    Cli.Result confirmed = batch(input, "--codes", codes.toString());

    assertEquals(0, confirmed.exit(), confirmed::toString);
    Map<String, Map<String, Object>> second = results(confirmed);
    assertEquals("confirmed", second.get(ann).get("status"), second.get(ann)::toString);
    assertEquals("confirmed", second.get(bob).get("status"), "usernames compare case-insensitively");
    assertNull(second.get(ann).get("recovery_code"), "handed out by the run that sent the code");
    assertEquals("skipped", second.get(cat).get("status"));
    assertEquals("sent", second.get(dan).get("status"));
    assertTrue(String.valueOf(second.get(dan).get("reason")).startsWith("--codes " + codes + " has no code for this"
        + " user (its code is valid until "), second.get(dan)::toString);
    assertTrue(active(ann, "sms|") && active(bob, "email|") && !active(dan, ""));
    assertEquals(1, messagesTo(annPhone));
    assertEquals(1, messagesTo(danPhone), "a confirming run sends nothing");

    Cli.Result last = batch(input, "--codes", csv("codes2.csv", "username,code", dan + ","
        + fx.codeSentTo(danPhone)).toString());
    assertEquals(0, last.exit(), last::toString);
    assertEquals("confirmed", results(last).get(dan).get("status"));
  }

  @Test
  void aConfirmingRunSendsNothingToRowsNeverSent() throws IOException {
    String ann = user();
    Path input = csv("users.csv", "username,phone", ann + "," + Fixture.newPhone());

    Cli.Result r = batch(input, "--codes", csv("codes.csv", "username,code", ann + ",123456").toString());

    assertEquals(7, r.exit(), r::toString);
    assertEquals("nothing was sent to this row yet; run mfa batch with --send-only (or --code-command) first",
        results(r).get(ann).get("reason"));
    assertEquals(0, sandbox.messages().size());
  }

  @Test
  void codesThatExpiredAreReportedAndSentAgainOnlyWhenAsked() throws IOException {
    String ann = user();
    String bob = user();
    String annPhone = Fixture.newPhone();
    String bobPhone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone", ann + "," + annPhone, bob + "," + bobPhone);
    assertEquals(0, batch(input, "--send-only").exit());
    Path codes = csv("codes.csv", "username,code", ann + "," + fx.codeSentTo(annPhone), bob + ","
        + fx.codeSentTo(bobPhone));
    sandbox.advanceClock(Duration.ofMinutes(6)); // the tenant's codes expire; this machine's clock did not move

    Cli.Result late = batch(input, "--codes", codes.toString());

    assertEquals(7, late.exit(), late::toString);
    for (Map<String, Object> row : results(late).values()) {
      assertEquals("failed", row.get("status"));
      assertEquals("the code sent expired before it was confirmed (codes last 5 minutes); run again with"
          + " --resend-expired to send a new one", row.get("reason"));
    }
    assertEquals(1, messagesTo(annPhone), "not sent again unasked");

    Cli.Result resent = batch(input, "--code-command", codeCommand(), "--resend-expired");

    assertEquals(0, resent.exit(), resent::toString);
    results(resent).values().forEach(row -> assertEquals("confirmed", row.get("status"), row::toString));
    assertEquals(2, messagesTo(annPhone), "one new message, asked for");
    assertEquals(2, messagesTo(bobPhone));
  }

  @Test
  void aCodeTheJournalKnowsHasExpiredIsNotSentAgainAfterTheListSaysTheRowIsNotActive() throws IOException {
    String ann = user();
    String phone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone", ann + "," + phone);
    assertEquals(0, batch(input, "--send-only").exit());
    long requests = sandbox.stats().requests();
    Cli later = Cli.forSandboxClient(dir);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    Context base = later.context(out, err);
    Context tenMinutesOn = new Context(base.env(), base.stdin(), base.out(), base.err(), base.prompter(),
        base.configHome(), Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10)), base.sleeper(), base.shutdown(),
        base.ansi());

    int exit = Main.run(tenMinutesOn, "batch", input.toString(), "--domain", fx.url(), "--password-file",
        passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--codes",
        csv("codes.csv", "username,code", ann + "," + fx.codeSentTo(phone)).toString(), "--json");

    assertEquals(7, exit, err::toString);
    Map<String, Object> row = Json.parseObject(out.toString().strip());
    assertEquals("failed", row.get("status"));
    assertTrue(String.valueOf(row.get("reason")).startsWith("the code sent at "), row::toString);
    assertEquals(requests + 2, sandbox.stats().requests(), "a sign-in and the list, no confirmation of an expired"
        + " code");
    assertEquals(1, messagesTo(phone), "and nothing sent");
  }

  @Test
  void aUserWhoIsEnrolledAlreadyFailsWithNothingSent() throws IOException {
    String enrolled = fx.newUser();
    fx.enrollSms(enrolled, dir);
    int before = fx.messageCount();
    String phone = Fixture.newPhone();
    Path input = Fixture.secretFile(dir, "users.csv", "username,phone,password\n" + enrolled + "," + phone + ","
        + Fixture.password(enrolled) + "\n");

    Cli.Result r = Cli.forSandboxClient(dir).run("batch", input.toString(), "--domain", fx.url(),
        "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--code-command", codeCommand());

    assertEquals(7, r.exit(), r::toString);
    assertEquals("line 2 " + enrolled + " (phone): failed: this user already has an active second factor, so"
        + " nothing was sent (an mfa_token enrolls only a user's first factor)\n"
        + "1 row in", r.out().substring(0, r.out().indexOf(" in ") + 3), r::toString);
    assertEquals(before, fx.messageCount());
    assertEquals(0, messagesTo(phone));
  }

  @Test
  void rowsWithTheirOwnPasswordsNeedAPrivateFileAndAWrongOneFailsOnlyItsRow() throws IOException {
    String ann = fx.newUser();
    String bob = fx.newUser();
    String body = "username,authenticator_app,password\n" + ann + ",true," + Fixture.password(ann) + "\n" + bob
        + ",true,not-his-password\n";
    Path open = dir.resolve("open.csv");
    Files.writeString(open, body);
    Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rw-r--r--"));
    Cli.Result refused = Cli.forSandboxClient(dir).run("batch", open.toString(), "--domain", fx.url(),
        "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--secrets-file",
        dir.resolve("s.jsonl").toString());
    assertEquals(2, refused.exit(), refused::toString);
    assertEquals("mfa: " + open + " holds passwords and is readable by group or others; run: chmod 600 " + open,
        refused.err().strip());

    Path input = Fixture.secretFile(dir, "users.csv", body);
    Cli.Result r = Cli.forSandboxClient(dir).run("batch", input.toString(), "--domain", fx.url(),
        "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--secrets-file",
        dir.resolve("s.jsonl").toString());

    assertEquals(7, r.exit(), r::toString);
    assertTrue(r.out().startsWith("line 3 " + bob + " (authenticator_app): failed: wrong username or password."),
        r::toString);
    assertTrue(active(ann, "totp|"));
    assertFalse(r.out().contains("not-his-password") || r.err().contains("not-his-password"), r::toString);
  }

  @Test
  void jsonLinesFromStdinNeedANamedJournal() throws IOException {
    String ann = user();
    String line = "{\"username\":\"" + ann + "\",\"authenticator_app\":true}\n";
    Cli.Result noJournal = Cli.forSandboxClient(dir).stdin(line).run("batch", "-", "--domain", fx.url(),
        "--password-file", passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(),
        "--secrets-file", dir.resolve("s.jsonl").toString());
    assertEquals(2, noJournal.exit(), noJournal::toString);
    assertTrue(noJournal.err().startsWith("mfa: reading stdin (-), the journal has no file to sit beside"));

    Cli.Result r = Cli.forSandboxClient(dir).stdin(line).run("batch", "-", "--domain", fx.url(), "--password-file",
        passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--secrets-file",
        dir.resolve("s.jsonl").toString(), "--journal", dir.resolve("stdin.journal").toString(), "--json");

    assertEquals(0, r.exit(), r::toString);
    assertEquals("confirmed", results(r).get(ann).get("status"));
    try (Stream<Path> left = Files.list(dir)) {
      assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".mfa-batch-stdin-")),
          "stdin's private copy is gone");
    }
  }

  @Test
  void aJournalOfAnotherInputOrTenantIsRefusedWithTheReason() throws IOException {
    String ann = user();
    Path input = csv("users.csv", "username,authenticator_app", ann + ",true");
    assertEquals(0, batch(input).exit());
    Files.writeString(input, "\n" + user() + ",true\n", java.nio.file.StandardOpenOption.APPEND);

    Cli.Result otherInput = batch(input);

    assertEquals(2, otherInput.exit(), otherInput::toString);
    assertTrue(otherInput.err().matches("mfa: the journal " + dir.resolve("users.csv.journal")
        + " was written for another input: \\S+ \\(SHA-256 [0-9a-f]{12}…\\), and \\S+ is not that \\(SHA-256"
        + " [0-9a-f]{12}…\\); name another journal with --journal\\.\\n"), otherInput::toString);

    String bob = user();
    Path other = csv("other.csv", "username,authenticator_app", bob + ",true");
    Path journal = dir.resolve("other.journal");
    assertEquals(0, batch(other, "--journal", journal.toString()).exit());
    try (SandboxTenant second = SandboxTenant.start()) {
      second.addUser(bob, PASSWORD);
      Cli.Result otherTenant = Cli.forSandboxClient(dir).run("batch", other.toString(), "--domain",
          second.baseUrl().toString(), "--password-file", passwordFile().toString(), "--recovery-codes-file",
          dir.resolve("rc.jsonl").toString(), "--secrets-file", dir.resolve("secrets.jsonl").toString(), "--journal",
          journal.toString());

      assertEquals(2, otherTenant.exit(), otherTenant::toString);
      assertEquals("mfa: the journal " + journal + " was written for another tenant: " + fx.url() + " (client"
          + " sandbox-client), not " + second.baseUrl() + " (client sandbox-client); name another journal with"
          + " --journal.", otherTenant.err().strip());
      assertEquals(0, second.stats().requests());
    }
  }

  @Test
  void optionsThatCannotWorkAreRefusedBeforeTheInputIsRead() throws IOException {
    Path input = csv("users.csv", "username,phone", "ann@example.com,+15551234567");
    Map<List<String>, String> cases = new LinkedHashMap<>();
    cases.put(List.of(), "mfa: 1 row enrolls phone, voice or email, whose codes must come from somewhere: add"
        + " --code-command CMD (it prints a row's code), or --send-only now and --codes CODES.csv later.");
    cases.put(List.of("--send-only", "--code-command", "echo 1"), "mfa: --code-command, --send-only and --codes"
        + " conflict: codes come from a command in this run, or are sent now and confirmed later with --codes. Keep"
        + " one.");
    cases.put(List.of("--send-only", "--parallel", "0"), "mfa: --parallel must be between 1 and 256 (rows at once);"
        + " the tenant's rate limit, not this, sets the pace.");
    cases.put(List.of("--send-only", "--rate", "-3"), "mfa: --rate must be a number of requests per second above"
        + " 0, e.g. --rate 25; leave it out to learn the tenant's rate.");
    for (Map.Entry<List<String>, String> c : cases.entrySet()) {
      List<String> args = new ArrayList<>(List.of("batch", input.toString(), "--domain", fx.url(), "--password-file",
          passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString()));
      args.addAll(c.getKey());
      Cli.Result r = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));
      assertEquals(2, r.exit(), r::toString);
      assertEquals(c.getValue(), r.err().strip(), c.getKey()::toString);
    }
    Cli.Result app = Cli.forSandboxClient(dir).run("batch", csv("apps.csv", "username,authenticator_app",
        "ann@example.com,true").toString(), "--domain", fx.url(), "--password-file", passwordFile().toString(),
        "--recovery-codes-file", dir.resolve("rc.jsonl").toString());
    assertEquals(2, app.exit(), app::toString);
    assertTrue(app.err().contains("1 authenticator_app row, whose secrets must be kept: add --secrets-file FILE"));
    Cli.Result noRecoveryFile = Cli.forSandboxClient(dir).run("batch", input.toString(), "--send-only");
    assertEquals(2, noRecoveryFile.exit(), noRecoveryFile::toString);
    assertTrue(noRecoveryFile.err().contains("--recovery-codes-file"), noRecoveryFile::toString);
    assertEquals(0, sandbox.stats().requests());
  }

  @Test
  void theApplicationRefusedStopsTheRunWithExit3() throws IOException {
    Path input = csv("users.csv", "username,authenticator_app", user() + ",true", user() + ",true");

    Cli.Result r = batch(Cli.forSandboxClient(dir).env("AUTH0_CLIENT_SECRET", "wrong"), input);

    assertEquals(3, r.exit(), r::toString);
    assertEquals("", r.out(), "no row ended: each is left for the next run");
    assertTrue(r.err().contains("Stopped early: 2 rows were not run. Run the same command again to go on"),
        r::toString);
    assertTrue(r.err().strip().endsWith("mfa: the tenant refused the application's credentials. Check the client id"
        + " and the client secret (or --private-key-file) against the application's settings."), r::toString);
  }

  @Test
  void anUnreachableTenantStopsTheRunWithExit4() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path input = csv("users.csv", "username,authenticator_app", "ann@example.com,true");

    Cli.Result r = Cli.forSandboxClient(dir).run("batch", input.toString(), "--domain", "http://127.0.0.1:" + port,
        "--password-file", passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(),
        "--secrets-file", dir.resolve("s.jsonl").toString());

    assertEquals(4, r.exit(), r::toString);
    assertTrue(r.err().strip().endsWith("mfa: could not reach the tenant (connection refused). Check the domain and"
        + " your network, then try again."), r::toString);
  }

  @Test
  void anInputChangedWhileTheBatchRunsStopsItWithExit7() throws IOException {
    List<String> lines = new ArrayList<>(List.of("username,authenticator_app"));
    for (int i = 0; i < 6; i++) {
      lines.add(user() + ",true");
    }
    Path input = csv("users.csv", lines.toArray(String[]::new));
    String grow = "printf '\\n' >> " + input + "; ";
    List<String> phoneRows = new ArrayList<>(List.of("username,phone,authenticator_app"));
    for (int i = 1; i < lines.size(); i++) {
      phoneRows.add(lines.get(i).replace(",true", "," + Fixture.newPhone() + ","));
    }
    Files.writeString(input, String.join("\n", phoneRows) + "\n");

    Cli.Result r = batch(input, "--parallel", "1", "--code-command", grow + codeCommand());

    assertEquals(7, r.exit(), r::toString);
    assertFalse(r.err().contains("Stopped early: 0 "), r::toString);
    assertTrue(r.err().strip().endsWith("mfa: " + input + " changed while the batch ran (its content is not what was"
        + " checked), so no more rows were run. Put it back as it was checked and run the same command again: the"
        + " journal keeps what was done (and belongs to that content)"), r::toString);
    assertFalse(r.err().contains("internal error"), r::toString);
  }

  /** The journal's records, in order (its header left out). */
  private List<Map<String, Object>> journal(Path input) throws IOException {
    List<Map<String, Object>> records = jsonLines(Journal.defaultPath(input));
    return records.subList(1, records.size());
  }

  /** Confirms an association at the tenant as the batch's own confirmation would (mfa-oob grant). */
  private void confirmAtTheTenant(String mfaToken, String oobCode, String code) throws IOException,
      InterruptedException {
    String form = Stream.of("grant_type=http://auth0.com/oauth/grant-type/mfa-oob", "client_id="
        + SandboxTenant.CLIENT_ID, "client_secret=" + SandboxTenant.CLIENT_SECRET, "mfa_token=" + mfaToken,
        "oob_code=" + oobCode, "binding_code=" + code).map(kv -> kv.substring(0, kv.indexOf('=') + 1)
        + java.net.URLEncoder.encode(kv.substring(kv.indexOf('=') + 1), java.nio.charset.StandardCharsets.UTF_8))
        .collect(Collectors.joining("&"));
    java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(sandbox.baseUrl().resolve("/oauth/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(java.net.http.HttpRequest.BodyPublishers.ofString(form)).build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(200, answer.statusCode(), answer::body);
  }

  @Test
  void aRowTheTenantConfirmedUnrecordedIsSkippedWithItsIdOnceItsCodeExpiredAndNeverSentAgain() throws Exception {
    String ann = user();
    String phone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone", ann + "," + phone);
    assertEquals(0, batch(input, "--send-only").exit());
    // The run that confirmed it was killed after the tenant applied the confirmation and before the journal said
    // so; the code's 5 minutes went by before the batch ran again.
    Map<String, Object> sent = journal(input).stream().filter(r -> r.get("event").equals("association_sent"))
        .findFirst().orElseThrow();
    confirmAtTheTenant((String) sent.get("mfa_token"), (String) sent.get("oob_code"), fx.codeSentTo(phone));
    String id = sandbox.authenticators(ann).stream().filter(a -> a.active() && a.id().startsWith("sms|"))
        .findFirst().orElseThrow().id();
    sandbox.advanceClock(Duration.ofMinutes(6));

    Cli.Result resumed = batch(input, "--code-command", codeCommand());

    assertEquals(0, resumed.exit(), resumed::toString);
    Map<String, Object> row = results(resumed).get(ann);
    assertEquals("skipped", row.get("status"), row::toString);
    assertEquals(id, row.get("authenticator_id"));
    assertEquals("already active (found by listing the user's authenticators)", row.get("reason"));

    Cli.Result again = batch(input, "--code-command", codeCommand(), "--resend-expired");

    assertEquals(0, again.exit(), again::toString);
    assertEquals("skipped", results(again).get(ann).get("status"));
    assertEquals(id, results(again).get(ann).get("authenticator_id"));
    assertEquals(1, messagesTo(phone), "never sent again");
    assertEquals(1L, journal(input).stream().filter(r -> r.get("event").equals("confirmed")).count());
  }

  @Test
  void aUserWhoseFirstAnswerWasLostIsEnrolledAndReportedAsHoldingNoRecoveryCode() throws IOException {
    String cat = user();
    String ann = user();
    String phone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone,authenticator_app", cat + ",,true", ann + "," + phone + ",");
    try (BatchFaultTest.DroppingFront front = new BatchFaultTest.DroppingFront(sandbox.baseUrl())) {
      // The tenant applies both associations, and both answers (each with the user's recovery code) are lost.
      front.dropAssociation.addAll(List.of(1, 2));
      List<String> args = new ArrayList<>(List.of("batch", input.toString(), "--domain", front.url(),
          "--password-file", passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(),
          "--secrets-file", dir.resolve("secrets.jsonl").toString(), "--code-command", codeCommand(), "--parallel",
          "1", "--json"));

      Cli.Result first = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

      assertEquals(7, first.exit(), first::toString);
      assertEquals("outcome_unknown", results(first).get(cat).get("status"));
      assertEquals("outcome_unknown", results(first).get(ann).get("status"));
      assertTrue(first.err().contains("\n1 row may have been sent a message that was never answered"
          + " (outcome_unknown); not sent again"), first::toString);
      assertTrue(first.err().contains("\n1 authenticator-app row's association was never answered"
          + " (outcome_unknown): run again to associate it anew (that sends nothing).\n"), first::toString);

      Cli.Result second = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

      assertEquals(7, second.exit(), second::toString);
      Map<String, Object> app = results(second).get(cat);
      assertEquals("confirmed", app.get("status"), app::toString);
      assertNull(app.get("recovery_code"), "a second association carries none");
      assertEquals("the recovery code was shown by an earlier association whose answer was lost; an administrator"
          + " must regenerate it", app.get("reason"));
      assertTrue(second.err().contains("\n1 user is enrolled, but the recovery code was shown by an earlier"
          + " association whose answer was lost, and nobody holds it: an administrator must regenerate it.\n"),
          second::toString);

      args.add("--resend-unknown");
      Cli.Result third = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

      assertEquals(7, third.exit(), third::toString);
      assertEquals("confirmed", results(third).get(ann).get("status"));
      assertTrue(String.valueOf(results(third).get(ann).get("reason")).startsWith("the recovery code was shown by"),
          third::toString);
      assertEquals("skipped", results(third).get(cat).get("status"), "reported once, by the run that enrolled it");
      assertEquals(2, messagesTo(phone), "sent again, as asked");
    }
    assertFalse(Files.exists(dir.resolve("rc.jsonl")) && !Files.readString(dir.resolve("rc.jsonl")).isEmpty(),
        "no code was ever kept: none arrived");
  }

  @Test
  void aRecoveryCodeKeptInItsFileIsNotReportedLostWhenTheRowIsAssociatedAgain() throws IOException {
    String cat = user();
    Path input = csv("users.csv", "username,authenticator_app", cat + ",true");
    try (BatchFaultTest.DroppingFront front = new BatchFaultTest.DroppingFront(sandbox.baseUrl())) {
      // The answer arrives (its recovery code kept), the confirmation's is lost and so is the list that follows:
      // the row fails, its association kept; the next run associates the app anew (no recovery code this time).
      front.swallow.addAll(List.of("grant-type%2Fmfa-otp", "GET /mfa/authenticators"));
      List<String> args = List.of("batch", input.toString(), "--domain", front.url(), "--password-file",
          passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--secrets-file",
          dir.resolve("secrets.jsonl").toString(), "--json");

      Cli.Result first = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));
      assertEquals(7, first.exit(), first::toString);
      assertEquals("failed", results(first).get(cat).get("status"), first::toString);
      Cli.Result second = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

      assertEquals(0, second.exit(), second::toString);
      assertNull(results(second).get(cat).get("reason"), second::toString);
    }
    assertEquals(1, jsonLines(dir.resolve("rc.jsonl")).size());
  }

  @Test
  void aVerifiedAddressListedAsActiveIsNotTakenForAnEmailRowsConfirmation() throws IOException {
    String bob = user();
    sandbox.setEmailVerified(bob, true); // listed as an active e-mail authenticator, with no enrollment
    String verified = sandbox.authenticators(bob).get(0).id();
    Path input = csv("users.csv", "username,email", bob + "," + bob);
    try (BatchFaultTest.DroppingFront front = new BatchFaultTest.DroppingFront(sandbox.baseUrl())) {
      // The confirmation never reaches the tenant; the batch sees its connection drop with no answer.
      front.swallow.add("grant-type%2Fmfa-oob");
      List<String> args = List.of("batch", input.toString(), "--domain", front.url(), "--password-file",
          passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--code-command",
          codeCommand(), "--json");

      Cli.Result first = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

      assertEquals(7, first.exit(), first::toString);
      Map<String, Object> row = results(first).get(bob);
      assertEquals("failed", row.get("status"), row::toString);
      assertTrue(String.valueOf(row.get("reason")).startsWith("no answer to the confirmation; run again to retry"),
          row::toString);
      assertEquals(1, sandbox.authenticators(bob).stream().filter(SandboxAuthenticator::active).count(),
          "only the verified address is active");

      Cli.Result second = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

      assertEquals(0, second.exit(), second::toString);
      Map<String, Object> confirmed = results(second).get(bob);
      assertEquals("confirmed", confirmed.get("status"), confirmed::toString);
      assertTrue(String.valueOf(confirmed.get("authenticator_id")).startsWith("email|"));
      assertFalse(verified.equals(confirmed.get("authenticator_id")), "the row's own, not the verified address");
    }
  }

  @Test
  void theHelpSaysWhatTheBatchPrintsAndListsEachOptionOnceInItsOrder() {
    Cli.Result r = Cli.forSandboxClient(dir).run("batch", "--help");
    String help = r.out().replaceAll("\\s+", " ");

    assertTrue(help.contains("--json Print one JSON object per row on stdout as each row ends"), r::toString);
    assertFalse(help.contains("as one JSON object"), r::toString);
    assertFalse(r.out().matches("(?s).*\n +--no-input.*"), "the batch never prompts: " + r);
    assertTrue(help.contains("mfa batch never prompts (--no-input is implied)"), r::toString);
    assertTrue(help.contains(" 130 stopped with Ctrl-C while waiting for a push approval (what --state FILE holds is"
        + " kept), or mfa batch stopped with Ctrl-C after its rows in flight"), r::toString);
    assertTrue(help.contains(" 7 mfa batch: some rows failed or their outcome is unknown (each row's result says"
        + " why), or were not run because the input changed while the batch ran;"), r::toString);
    picocli.CommandLine batch = Main.newCommandLine(Cli.forSandboxClient(dir).context(new StringWriter(),
        new StringWriter())).getSubcommands().get("batch");
    List<Integer> orders = batch.getCommandSpec().options().stream().filter(o -> !o.hidden())
        .map(picocli.CommandLine.Model.OptionSpec::order).filter(o -> o >= 0).toList();
    assertEquals(orders.size(), new java.util.HashSet<>(orders).size(), "each option its own place: " + orders);
    assertTrue(help.indexOf(" --resend-expired Send") < help.indexOf(" --skip-invalid Run"), help);

    Cli.Result noInput = Cli.forSandboxClient(dir).run("batch", "users.csv", "--send-only", "--no-input");
    assertEquals(2, noInput.exit(), noInput::toString);
    assertTrue(noInput.err().contains("--recovery-codes-file"), "--no-input is still accepted: " + noInput);
  }

  @Test
  void textResultsListOnlyTheRowsThatNeedAttentionThenTheSummary() throws IOException {
    String ann = user();
    String phone = Fixture.newPhone();
    Path input = csv("users.csv", "username,phone", ann + "," + phone, "ghost@example.com," + Fixture.newPhone());
    List<String> args = List.of("batch", input.toString(), "--domain", fx.url(), "--password-file",
        passwordFile().toString(), "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--code-command",
        codeCommand());

    Cli.Result r = Cli.forSandboxClient(dir).run(args.toArray(String[]::new));

    assertEquals(7, r.exit(), r::toString);
    List<String> out = r.out().lines().toList();
    assertEquals("line 3 ghost@example.com (phone): failed: wrong username or password. Check them and try again",
        out.get(0));
    assertTrue(out.get(1).matches("2 rows in [0-9.]+ s \\([0-9.]+ rows/s\\): 1 confirmed, 0 sent, 0 skipped \\(done"
        + " in an earlier run\\), 0 outcome unknown, 1 failed\\."), r::toString);
    assertEquals("1 row failed: each result says why; the same command run again retries what can be retried.",
        out.get(2));
    assertEquals("Recovery codes: " + dir.resolve("rc.jsonl") + "; journal: " + dir.resolve("users.csv.journal") + ".",
        out.get(3));
    assertFalse(r.out().contains(String.valueOf(jsonLines(dir.resolve("rc.jsonl")).get(0).get("recovery_code"))),
        "recovery codes go to their file, not the screen");
  }

  @Test
  void theBatchsOwnLinesShowNumbersAndAddressesInOneLookAfterTheTenantListedItsOwn() throws IOException {
    String ann = user();
    String bob = user();
    String phone = Fixture.newPhone();
    String mail = "bob-" + System.nanoTime() + "@mail.example.com";
    Path input = csv("users.csv", "username,phone,email", ann + "," + phone + ",", bob + ",," + mail);
    assertEquals(0, batch(input, "--send-only").exit());
    Path codes = csv("codes.csv", "username,code", ann + "," + fx.codeSentTo(phone), bob + "," + fx.codeSentTo(mail));

    Cli.Result r = batch(input, "--codes", codes.toString(), "--parallel", "1", "--verbose");
    Cli.Result sent = batch(csv("more.csv", "username,phone,email", user() + "," + Fixture.newPhone() + ",",
        user() + ",," + "cy-" + mail), "--send-only", "--parallel", "1", "--verbose");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("XXXXXXXX" + phone.substring(phone.length() - 4)), "the tenant's list, logged");
    List<String> own = Stream.concat(r.errLines().stream(), sent.errLines().stream())
        .filter(l -> l.startsWith("line ") || l.startsWith("mfa batch")).toList();
    assertTrue(own.stream().anyMatch(l -> l.matches(".*by SMS to \\+1\\*{6}\\d{4}\\.")), own::toString);
    assertTrue(own.stream().anyMatch(l -> l.matches(".*by e-mail to c\\*\\*\\*@mail\\.example\\.com\\.")),
        own::toString);
    own.forEach(l -> assertFalse(l.contains("XXXX") || l.contains("@exam*") || l.contains(phone)
        || l.contains(mail), "the client's Mask only, never the tenant's look nor the clear value: " + l));
  }

  @Test
  void verboseNamesEachRowInTheFlowsProgress() throws IOException {
    String ann = user();
    Path input = csv("users.csv", "username,authenticator_app", ann + ",true");

    Cli.Result r = batch(input, "--verbose");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.err().contains("line 2 (" + ann + "): Signing in as " + ann + "..."), r::toString);
    assertTrue(r.err().contains("--> POST"), "--verbose logs the exchanges, redacted");
    SandboxAuthenticator app = sandbox.authenticators(ann).stream().filter(SandboxAuthenticator::active).findFirst()
        .orElseThrow();
    assertTrue(app.id().startsWith("totp|"));
    List<SentMessage> none = sandbox.messages();
    assertEquals(List.of(), none);
  }
}
