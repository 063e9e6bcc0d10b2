package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad inputs of {@code mfa batch}, the {@code batch} table of {@code docs/bad-input.md}: each run through the real
 * command line against a loopback listener that counts connections. Each exits 2 with nothing sent, nothing on
 * stdout and no password echoed. A bad input file or option is one {@code mfa:} line naming it and the fix; bad rows
 * are each listed with their line number first (every one of them, not just the first), then one {@code mfa:} line
 * that says nothing was sent and what to do.
 */
class BatchBadInputTest {
  static final String SECRET = "s3cr3t-CANARY-batch-password";
  static final String GOOD_JSON = "{\"username\":\"zed@example.com\",\"phone\":\"+15557654321\"}";
  private static final Map<Integer, String> ROWS = new TreeMap<>();

  @TempDir Path dir;
  @AutoClose private final LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE);

  /** One bad input: its category, the value as the docs show it, the args, and the word the last line must name. */
  record Case(String category, String example, Setup setup, String names) {
    @Override
    public String toString() {
      return category + ": " + example;
    }
  }

  @FunctionalInterface
  interface Setup {
    String[] args(Env e) throws Exception;
  }

  /** Files and argument lists a case builds on. */
  record Env(String url, Path dir, Cli cli) {
    Path file(String name, String content, String perms) throws IOException {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
      return f;
    }

    Path csv(String... lines) throws IOException {
      return file("users.csv", String.join("\n", lines) + "\n", "rw-r--r--");
    }

    /** A CSV with {@code header}, one good row first (so a message counts it), then {@code bad}. */
    Path withGood(String header, String... bad) throws IOException {
      List<String> lines = new ArrayList<>(List.of(header));
      StringBuilder good = new StringBuilder();
      boolean factor = false;
      for (String column : header.split(",", -1)) {
        good.append(good.length() == 0 && column.equals("username") ? "" : ",");
        switch (column) {
          case "username" -> good.append("zed@example.com");
          case "phone", "voice" -> good.append(factor ? "" : "+15557654321");
          case "email" -> good.append(factor ? "" : "zed@example.com");
          default -> { }
        }
        factor |= List.of("phone", "voice", "email").contains(column);
      }
      lines.add(good.toString());
      lines.addAll(List.of(bad));
      return csv(lines.toArray(String[]::new));
    }

    Path jsonl(String... lines) throws IOException {
      return file("users.jsonl", String.join("\n", lines) + "\n", "rw-r--r--");
    }

    /** {@code mfa batch FILE --domain … --password-file … --recovery-codes-file … --send-only} + extra. */
    String[] batch(Path input, String... extra) throws IOException {
      List<String> a = new ArrayList<>(List.of("batch", input.toString(), "--domain", url, "--password-file",
          file("pw.txt", SECRET + "\n", "rw-------").toString(), "--recovery-codes-file",
          dir.resolve("rc.jsonl").toString(), "--send-only"));
      a.addAll(List.of(extra));
      return a.toArray(String[]::new);
    }

    /** The same without the default options named in {@code drop} (with their values). */
    String[] batchWithout(Path input, String drop, String... extra) throws IOException {
      List<String> a = new ArrayList<>(List.of(batch(input, extra)));
      int i = a.indexOf(drop);
      a.remove(i);
      if (!drop.equals("--send-only")) {
        a.remove(i);
      }
      return a.toArray(String[]::new);
    }

    Path good() throws IOException {
      return csv("username,phone", "ann@example.com,+15551234567");
    }
  }

  static Case c(String category, String example, Setup setup, String names) {
    return new Case(category, example, setup, names);
  }

  static Stream<Case> cases() {
    return Stream.of(
        // ---- the input as a whole ----
        c("input", "a file that does not exist", e -> e.batch(e.dir().resolve("missing.csv")), "missing.csv"),
        c("input", "a directory", e -> e.batch(Files.createDirectories(e.dir().resolve("rows.csv"))), "rows.csv"),
        c("input", "users.txt (no known extension)", e -> e.batch(e.file("users.txt", "username,phone\n",
            "rw-r--r--")), "users.txt"),
        c("input", "not UTF-8", e -> {
          Path f = e.dir().resolve("latin1.csv");
          Files.write(f, "username,phone\nJos\u00e9@example.com,+15551234567\n".getBytes(StandardCharsets.ISO_8859_1));
          return e.batch(f);
        }, "UTF-8"),
        c("input", "a header and no row", e -> e.batch(e.csv("username,phone")), "no rows"),
        c("input", "a header without username", e -> e.batch(e.csv("user,phone", "ann@example.com,+15551234567")),
            "username"),
        c("input", "a header without a factor column", e -> e.batch(e.csv("username,mobile",
            "ann@example.com,+15551234567")), "factor"),
        c("input", "a password column in a file others can read", e -> e.batchWithout(e.csv("username,phone,password",
            "ann@example.com,+15551234567," + SECRET), "--password-file"), "chmod 600"),
        c("input", "a password column and --password-file", e -> e.batch(e.file("users.csv",
            "username,phone,password\nann@example.com,+15551234567," + SECRET + "\n", "rw-------")), "password"),
        // ---- rows (each listed with its line) ----
        c("row", "phone 555-1234 (not E.164)", e -> e.batch(e.withGood("username,phone",
            "ann@example.com,555-1234")), "nothing was sent"),
        c("row", "voice +1 555 123 4567 (spaces)", e -> e.batch(e.withGood("username,voice",
            "ann@example.com,+1 555 123 4567")), "nothing was sent"),
        c("row", "email jane.example.com", e -> e.batch(e.withGood("username,email",
            "ann@example.com,jane.example.com")), "nothing was sent"),
        c("row", "no username", e -> e.batch(e.withGood("username,phone", ",+15551234567")), "nothing was sent"),
        c("row", "the same username twice (any case)", e -> e.batch(e.csv("username,phone",
            "ann@example.com,+15551234567", "ANN@example.com,+15551234568")), "nothing was sent"),
        c("row", "two factors in one row", e -> e.batch(e.withGood("username,phone,email",
            "ann@example.com,+15551234567,ann@example.com")), "nothing was sent"),
        c("row", "no factor", e -> e.batch(e.withGood("username,phone,email", "ann@example.com,,")),
            "nothing was sent"),
        c("row", "authenticator_app yes", e -> e.batch(e.csv("username,phone,authenticator_app",
            "zed@example.com,+15557654321,", "ann@example.com,,yes")), "nothing was sent"),
        c("row", "a CSV row with a field too many", e -> e.batch(e.withGood("username,phone",
            "ann@example.com,+15551234567,extra")), "nothing was sent"),
        c("row", "an unclosed quote", e -> e.batch(e.withGood("username,phone", "\"ann@example.com,+15551234567")),
            "nothing was sent"),
        c("row", "JSON Lines: an unknown key", e -> e.batch(e.jsonl(GOOD_JSON, "{\"username\":\"ann@example.com\","
            + "\"phone\":\"+15551234567\",\"mobile\":\"x\"}")), "nothing was sent"),
        c("row", "JSON Lines: not JSON", e -> e.batch(e.jsonl(GOOD_JSON, "username=ann@example.com")),
            "nothing was sent"),
        c("row", "JSON Lines: a number as username", e -> e.batch(e.jsonl(GOOD_JSON, "{\"username\":7,\"phone\":"
            + "\"+15551234567\"}")), "nothing was sent"),
        c("row", "JSON Lines: a password in a row, with --password-file", e -> e.batch(e.file("users.jsonl",
            "{\"username\":\"ann@example.com\",\"phone\":\"+15551234567\",\"password\":\"" + SECRET + "\"}\n",
            "rw-------")), "password"),
        c("row", "three bad rows of four", e -> e.batch(e.csv("username,phone", "ann@example.com,+15551234567",
            "bob@example.com,12", ",+15551234568", "ann@example.com,+15551234569")), "--skip-invalid"),
        c("row", "every row bad, with --skip-invalid", e -> e.batch(e.csv("username,phone", "ann@example.com,12"),
            "--skip-invalid"), "every row"),
        // ---- options ----
        c("option", "phone rows and no code source", e -> e.batchWithout(e.good(), "--send-only"), "--code-command"),
        c("option", "--send-only with --code-command", e -> e.batch(e.good(), "--code-command", "echo 123456"),
            "--code-command"),
        c("option", "--codes with --send-only", e -> e.batch(e.good(), "--codes", e.file("codes.csv",
            "username,code\n", "rw-------").toString()), "--codes"),
        c("option", "--code-command ''", e -> e.batchWithout(e.good(), "--send-only", "--code-command", ""),
            "--code-command"),
        c("option", "--parallel 0", e -> e.batch(e.good(), "--parallel", "0"), "--parallel"),
        c("option", "--parallel 1000", e -> e.batch(e.good(), "--parallel", "1000"), "--parallel"),
        c("option", "--rate 0", e -> e.batch(e.good(), "--rate", "0"), "--rate"),
        c("option", "--rate fast", e -> e.batch(e.good(), "--rate", "fast"), "--rate"),
        c("option", "stdin (-) without --journal", e -> e.batch(Path.of("-")), "--journal"),
        c("option", "stdin (-) with --client-secret -", e -> e.batch(Path.of("-"), "--journal",
            e.dir().resolve("j").toString(), "--client-secret", "-"), "--client-secret"),
        c("option", "app rows without --secrets-file", e -> e.batch(e.csv("username,authenticator_app",
            "ann@example.com,true")), "--secrets-file"),
        c("option", "no --recovery-codes-file", e -> e.batchWithout(e.good(), "--recovery-codes-file"),
            "--recovery-codes-file"),
        c("option", "--password hunter2 (no such option)", e -> e.batch(e.good(), "--password", "hunter2"),
            "--password"),
        // ---- files the run writes ----
        c("file", "--recovery-codes-file readable by others", e -> e.batchWithout(e.good(), "--recovery-codes-file",
            "--recovery-codes-file", e.file("open-rc.jsonl", "", "rw-r--r--").toString()), "chmod 600"),
        c("file", "--recovery-codes-file a directory", e -> e.batchWithout(e.good(), "--recovery-codes-file",
            "--recovery-codes-file", e.dir().toString()), "--recovery-codes-file"),
        c("file", "--secrets-file readable by others", e -> e.batch(e.csv("username,authenticator_app",
            "ann@example.com,true"), "--secrets-file", e.file("open-s.jsonl", "", "rw-r--r--").toString()),
            "chmod 600"),
        c("file", "--password-file readable by others", e -> e.batchWithout(e.good(), "--password-file",
            "--password-file", e.file("open-pw.txt", SECRET, "rw-r--r--").toString()), "chmod 600"),
        c("file", "--journal readable by others", e -> e.batch(e.good(), "--journal",
            e.file("open.journal", "", "rw-r--r--").toString()), "chmod 600"),
        c("file", "--journal in a directory every user can write (mode 777, like /tmp)", e -> {
          Path shared = Files.createDirectories(e.dir().resolve("shared"));
          Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
          return e.batch(e.good(), "--journal", shared.resolve("users.journal").toString());
        }, "--journal"),
        c("file", "--journal not a journal", e -> e.batch(e.good(), "--journal",
            e.file("notes.txt", "{\"hello\":1}\n", "rw-------").toString()), "not an mfa batch journal"),
        c("file", "--journal of another input", e -> e.batch(e.good(), "--journal", e.file("other.journal",
            "{\"journal\":\"mfa batch\",\"version\":1,\"input\":\"old.csv\",\"input_sha256\":\"" + "ab".repeat(32)
            + "\",\"tenant\":\"" + e.url() + "\",\"client_id\":\"bad-input-client\",\"created_at\":"
            + "\"2026-01-01T00:00:00Z\"}\n", "rw-------").toString()), "another input"),
        c("file", "--journal of another tenant", e -> {
          Path input = e.good();
          String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
              .digest(Files.readAllBytes(input)));
          return e.batch(input, "--journal", e.file("tenant.journal", "{\"journal\":\"mfa batch\",\"version\":1,"
              + "\"input\":\"users.csv\",\"input_sha256\":\"" + sha + "\",\"tenant\":\"https://acme.us.auth0.com\","
              + "\"client_id\":\"bad-input-client\",\"created_at\":\"2026-01-01T00:00:00Z\"}\n", "rw-------")
              .toString());
        }, "another tenant"),
        // ---- the codes of a confirming run ----
        c("codes", "--codes that does not exist", e -> e.batchWithout(e.good(), "--send-only", "--codes",
            e.dir().resolve("nope.csv").toString()), "--codes"),
        c("codes", "--codes with a 5-digit code and a row without username", e -> e.batchWithout(e.good(),
            "--send-only", "--codes", e.file("codes.csv", "username,code\nann@example.com,12345\n,123456\n",
            "rw-------").toString()), "--codes"),
        c("codes", "--codes with an unknown column", e -> e.batchWithout(e.good(), "--send-only", "--codes",
            e.file("codes.csv", "username,code,note\nann@example.com,123456,x\n", "rw-------").toString()),
            "--codes"),
        c("codes", "--codes without a code column", e -> e.batchWithout(e.good(), "--send-only", "--codes",
            e.file("codes.csv", "username,otp\nann@example.com,123456\n", "rw-------").toString()), "--codes"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isExit2NamingWhatIsWrongWithEveryBadRowListedAndNothingSent(Case c) throws Exception {
    Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "bad-input-client");
    String[] args = c.setup().args(new Env(server.url(), dir, cli));

    Cli.Result r = cli.run(args);

    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out(), r::toString);
    assertEquals(0, server.connections(), "nothing may be sent");
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    List<String> lines = r.errLines();
    String last = lines.get(lines.size() - 1);
    assertTrue(last.startsWith("mfa: "), r::toString);
    assertTrue(last.contains(c.names()), () -> "the last line must name '" + c.names() + "':\n" + r);
    assertTrue(last.matches("mfa: .+((\\. |; |: |\\? ).+|\\(.+\\)\\.?)"),
        () -> "the message must say what to do:\n" + r);
    for (String row : lines.subList(0, lines.size() - 1)) {
      assertTrue(row.matches(".+ line \\d+: .+"), () -> "a bad row names its line:\n" + r);
    }
    if (c.category().equals("row") && !c.example().contains("--password-file")) {
      assertTrue(lines.size() >= 2, () -> "the bad rows are listed above the summary:\n" + r);
    }
    assertFalse(r.err().contains(SECRET) || r.err().contains("hunter2"), () -> "a secret was echoed:\n" + r);
    int index = cases().map(Case::toString).toList().indexOf(c.toString());
    synchronized (ROWS) {
      ROWS.put(index, "| " + c.category() + " | " + md(c.example()) + " | " + r.exit() + " | "
          + md(String.join("<br>", lines.stream().map(l -> BadInputMatrixTest.normalise(l, dir, server.url()))
              .toList())) + " |");
    }
  }

  private static String md(String s) {
    return s.replace("|", "\\|");
  }

  @AfterAll
  static void documentTheTable() {
    long count = cases().count();
    if (ROWS.size() != count) {
      return;
    }
    StringBuilder md = new StringBuilder();
    md.append("| input | bad value | exit | stderr (each line) |\n|---|---|---|---|\n");
    ROWS.values().forEach(row -> md.append(row).append('\n'));
    md.append("\nBatch bad inputs tried: ").append(count).append(". Each: exit 2, nothing on stdout, no connection to")
        .append(" the tenant, no password echoed; every bad row listed with its line, then one line naming what is")
        .append(" wrong and the fix.\n");
    DocBlock.check("bad-input.md", "batch-bad-input", md.toString());
  }
}
