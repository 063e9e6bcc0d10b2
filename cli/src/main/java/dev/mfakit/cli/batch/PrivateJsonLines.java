package dev.mfakit.cli.batch;

import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.output.Shell;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A file of secrets, one JSON object per line, mode 0600 from its creation; appended to (a resumed run adds to what
 * the killed one wrote), each line on disk before {@link #add} returns, so that what a user was handed is never
 * lost to a crash.
 */
class PrivateJsonLines implements Closeable {
  private final String option;
  private final Path path;
  private final FileChannel channel;

  PrivateJsonLines(String option, Path path) throws IOException {
    this.option = option;
    this.path = path;
    if (Files.isDirectory(path)) {
      throw new BadInput(option + ": " + path + " is a directory; name a file in it");
    }
    try {
      this.channel = SecureFiles.openPrivateForAppend(path);
    } catch (AccessDeniedException e) {
      if (e.getReason() != null && e.getReason().startsWith("readable")) {
        throw new BadInput(option + ": " + path + " is readable by group or others; run: ",
            "chmod 600 " + Shell.quote(path));
      }
      throw new BadInput(option + ": cannot write " + path + " (permission denied); pick another path");
    } catch (IOException e) {
      throw new BadInput(option + ": cannot write " + path + " (" + e.getClass().getSimpleName() + "); pick another"
          + " path");
    }
  }

  /**
   * Appends one object as a line and forces it to disk.
   *
   * @throws OutputFileFailed when it cannot be written (a full disk, a file size limit): its message names the
   *     option, the file and why
   */
  synchronized void add(Map<String, Object> object) throws OutputFileFailed {
    ByteBuffer bytes = ByteBuffer.wrap((JsonLine.of(object) + "\n").getBytes(StandardCharsets.UTF_8));
    try {
      long start = channel.size();
      long position = start;
      try {
        while (bytes.hasRemaining()) {
          position += channel.write(bytes, position);
        }
        channel.force(false);
      } catch (IOException e) {
        // No half line stays behind for the next line to be glued to.
        channel.truncate(start);
        throw e;
      }
    } catch (IOException e) {
      throw new OutputFileFailed(option + " " + path + " could not be written (" + SecureFiles.reason(e, path) + ")",
          e);
    }
  }

  /**
   * Whether a line of the file holds {@code key} with {@code value} (case-insensitive): read from the start, for the
   * rare row that must know (a whole pass over the file).
   *
   * @throws IOException when the file cannot be read
   */
  synchronized boolean holds(String key, String value) throws IOException {
    try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        Object v;
        try {
          v = JournalRecord.object(line).get(key);
        } catch (IllegalArgumentException e) {
          continue; // a line of someone else's editing: not ours to judge here
        }
        if (v instanceof String s && s.equalsIgnoreCase(value)) {
          return true;
        }
      }
      return false;
    }
  }

  /** The file. */
  Path path() {
    return path;
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
