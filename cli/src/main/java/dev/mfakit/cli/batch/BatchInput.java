package dev.mfakit.cli.batch;

import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.output.Errors;
import dev.mfakit.cli.output.Shell;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;

/**
 * The input of a batch: a file, or stdin copied to a private temporary file (so that it can be read twice), read in
 * two streamed passes. {@link #check} reads everything and reports every bad row before anything is sent; {@link
 * #rows} then hands out the good rows one at a time. Memory does not grow with the input, except for the duplicate
 * check's 20 bytes a row ({@link UsernameSet}) and one bit per line.
 *
 * <p>The input is bound to its SHA-256 ({@link Check#sha256()}): the journal records it, and the second pass checks
 * that the input did not change in between.
 */
public final class BatchInput implements Closeable {
  private final Path file;
  private final String name;
  private final boolean spooled;
  private final InputFormat format;
  private Check checked;
  private BitSet invalidLines;

  private BatchInput(Path file, String name, boolean spooled, InputFormat format) {
    this.file = file;
    this.name = name;
    this.spooled = spooled;
    this.format = format;
  }

  /**
   * Opens the input named on the command line.
   *
   * @param argument a path, or {@code -} for stdin
   * @param stdin the process's stdin (read to its end when {@code argument} is {@code -})
   * @param spoolDirectory where stdin is copied to a temporary file, mode 0600 (it may hold passwords); deleted by
   *     {@link #close()}
   * @throws BadInput when the file does not exist, is a directory, cannot be read, or has no known extension
   * @throws IOException when stdin cannot be copied
   */
  public static BatchInput open(String argument, InputStream stdin, Path spoolDirectory) throws IOException {
    if (argument.equals("-")) {
      return spool(stdin, spoolDirectory);
    }
    Path file = Path.of(argument);
    SecureFiles.Unreachable unreachable = SecureFiles.unreachable(file);
    if (unreachable != null) {
      throw new BadInput(argument + " " + unreachable.what() + "; " + Errors.lowerFirst(unreachable.todo()));
    }
    if (Files.isDirectory(file)) {
      throw new BadInput(argument + " is a directory; name the input file itself");
    }
    if (!Files.isReadable(file)) {
      throw new BadInput("cannot read " + argument + " (permission denied); check its owner and mode");
    }
    return new BatchInput(file, argument, false, InputFormat.of(file));
  }

