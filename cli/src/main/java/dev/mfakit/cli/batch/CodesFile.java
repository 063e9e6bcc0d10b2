package dev.mfakit.cli.batch;

import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.output.Errors;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code --codes CODES.csv}: the codes that arrived for the rows a {@code --send-only} run associated, one per user:
 * CSV with the header {@code username,code} (or JSON Lines, {@code {"username":"…","code":"123456"}}). Every bad row
 * is reported with its line; a code is never echoed. Held in memory (a confirming run is as large as the codes that
 * are still valid, minutes' worth).
 */
public final class CodesFile {
  private static final List<String> COLUMNS = List.of(Columns.USERNAME, "code");
  private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

  private final Map<String, String> codes;

  private CodesFile(Map<String, String> codes) {
    this.codes = codes;
  }

  /**
   * Reads the file.
   *
   * @param problems receives every bad row, in line order
   * @throws BadInput when the file cannot be used at all: missing, unknown extension, not UTF-8, a bad header
   * @throws IOException when it cannot be read
   */
  public static CodesFile read(Path file, Consumer<Problem> problems) throws IOException {
    SecureFiles.Unreachable unreachable = SecureFiles.unreachable(file);
    if (unreachable != null) {
      throw new BadInput("--codes: " + file + " " + unreachable.what() + "; " + Errors.lowerFirst(unreachable.todo()));
    }
    if (!Files.isRegularFile(file)) {
      throw new BadInput("--codes: " + file + (Files.isDirectory(file) ? " is a directory; name the codes file itself"
          : " is not a regular file; name the codes file itself"));
    }
    InputFormat format = InputFormat.of(file);
    Map<String, String> codes = new HashMap<>();
    Map<String, Integer> lines = new HashMap<>();
    try (Reader reader = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT))) {
      RecordSource records = format == InputFormat.CSV
          ? new CsvRecords(reader, COLUMNS, CodesFile::missingColumns) : new JsonLinesRecords(reader);
      List<String> header = new ArrayList<>();
      int headerLine = 0;
      InputRecord record;
      while ((record = records.next()) != null) {
        if (record.header()) {
          header.add(record.unreadable());
          headerLine = record.line();
          continue;
        }
        if (!header.isEmpty()) {
          break;
        }
        String problem = check(record, codes, lines);
        if (problem != null) {
          problems.accept(new Problem(record.line(), problem));
        }
      }
      if (!header.isEmpty()) {
        throw new BadInput("--codes: " + file + " line " + headerLine + " (the header): " + String.join("; ", header));
      }
    } catch (CharacterCodingException e) {
      throw new BadInput("--codes: " + file + " is not UTF-8 text; save it as UTF-8");
    } catch (NoSuchFileException e) {
      throw new BadInput("--codes: " + file + " does not exist; check the path");
    }
    return new CodesFile(codes);
  }

  private static List<String> missingColumns(java.util.Set<String> columns) {
    return columns.containsAll(COLUMNS) ? List.of()
        : List.of("the header must name the columns username and code, e.g. username,code");
  }

  /** Adds one record's code, or says what is wrong with it. */
  private static String check(InputRecord record, Map<String, String> codes, Map<String, Integer> lines) {
    if (record.unreadable() != null) {
      return record.unreadable();
    }
    List<String> problems = new ArrayList<>();
    for (String column : record.fields().keySet()) {
      if (!COLUMNS.contains(column)) {
        problems.add("unknown column '" + column + "'; the columns are username, code");
      }
    }
    String username = record.fields().get(Columns.USERNAME) instanceof String s ? s.strip() : null;
    Object code = record.fields().get("code");
    if (username == null || username.isEmpty()) {
      problems.add("username is missing");
    }
    if (!(code instanceof String c) || !SIX_DIGITS.matcher(c.strip()).matches()) {
      problems.add(code == null ? "code is missing" : "code must be the 6 digits that were sent");
    }
    if (username != null && !username.isEmpty()) {
      Integer first = lines.putIfAbsent(username.toLowerCase(Locale.ROOT), record.line());
      if (first != null) {
        problems.add(username + " is already on line " + first + "; one code per user");
      }
    }
    if (!problems.isEmpty()) {
      return String.join("; ", problems);
    }
    codes.put(username.toLowerCase(Locale.ROOT), ((String) code).strip());
    return null;
  }

  /** The code for a user (usernames compare case-insensitively), or null when the file has none. */
  public String codeFor(String username) {
    return codes.get(username.toLowerCase(Locale.ROOT));
  }

  /** How many users have a code. */
  public int size() {
    return codes.size();
  }

  /** The codes are not shown. */
  @Override
  public String toString() {
    return "CodesFile[" + codes.size() + " codes]";
  }
}
