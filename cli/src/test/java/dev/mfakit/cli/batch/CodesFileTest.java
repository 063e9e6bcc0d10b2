package dev.mfakit.cli.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --codes CODES.csv: the codes of a --send-only run, one per user. */
class CodesFileTest {
  @TempDir
  Path dir;

  @Test
  void codesByUserCaseInsensitivelyWithEveryBadRowReportedAndNoCodeEchoed() throws IOException {
    Path f = dir.resolve("codes.csv");
    Files.writeString(f, "\uFEFFCode,Username\r\n"
        + "042917,ann@example.com\r\n"
        + "12345,bob@example.com\r\n"
        + "\r\n"
        + "111111,\r\n"
        + "222222,ANN@example.com\r\n"
        + " 333333 , cid@example.com \r\n");
    List<Problem> problems = new ArrayList<>();
    CodesFile codes = CodesFile.read(f, problems::add);

    assertEquals(List.of("line 3: code must be the 6 digits that were sent", "line 5: username is missing",
        "line 6: ANN@example.com is already on line 2; one code per user"),
        problems.stream().map(Problem::toString).toList());
    assertEquals("042917", codes.codeFor("Ann@Example.com"));
    assertEquals("333333", codes.codeFor("cid@example.com"));
    assertNull(codes.codeFor("bob@example.com"));
    assertEquals(2, codes.size());
    assertFalse(problems.toString().contains("12345"));
    assertFalse(codes.toString().contains("042917"));
  }

  @Test
  void jsonLinesToo() throws IOException {
    Path f = dir.resolve("codes.jsonl");
    Files.writeString(f, "{\"username\":\"ann@example.com\",\"code\":\"042917\"}\n{\"username\":\"bob@example.com\","
        + "\"code\":42917,\"extra\":true}\n");
    List<Problem> problems = new ArrayList<>();
    CodesFile codes = CodesFile.read(f, problems::add);

    assertEquals(List.of("line 2: unknown column 'extra'; the columns are username, code; code must be the 6 digits"
        + " that were sent"), problems.stream().map(Problem::toString).toList());
    assertEquals("042917", codes.codeFor("ann@example.com"));
  }

  @Test
  void aFileThatCannotBeUsedAtAll() throws IOException {
    Path header = dir.resolve("h.csv");
    Files.writeString(header, "user,code\nann@example.com,042917\n");
    assertEquals("--codes: " + header + " line 1 (the header): unknown column 'user'; the columns are username, code;"
        + " the header must name the columns username and code, e.g. username,code",
        assertThrows(BadInput.class, () -> CodesFile.read(header, p -> { })).getMessage());
    assertEquals("--codes: " + dir.resolve("none.csv") + " does not exist; check the path",
        assertThrows(BadInput.class, () -> CodesFile.read(dir.resolve("none.csv"), p -> { })).getMessage());
    Path txt = dir.resolve("codes.txt");
    Files.writeString(txt, "username,code\n");
    assertThrows(BadInput.class, () -> CodesFile.read(txt, p -> { }));
  }
}
