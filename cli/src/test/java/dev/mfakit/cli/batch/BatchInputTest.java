package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchInputTest {
  private static final InputStream NO_STDIN = InputStream.nullInputStream();

  @TempDir
  Path dir;

  private Path file(String name, String content, String mode) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content, StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  private Path file(String name, String content) throws IOException {
    return file(name, content, "rw-r--r--");
  }

  /** The first pass's problems, then the second pass's rows. */
  private record Read(BatchInput.Check check, List<Problem> problems, List<BatchRow> rows) {
    List<String> messages() {
      return problems.stream().map(Problem::toString).toList();
    }
  }

  private Read read(Path f, PasswordSource passwords) throws IOException {
    return read(f.toString(), NO_STDIN, passwords);
  }

  private Read read(String argument, InputStream stdin, PasswordSource passwords) throws IOException {
    try (BatchInput input = BatchInput.open(argument, stdin, dir)) {
      List<Problem> problems = new ArrayList<>();
      BatchInput.Check check = input.check(passwords, problems::add);
      List<BatchRow> rows = new ArrayList<>();
      try (BatchInput.Rows it = input.rows(passwords)) {
        it.forEachRemaining(rows::add);
      }
      return new Read(check, problems, rows);
    }
  }

  // ---- CSV -----------------------------------------------------------------------------------------------

  @Test
  void csvRowsOfEveryFactor() throws IOException {
    Read r = read(file("users.csv", """
        username,phone,voice,email,authenticator_app
        ann@example.com,+15551230001,,,
        bob@example.com,,+15551230002,,
        cid@example.com,,,cid@mail.example.com,
        dee@example.com,,,,true
        """), PasswordSource.FILE);

    assertEquals(List.of(), r.problems());
    assertEquals(List.of(
        new BatchRow(2, "ann@example.com", BatchFactor.PHONE, "+15551230001", null),
        new BatchRow(3, "bob@example.com", BatchFactor.VOICE, "+15551230002", null),
        new BatchRow(4, "cid@example.com", BatchFactor.EMAIL, "cid@mail.example.com", null),
        new BatchRow(5, "dee@example.com", BatchFactor.AUTHENTICATOR_APP, null, null)), r.rows());
    assertEquals(4, r.check().rows());
    assertEquals(4, r.check().valid());
    assertFalse(r.check().passwords());
  }

  @Test
  void csvQuotingCrlfBomAndBlankLinesKeepLineNumbers() throws IOException {
    String csv = "\uFEFFUsername , Email,password\r\n"
        + "\r\n"
        + "\"ann@example.com\",ann@mail.example.com,\" pass, with \"\"quotes\"\" \"\r\n"
        + "  bob@example.com  ,  bob@mail.example.com  ,\"two\r\nlines\"\r\n"
        + "   \r\n"
        + "cid@example.com,cid@mail.example.com,plain\r\n";
    Read r = read(file("q.csv", csv, "rw-------"), PasswordSource.ROWS);

    assertEquals(List.of(), r.problems());
    assertEquals(List.of(
        new BatchRow(3, "ann@example.com", BatchFactor.EMAIL, "ann@mail.example.com", " pass, with \"quotes\" "),
        new BatchRow(4, "bob@example.com", BatchFactor.EMAIL, "bob@mail.example.com", "two\nlines"),
        new BatchRow(7, "cid@example.com", BatchFactor.EMAIL, "cid@mail.example.com", "plain")), r.rows());
    assertTrue(r.check().passwords());
  }

  @Test
  void csvRowsThatCannotBeReadAreReportedAndTheRestRead() throws IOException {
    Read r = read(file("bad.csv", """
        username,phone
        ann@example.com,+15551230001,extra
        "bob@example.com"x,+15551230002
        cid@example.com,+15551230003
        "dee@example.com,+15551230004
        """), PasswordSource.FILE);

    assertEquals(List.of(
        "line 2: has 3 fields, the header has 2; put a value that holds a comma in double quotes",
        "line 3: has text after the closing quote of a field; a quote inside a quoted value is written \"\"",
        "line 5: a quoted field is never closed; add the missing \""), r.messages());
    assertEquals(List.of(new BatchRow(4, "cid@example.com", BatchFactor.PHONE, "+15551230003", null)), r.rows());
    assertEquals(4, r.check().rows());
    assertEquals(3, r.check().invalid());
  }

  @Test
  void aBadHeaderIsOneMessageNotOnePerRow() throws IOException {
    Path f = file("h.csv", "\nusername,phon,email,email\nann@example.com,+15551230001,a@b.co,a@b.co\n");
    BadInput e = assertThrows(BadInput.class, () -> read(f, PasswordSource.FILE));
    assertEquals(f + " line 2 (the header): unknown column 'phon'; the columns are username, phone, voice, email,"
        + " authenticator_app, password; the column 'email' appears twice in the header; keep one", e.getMessage());

    Path none = file("n.csv", "user,mobile\nann,+15551230001\n");
    BadInput missing = assertThrows(BadInput.class, () -> read(none, PasswordSource.FILE));
    assertTrue(missing.getMessage().contains("the header has no username column; the first line must name the"
        + " columns, e.g. username,phone; the header has no factor column"), missing.getMessage());
  }

  // ---- JSON Lines ----------------------------------------------------------------------------------------

  @Test
  void jsonLinesRowsWithBlankLinesCrlfAndBom() throws IOException {
    String jsonl = "\uFEFF{\"username\":\"ann@example.com\",\"phone\":\"+15551230001\",\"password\":\" p w \"}\r\n"
        + "\r\n"
        + "{\"username\":\"dee@example.com\",\"authenticator_app\":true,\"email\":null,\"password\":\"x\"}\r\n"
        + "{\"username\":\"eve@example.com\",\"email\":\"eve@mail.example.com\",\"authenticator_app\":false,"
        + "\"password\":\"y\"}";
    Read r = read(file("u.jsonl", jsonl, "rw-------"), PasswordSource.ROWS);

    assertEquals(List.of(), r.problems());
    assertEquals(List.of(
        new BatchRow(1, "ann@example.com", BatchFactor.PHONE, "+15551230001", " p w "),
        new BatchRow(3, "dee@example.com", BatchFactor.AUTHENTICATOR_APP, null, "x"),
        new BatchRow(4, "eve@example.com", BatchFactor.EMAIL, "eve@mail.example.com", "y")), r.rows());
  }

  @Test
  void jsonLinesThatAreNotOneObjectOfStringsAreReported() throws IOException {
    Read r = read(file("bad.ndjson", """
        ["ann@example.com"]
        {"username":"bob@example.com","phone":15551230002}
        {"username":"cid@example.com","phone":"+15551230003"} {}
        {"username":"dee@example.com","phone":"+15551230004","username":"x"}
        {"username":"eve@example.com",
        {"username":"fay@example.com","phon":"+15551230006","authenticator_app":"yes"}
        {"username":"gus@example.com","phone":"+15551230007"}
        """), PasswordSource.FILE);

    assertEquals(List.of(
        "line 1: is not a JSON object; JSON Lines has one {...} per line",
        "line 2: phone must be a string, not a number; no factor; fill in one of phone, voice, email,"
            + " authenticator_app",
        "line 3: has more than one JSON value; one object per line",
        "line 4: has \"username\" twice; keep one",
        "line 5: is not valid JSON; JSON Lines has one {...} per line",
        "line 6: unknown column 'phon'; the columns are username, phone, voice, email, authenticator_app, password;"
            + " authenticator_app must be true (or empty); no factor; fill in one of phone, voice, email,"
            + " authenticator_app"), r.messages());
    assertEquals(List.of(new BatchRow(7, "gus@example.com", BatchFactor.PHONE, "+15551230007", null)), r.rows());
  }

  // ---- the row check -------------------------------------------------------------------------------------

  @Test
  void everyBadRowIsListedWithEveryProblemAndNoRecipientIsEchoed() throws IOException {
    Read r = read(file("v.csv", """
        username,phone,email,authenticator_app
        ,+15551230001,,
        ann@example.com,555-0100,,
        bob@example.com,,bob-at-example.com,
        cid@example.com,+15551230003,cid@mail.example.com,
        dee@example.com,,,
        eve@example.com,,,maybe
        ANN@example.com,+15551230007,,
        fay@example.com,+15551230008,,true
        gus@example.com,+15551230009,,
        """), PasswordSource.FILE);

    assertEquals(List.of(
        "line 2: username is missing",
        "line 3: phone must be an E.164 number like +15551234567 (+, country code, 8 to 15 digits, no spaces)",
        "line 4: email must be an e-mail address like user@example.com",
        "line 5: fills in phone and email; one factor per row",
        "line 6: no factor; fill in one of phone, voice, email, authenticator_app",
        "line 7: authenticator_app must be true (or empty); no factor; fill in one of phone, voice, email,"
            + " authenticator_app",
        "line 8: ANN@example.com is already on line 3; one row per user",
        "line 9: fills in phone and authenticator_app; one factor per row"), r.messages());
    assertTrue(r.messages().stream().noneMatch(m -> m.contains("555-0100") || m.contains("bob-at-example")));
    assertEquals(List.of(new BatchRow(10, "gus@example.com", BatchFactor.PHONE, "+15551230009", null)), r.rows());
    assertEquals(9, r.check().rows());
    assertEquals(8, r.check().invalid());
  }

  @Test
  void duplicatesAreFoundAmongManyRows() throws IOException {
    StringBuilder csv = new StringBuilder("username,authenticator_app\n");
    for (int i = 0; i < 5000; i++) {
      csv.append("user").append(i).append("@example.com,true\n");
    }
    csv.append("USER4321@example.com,true\n");
    Read r = read(file("many.csv", csv.toString()), PasswordSource.FILE);

    assertEquals(List.of("line 5002: USER4321@example.com is already on line 4323; one row per user"),
        r.messages());
    assertEquals(5000, r.rows().size());
  }

  @Test
  void passwordsPerRowAreRequiredAndKeptExactly() throws IOException {
    Read r = read(file("p.jsonl", """
        {"username":"ann@example.com","phone":"+15551230001","password":"  spaced  "}
        {"username":"bob@example.com","phone":"+15551230002"}
        {"username":"cid@example.com","phone":"+15551230003","password":12}
        """, "rw-------"), PasswordSource.ROWS);

    assertEquals(List.of(
        "line 2: no password; fill in the password column, or give one password for all rows in a file",
        "line 3: password must be a string, not a number"), r.messages());
    assertEquals("  spaced  ", r.rows().get(0).password());
    assertFalse(r.rows().get(0).toString().contains("spaced"), "toString hides the password");
  }

  @Test
  void anInputWithPasswordsMustBePrivate() throws IOException {
    Path open = file("open.csv", "username,phone,password\nann@example.com,+15551230001,hunter2\n", "rw-r--r--");
    BadInput e = assertThrows(BadInput.class, () -> read(open, PasswordSource.ROWS));
    assertEquals(open + " holds passwords and is readable by group or others; run: chmod 600 " + open,
        e.getMessage());
    assertEquals("chmod 600 " + open, e.command());
    assertFalse(e.getMessage().contains("hunter2"));

    Path grouped = file("g.jsonl", "{\"username\":\"a@example.com\",\"phone\":\"+15551230001\"}\n"
        + "{\"username\":\"b@example.com\",\"phone\":\"+15551230002\",\"password\":\"pw\"}\n", "rw-r-----");
    assertThrows(BadInput.class, () -> read(grouped, PasswordSource.ROWS),
        "JSON Lines: refused at the first password");

    Path closed = file("closed.csv", "username,phone,password\nann@example.com,+15551230001,hunter2\n", "rw-------");
    assertEquals(1, read(closed, PasswordSource.ROWS).rows().size());
  }

  @Test
  void aPasswordColumnWithAPasswordFileIsRefused() throws IOException {
    Path f = file("both.csv", "username,phone,password\nann@example.com,+15551230001,pw\n", "rw-------");
    BadInput e = assertThrows(BadInput.class, () -> read(f, PasswordSource.FILE));
    assertEquals(f + " has a password column and one password file is given too; use one of them", e.getMessage());
  }

  // ---- the input as a whole ------------------------------------------------------------------------------

  @Test
  void stdinIsCopiedPrivatelyReadByItsFirstCharacterAndDeleted() throws IOException {
    byte[] jsonl = "\n  {\"username\":\"ann@example.com\",\"phone\":\"+15551230001\"}\n".getBytes(StandardCharsets.UTF_8);
    try (BatchInput input = BatchInput.open("-", new ByteArrayInputStream(jsonl), dir.resolve("spool"))) {
      assertTrue(input.fromStdin());
      assertEquals("stdin", input.name());
      assertEquals(InputFormat.JSON_LINES, input.format());
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(input.file())));
      assertEquals(1, input.check(PasswordSource.FILE, p -> { }).valid());
      input.close();
      assertFalse(Files.exists(input.file()));
    }
    byte[] csv = "username,email\nann@example.com,ann@mail.example.com\n".getBytes(StandardCharsets.UTF_8);
    Read r = read("-", new ByteArrayInputStream(csv), PasswordSource.FILE);
    assertEquals(1, r.rows().size());
  }

  @Test
  void theInputIsBoundToItsHashAndAChangeBetweenThePassesStopsTheRows() throws IOException {
    Path f = file("c.csv", "username,phone\nann@example.com,+15551230001\nbob@example.com,+15551230002\n");
    try (BatchInput input = BatchInput.open(f.toString(), NO_STDIN, dir)) {
      BatchInput.Check check = input.check(PasswordSource.FILE, p -> { });
      // sha256 of the file's bytes, computed independently
      assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
          .digest(Files.readAllBytes(f))), check.sha256());

      Files.writeString(f, "username,phone\nann@example.com,+15551230001\nbob@example.com,oops\n");
      try (BatchInput.Rows rows = input.rows(PasswordSource.FILE)) {
        assertEquals("ann@example.com", rows.next().username());
        InputChanged e = assertThrows(InputChanged.class, rows::hasNext);
        assertTrue(e.getMessage().startsWith(f + " changed while the batch ran (line 3 is not what was checked)"),
            e.getMessage());
      }
      Files.writeString(f, "username,phone\nann@example.com,+15551230001\nbob@example.com,+15551230009\n");
      try (BatchInput.Rows rows = input.rows(PasswordSource.FILE)) {
        rows.next();
        rows.next();
        InputChanged e = assertThrows(InputChanged.class, rows::hasNext, "same rows shape, other content");
        assertTrue(e.getMessage().contains("its content is not what was checked"), e.getMessage());
      }
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void inputsThatCannotBeUsedAtAll() throws IOException {
    assertEquals("nope.csv does not exist; check the path",
        assertThrows(BadInput.class, () -> BatchInput.open("nope.csv", NO_STDIN, dir)).getMessage());
    assertTrue(assertThrows(BadInput.class, () -> BatchInput.open(dir.toString(), NO_STDIN, dir)).getMessage()
        .endsWith("is a directory; name the input file itself"));
    Path txt = file("users.txt", "username,phone\n");
    assertEquals(txt + ": cannot tell its format from its name; name it .csv (a header row, then one row per user)"
        + " or .jsonl (one JSON object per line)",
        assertThrows(BadInput.class, () -> BatchInput.open(txt.toString(), NO_STDIN, dir)).getMessage());

    Path empty = file("empty.csv", "username,phone\n\n");
    assertEquals(empty + " has no rows; after the header line (e.g. username,phone) put one row per user",
        assertThrows(BadInput.class, () -> read(empty, PasswordSource.FILE)).getMessage());

    Path latin1 = dir.resolve("l.csv");
    Files.write(latin1, "username,phone\nj\u00f6rg@example.com,+15551230001\n".getBytes(StandardCharsets.ISO_8859_1));
    assertEquals(latin1 + " is not UTF-8 text; save it as UTF-8",
        assertThrows(BadInput.class, () -> read(latin1, PasswordSource.FILE)).getMessage());
  }

  @Test
  void rowsBeforeTheCheckAreRefused() throws IOException {
    Path f = file("x.csv", "username,phone\nann@example.com,+15551230001\n");
    try (BatchInput input = BatchInput.open(f.toString(), NO_STDIN, dir)) {
      assertThrows(IllegalStateException.class, () -> input.rows(PasswordSource.FILE));
    }
  }

  @Test
  void aLineLongerThan64KiBIsOneProblem() throws IOException {
    String big = "x".repeat(70_000);
    Read r = read(file("big.jsonl", "{\"username\":\"" + big + "\",\"phone\":\"+15551230001\"}\n"
        + "{\"username\":\"ann@example.com\",\"phone\":\"+15551230001\"}\n"), PasswordSource.FILE);
    assertEquals(List.of("line 1: is longer than 64 KiB; one user per line"), r.messages());
    assertEquals(1, r.rows().size());
    assertNull(r.rows().get(0).password());
  }
}
