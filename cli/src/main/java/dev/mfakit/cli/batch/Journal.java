package dev.mfakit.cli.batch;

import com.squareup.moshi.JsonWriter;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.output.Shell;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import okio.Buffer;

/**
 * The batch's journal: an append-only JSON Lines file, mode 0600 (it holds the mfa_token and oob_code that confirming
 * a row's message needs, both short-lived: 10 and 5 minutes; nothing else secret), that records each row's progress
 * so that a run killed at any moment can be resumed without a second message to anyone.
 *
 * <p>The first line binds it to one input (its SHA-256) and one tenant (base URL and client_id); a journal of
 * another input or tenant is refused with the reason. The record written before an association request ({@link
 * #sending}) is forced to disk before the method returns: from then on, whatever happens, the journal says a message
 * may have gone out, and when. Records are whole lines: a kill or power cut can only cut off the last one, which
 * {@link #open} drops (the request it announced cannot have been sent: its record was not yet on disk). Only one
 * process may use a journal at a time (a file lock).
 */
public final class Journal implements Closeable {
  /**
   * The details that are secrets (never in toString or messages). Journals of earlier versions of this command also
   * hold an app's {@code secret} and the {@code recovery_code}; they are read, never written, and never used.
   */
  static final Set<String> SECRET_DETAILS = Set.of("mfa_token", "oob_code", "secret", "recovery_code");
  /** Where an association's recovery code went: {@link #sent}'s {@code recoveryCodeGiven}. */
  static final String RECOVERY_CODE_GIVEN = "recovery_code_given";
  /** The e-mail authenticators a user had before the row's association ({@link SentAssociation#emailIdsBefore}). */
  static final String EMAIL_IDS_BEFORE = "email_ids_before";
  private static final String KIND = "mfa batch";
  private static final int VERSION = 1;
  private static final int MAX_LINE = 1024 * 1024;

  /**
   * What a journal belongs to.
   *
   * @param input the input as named on the command line (shown in messages)
   * @param inputSha256 the input's SHA-256 ({@link BatchInput.Check#sha256()})
   * @param tenant the tenant's base URL, e.g. {@code https://acme.us.auth0.com}
   * @param clientId the application's client_id
   */
  public record Binding(String input, String inputSha256, String tenant, String clientId) {}

  private final FileChannel channel;
  private final FileLock lock;
  private final Path path;
  private final Clock clock;
  private final JournalState state = new JournalState();
  private final Object forceLock = new Object();
  private long end;
  private long forcedTo;
  private boolean created;

  private Journal(Path path, FileChannel channel, FileLock lock, Clock clock) {
    this.path = path;
    this.channel = channel;
    this.lock = lock;
    this.clock = clock;
  }

  /** The journal beside an input file: {@code rows.csv.journal}. */
  public static Path defaultPath(Path input) {
    return input.resolveSibling(input.getFileName() + ".journal");
  }