  private static BatchInput spool(InputStream stdin, Path dir) throws IOException {
    boolean posix = Files.getFileAttributeView(dir.toAbsolutePath().getRoot(), PosixFileAttributeView.class) != null;
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Files.createDirectories(dir);
    Path copy = Files.createTempFile(dir, ".mfa-batch-stdin-", ".tmp", attrs);
    int first = -1;
    try (OutputStream out = Files.newOutputStream(copy)) {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = stdin.read(buffer)) > 0) {
        if (first < 0) {
          first = firstNonBlank(buffer, n);
        }
        out.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(copy);
      throw e;
    }
    return new BatchInput(copy, "stdin", true, InputFormat.sniff(first));
  }

  /** The first byte that is not blank nor part of a UTF-8 byte order mark, or -1. */
  private static int firstNonBlank(byte[] bytes, int n) {
    for (int i = 0; i < n; i++) {
      int b = bytes[i] & 0xff;
      if (b != ' ' && b != '\t' && b != '\r' && b != '\n' && b != 0xEF && b != 0xBB && b != 0xBF) {
        return b;
      }
    }
    return -1;
  }

  /** The input's format. */
  public InputFormat format() {
    return format;
  }

  /** How messages name the input: the path as given, or {@code stdin}. */
  public String name() {
    return name;
  }

  /** The file read: the input itself, or stdin's private copy. */
  public Path file() {
    return file;
  }

  /** True when the input came from stdin. */
  public boolean fromStdin() {
    return spooled;
  }

  /**
   * What the first pass found.
   *
   * @param rows the rows read (records that are not blank; the CSV header not counted)
   * @param invalid how many of them are bad (each reported once)
   * @param passwords whether the input has a password column
   * @param sha256 the input's SHA-256, lower-case hex
   * @param messageRows how many of the good rows enroll a factor that sends a message (phone, voice, e-mail)
   */
  public record Check(long rows, long invalid, boolean passwords, String sha256, long messageRows) {
    /** The rows that will run. */
    public long valid() {
      return rows - invalid;
    }

    /** How many of the good rows enroll an authenticator app. */
    public long appRows() {
      return valid() - messageRows;
    }
  }

  /**
   * The first pass: reads the whole input and checks every row, in order. Nothing is held but the duplicate check's
   * table.
   *
   * @param passwords where the passwords come from
   * @param problems receives every bad row (and header problem), in line order
   * @return the counts and the input's hash
   * @throws BadInput when the input as a whole cannot be used: not UTF-8, passwords in a file others may read,
   *     a password column although one password file is given, or no rows at all
   * @throws IOException when the file cannot be read
   */
  public Check check(PasswordSource passwords, Consumer<Problem> problems) throws IOException {
    BitSet invalid = new BitSet();
    long rows = 0;
    long bad = 0;
    long messageRows = 0;
    boolean passwordColumn;
    MessageDigest sha256 = sha256();
    try (Reader reader = reader(sha256)) {
      RecordSource records = records(reader);
      RowCheck rowCheck = new RowCheck(passwords);
      boolean passwordsChecked = false;
      List<String> headerProblems = new ArrayList<>();
      int headerLine = 0;
      InputRecord record;
      while ((record = records.next()) != null) {
        if (record.header()) {
          headerProblems.add(record.unreadable());
          headerLine = record.line();
          continue;
        }
        refuseHeader(headerLine, headerProblems);
        if (!passwordsChecked && records.hasPasswordColumn()) {
          passwordsChecked = true;
          checkPasswordsAllowed(passwords);
        }
        RowCheck.Outcome outcome = rowCheck.check(record);
        rows++;
        if (outcome.problem() != null) {
          problems.accept(outcome.problem());
          invalid.set(record.line());
          bad++;
        } else if (outcome.row().factor().sendsMessage()) {
          messageRows++;
        }
      }
      refuseHeader(headerLine, headerProblems);
      passwordColumn = records.hasPasswordColumn();
    } catch (CharacterCodingException e) {
      throw new BadInput(name + " is not UTF-8 text; save it as UTF-8");
    }
    if (rows == 0) {
      throw new BadInput(name + " has no rows; " + (format == InputFormat.CSV
          ? "after the header line (e.g. username,phone) put one row per user" : "put one JSON object per line"));
    }
    checked = new Check(rows, bad, passwordColumn, HexFormat.of().formatHex(sha256.digest()), messageRows);
    invalidLines = invalid;
    return checked;
  }

  /** A bad CSV header makes every row meaningless: it alone is reported. */
  private void refuseHeader(int line, List<String> problems) {
    if (!problems.isEmpty()) {
      throw new BadInput(name + " line " + line + " (the header): " + String.join("; ", problems));
    }
  }

  private void checkPasswordsAllowed(PasswordSource passwords) throws IOException {
    if (passwords == PasswordSource.FILE) {
      throw new BadInput(name + " has a password column and one password file is given too; use one of them");
    }
    if (!spooled && SecureFiles.readableByOthers(file)) {
      throw new BadInput(name + " holds passwords and is readable by group or others; run: ",
          "chmod 600 " + Shell.quote(name));
    }
  }

  /**
   * The second pass: the good rows, in order, read one at a time. Rows found bad by {@link #check} are skipped;
   * a row that is bad now but was not then (the file changed in between) ends the iteration with an {@link
   * InputChanged}, as does a changed hash at the end; a file that cannot be read any more, with a {@link BadInput}.
   *
   * @throws IllegalStateException before {@link #check}
   */
  public Rows rows(PasswordSource passwords) throws IOException {
    return rows(passwords, problem -> { });
  }

  /**
   * The same, telling {@code skipped} about each bad row when its turn comes (with {@code --skip-invalid}, a bad
   * row is a result too).
   *
   * @param skipped receives each row {@link #check} found bad, in line order
   */
  public Rows rows(PasswordSource passwords, Consumer<Problem> skipped) throws IOException {
    if (checked == null) {
      throw new IllegalStateException("check the input first");
    }
    MessageDigest sha256 = sha256();
    Reader reader = reader(sha256);
    return new Rows(reader, records(reader), new RowCheck(passwords), sha256, skipped);
  }

  /** The good rows of the second pass; close it when done (or when stopping early). */
  public final class Rows implements Iterator<BatchRow>, Closeable {
    private final Reader reader;
    private final RecordSource records;
    private final RowCheck rowCheck;
    private final MessageDigest sha256;
    private final Consumer<Problem> skipped;
    private BatchRow next;
    private boolean done;

    private Rows(Reader reader, RecordSource records, RowCheck rowCheck, MessageDigest sha256,
        Consumer<Problem> skipped) {
      this.reader = reader;
      this.records = records;
      this.rowCheck = rowCheck;
      this.sha256 = sha256;
      this.skipped = skipped;
    }

    @Override
    public boolean hasNext() {
      if (next == null && !done) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public BatchRow next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      BatchRow row = next;
      next = null;
      return row;
    }

    private BatchRow advance() {
      try {
        InputRecord record;
        while ((record = records.next()) != null) {
          RowCheck.Outcome outcome = rowCheck.check(record);
          if (outcome.row() != null && !invalidLines.get(record.line())) {
            return outcome.row();
          }
          if (outcome.row() == null && !invalidLines.get(record.line())) {
            throw changed("line " + record.line() + " is not what was checked");
          }
          if (outcome.problem() != null) {
            skipped.accept(outcome.problem());
          }
        }
        done = true;
        // The rest of the bytes (a last line without its line break was read already) complete the hash.
        if (!HexFormat.of().formatHex(sha256.digest()).equals(checked.sha256())) {
          throw changed("its content is not what was checked");
        }
        return null;
      } catch (IOException e) {
        throw new BadInput("cannot read " + name + " any more (" + e.getClass().getSimpleName() + ")", null, e);
      }
    }

    private InputChanged changed(String what) {
      done = true;
      return new InputChanged(name + " changed while the batch ran (" + what + "), so no more rows were run. Put"
          + " it back as it was checked and run the same command again: the journal keeps what was done (and"
          + " belongs to that content)");
    }

    @Override
    public void close() throws IOException {
      reader.close();
    }
  }

  /** Deletes stdin's private copy. */
  @Override
  public void close() throws IOException {
    if (spooled) {
      Files.deleteIfExists(file);
    }
  }

  private Reader reader(MessageDigest sha256) throws IOException {
    InputStream in;
    try {
      in = Files.newInputStream(file);
    } catch (NoSuchFileException e) {
      throw new BadInput(name + " does not exist; check the path");
    } catch (AccessDeniedException e) {
      throw new BadInput("cannot read " + name + " (permission denied); check its owner and mode");
    }
    InputStream hashed = new DigestInputStream(new BufferedInputStream(in, 64 * 1024), sha256);
    // Unbuffered: the record sources read blocks of their own (Chars), which also skip a byte order mark.
    return new InputStreamReader(hashed, StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT));
  }

  private RecordSource records(Reader reader) {
    return format == InputFormat.CSV ? new CsvRecords(reader) : new JsonLinesRecords(reader);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return "BatchInput[" + name + ", " + format + "]";
  }
}
