package dev.mfakit.cli.batch;

import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.output.Shell;
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
  private final Path path;
  private final FileChannel channel;

  PrivateJsonLines(String option, Path path) throws IOException {
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

  /** Appends one object as a line and forces it to disk. */
  synchronized void add(Map<String, Object> object) throws IOException {
    ByteBuffer bytes = ByteBuffer.wrap((JsonLine.of(object) + "\n").getBytes(StandardCharsets.UTF_8));
    long position = channel.size();
    while (bytes.hasRemaining()) {
      position += channel.write(bytes, position);
    }
    channel.force(false);
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