  /**
   * Opens (or creates, mode 0600) the journal for one input and tenant, and replays what it holds.
   *
   * @throws BadInput when it belongs to another input or tenant, is not a journal, is damaged, is readable by group
   *     or others, or is in use by another process
   * @throws IOException when it cannot be read or written
   */
  public static Journal open(Path path, Binding binding, Clock clock) throws IOException {
    FileChannel channel;
    try {
      channel = SecureFiles.openPrivateForAppend(path);
    } catch (AccessDeniedException e) {
      if (e.getReason() != null && e.getReason().startsWith("readable")) {
        throw new BadInput("the journal " + path + " is readable by group or others (it holds secrets); run: ",
            "chmod 600 " + Shell.quote(path));
      }
      throw new BadInput("cannot open the journal " + path + " (permission denied); check its owner and mode,"
          + " or name another with --journal");
    }
    try {
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null;
      }
      if (lock == null) {
        throw new BadInput("the journal " + path + " is in use by another mfa batch; wait for it to end, or name"
            + " another journal with --journal");
      }
      Journal journal = new Journal(path, channel, lock, clock);
      journal.replay(binding);
      return journal;
    } catch (IOException | RuntimeException e) {
      channel.close();
      throw e;
    }
  }

  private void replay(Binding binding) throws IOException {
    long size = channel.size();
    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    long position = 0;
    long lineStart = 0;
    int number = 0;
    boolean header = false;
    while (position < size) {
      buffer.clear();
      int n = channel.read(buffer, position);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        byte b = buffer.get(i);
        if (b != '\n') {
          if (line.size() >= MAX_LINE) {
            throw damaged(number + 1, "a line longer than 1 MiB");
          }
          line.write(b);
          continue;
        }
        number++;
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (!header) {
          checkHeader(text, binding);
          header = true;
        } else {
          JournalRecord record;
          try {
            record = JournalRecord.parse(text);
          } catch (IllegalArgumentException e) {
            throw damaged(number, "not a journal record");
          }
          state.apply(record, lineStart);
        }
        lineStart = position + i + 1;
      }
      position += n;
    }
    if (lineStart < size) {
      // A last line without its line break: cut off by a kill or a power cut while it was written. What it
      // announced never happened (a request waits for its record to be on disk), so it goes.
      channel.truncate(lineStart);
      channel.force(true);
    }
    end = lineStart;
    channel.position(end);
    if (!header) {
      created = true;
      write(headerJson(binding) + "\n");
      forceUpTo(end);
    }
  }

  private void checkHeader(String text, Binding binding) {
    Map<String, Object> h;
    try {
      h = JournalRecord.object(text);
    } catch (IllegalArgumentException e) {
      h = Map.of();
    }
    if (!KIND.equals(h.get("journal"))) {
      throw new BadInput(path + " is not an mfa batch journal (its first line says otherwise); name another file"
          + " with --journal");
    }
    if (!(h.get("version") instanceof Double v) || v != VERSION) {
      throw new BadInput("the journal " + path + " is of another version (" + h.get("version") + ") than this mfa"
          + " writes (" + VERSION + "); finish it with the mfa that wrote it, or name another with --journal");
    }
    if (!binding.inputSha256().equals(h.get("input_sha256"))) {
      throw new BadInput("the journal " + path + " was written for another input: " + h.get("input") + " (SHA-256 "
          + shortHash(h.get("input_sha256")) + "), and " + binding.input() + " is not that (SHA-256 "
          + shortHash(binding.inputSha256()) + "); name another journal with --journal");
    }
    if (!binding.tenant().equals(h.get("tenant")) || !binding.clientId().equals(h.get("client_id"))) {
      throw new BadInput("the journal " + path + " was written for another tenant: " + h.get("tenant") + " (client "
          + h.get("client_id") + "), not " + binding.tenant() + " (client " + binding.clientId() + "); name another"
          + " journal with --journal");
    }
  }

  private static String shortHash(Object hash) {
    return hash instanceof String s && s.length() > 12 ? s.substring(0, 12) + "…" : String.valueOf(hash);
  }

  private BadInput damaged(int line, String what) {
    return new BadInput("the journal " + path + " is damaged at line " + line + " (" + what + "), so it cannot say"
        + " what was sent; repair that line, or name another journal with --journal (rows it records would run"
        + " again)");
  }

  private String headerJson(Binding binding) {
    Buffer buffer = new Buffer();
    try (JsonWriter w = JsonWriter.of(buffer)) {
      w.beginObject();
      w.name("journal").value(KIND);
      w.name("version").value(VERSION);
      w.name("input").value(binding.input());
      w.name("input_sha256").value(binding.inputSha256());
      w.name("tenant").value(binding.tenant());
      w.name("client_id").value(binding.clientId());
      w.name("created_at").value(clock.instant().toString());
      w.endObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return buffer.readUtf8();
  }

  /** What the journal held when opened. */
  public JournalState state() {
    return state;
  }

  /** True when {@link #open} created the journal. */
  public boolean created() {
    return created;
  }

  /** The journal's path. */
  public Path path() {
    return path;
  }

  // ---- records ---------------------------------------------------------------------------------------------

  /** The row was picked up. */
  public void started(BatchRow row) throws IOException {
    append(row, JournalEvent.STARTED, Map.of(), false);
  }

  /**
   * The association request for the row is about to be sent. For a factor that sends a message, returns once the
   * record is on disk (fsync): only then may the request go. (An authenticator app's association sends nothing; a
   * record lost with it costs at most an inactive entry, which resuming lists anyway.)
   */
  public void sending(BatchRow row) throws IOException {
    append(row, JournalEvent.ASSOCIATION_SENDING, Map.of("factor", row.factor().column()),
        row.factor().sendsMessage());
  }

  /**
   * The tenant answered the association.
   *
   * @param association what confirming it needs (an app's secret is not kept: an app row is associated anew instead,
   *     which sends nothing)
   * @param recoveryCodeGiven where the recovery code the answer carried went ({@code recovery-codes-file}, or
   *     {@code stderr} when that file could not be written), or null when it carried none; the code itself is not
   *     kept here
   */
  public void sent(BatchRow row, SentAssociation association, String recoveryCodeGiven) throws IOException {
    Map<String, String> d = new LinkedHashMap<>();
    put(d, "mfa_token", association.mfaToken());
    put(d, "mfa_token_expires_at", association.mfaTokenExpiresAt());
    put(d, "oob_code", association.oobCode());
    put(d, "oob_code_expires_at", association.oobCodeExpiresAt());
    if (association.emailIdsBefore() != null) {
      d.put(EMAIL_IDS_BEFORE, String.join(" ", association.emailIdsBefore()));
    }
    put(d, RECOVERY_CODE_GIVEN, recoveryCodeGiven);
    append(row, JournalEvent.ASSOCIATION_SENT, d, false);
  }

  /** The tenant refused the association: nothing was sent. */
  public void refused(BatchRow row, String reason) throws IOException {
    append(row, JournalEvent.ASSOCIATION_REFUSED, Map.of("reason", reason), false);
  }

  /** The association may or may not have been applied (the connection failed after it was sent). */
  public void outcomeUnknown(BatchRow row) throws IOException {
    append(row, JournalEvent.OUTCOME_UNKNOWN, Map.of(), true);
  }

  /** The row's authenticator is active. */
  public void confirmed(BatchRow row, String authenticatorId) throws IOException {
    Map<String, String> d = new LinkedHashMap<>();
    put(d, "authenticator_id", authenticatorId);
    append(row, JournalEvent.CONFIRMED, d, false);
  }

  /** The row failed. */
  public void failed(BatchRow row, String reason) throws IOException {
    append(row, JournalEvent.FAILED, Map.of("reason", reason), false);
  }

  private static void put(Map<String, String> d, String key, Object value) {
    if (value != null) {
      d.put(key, value.toString());
    }
  }

  private void append(BatchRow row, JournalEvent event, Map<String, String> details, boolean force)
      throws IOException {
    long written = write(new JournalRecord(row.line(), row.username(), event, clock.instant(), details).toJson()
        + "\n");
    if (force) {
      forceUpTo(written);
    }
  }

  private synchronized long write(String line) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
    while (bytes.hasRemaining()) {
      end += channel.write(bytes, end);
    }
    return end;
  }

  /** Forces the journal to disk up to {@code position}; one fsync serves every thread waiting for one. */
  private void forceUpTo(long position) throws IOException {
    synchronized (forceLock) {
      if (forcedTo >= position) {
        return;
      }
      long target;
      synchronized (this) {
        target = end;
      }
      channel.force(false);
      forcedTo = target;
    }
  }

  // ---- reading back ----------------------------------------------------------------------------------------

  /**
   * What confirming a {@link JournalEntry.Phase#SENT} row needs, read back from its record.
   *
   * @throws IllegalArgumentException when the entry is not a sent one
   * @throws IOException when the journal cannot be read
   */
  public SentAssociation sentAssociation(JournalEntry entry) throws IOException {
    if (entry.phase() != JournalEntry.Phase.SENT) {
      throw new IllegalArgumentException("the row has no answered association");
    }
    return sentAssociation(recordAt(entry.record()));
  }

  /**
   * The authenticator a {@link JournalEntry.Phase#CONFIRMED} row's record names, or null when it names none.
   *
   * @throws IllegalArgumentException when the entry is not a confirmed one
   * @throws IOException when the journal cannot be read
   */
  public String authenticatorId(JournalEntry entry) throws IOException {
    if (entry.phase() != JournalEntry.Phase.CONFIRMED) {
      throw new IllegalArgumentException("the row is not confirmed");
    }
    return recordAt(entry.record()).details().get("authenticator_id");
  }

  /** The record that starts at {@code position}. */
  private JournalRecord recordAt(long position) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    ByteBuffer buffer = ByteBuffer.allocate(4096);
    long at = position;
    read:
    while (true) {
      buffer.clear();
      int n = channel.read(buffer, at);
      if (n <= 0) {
        break;
      }
      for (int i = 0; i < n; i++) {
        if (buffer.get(i) == '\n') {
          break read;
        }
        line.write(buffer.get(i));
      }
      at += n;
    }
    return JournalRecord.parse(line.toString(StandardCharsets.UTF_8));
  }

  static SentAssociation sentAssociation(JournalRecord record) {
    Map<String, String> d = record.details();
    String before = d.get(EMAIL_IDS_BEFORE);
    return new SentAssociation(d.get("mfa_token"), time(d.get("mfa_token_expires_at")), d.get("oob_code"),
        time(d.get("oob_code_expires_at")), before == null ? null
            : before.isEmpty() ? Set.of() : Set.of(before.split(" ")));
  }

  private static Instant time(String text) {
    return text == null ? null : JournalRecord.instant(text);
  }

  /** Forces what was written to disk and releases the journal. */
  @Override
  public void close() throws IOException {
    try {
      if (channel.isOpen()) {
        channel.force(false);
        lock.release();
      }
    } finally {
      channel.close();
    }
  }

  @Override
  public String toString() {
    return "Journal[" + path + "]";
  }
}
