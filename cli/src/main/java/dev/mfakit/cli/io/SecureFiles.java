package dev.mfakit.cli.io;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.output.Errors;
import dev.mfakit.cli.output.Shell;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;

/**
 * Reading secret files safely and writing files that hold secrets (state, tokens, recovery codes) so that no
 * other user can ever read them, not even for a moment, and a reader never sees half a file.
 */
public final class SecureFiles {
  /** Secret files are small; anything larger is the wrong file. */
  static final int MAX_BYTES = 64 * 1024;

  private SecureFiles() {}

  /**
   * Reads a secret (password, token, client secret, key) from {@code file}, with one trailing line break trimmed.
   *
   * @param option the option or setting that named the file, used in the error message
   * @throws Failure (exit 2) when the file is missing, a directory, empty, too large, not UTF-8, or readable by
   *     group/others
   */
  public static String readSecret(String option, Path file) {
    String text = readChecked(option, file);
    String trimmed = trimLineBreak(text);
    if (trimmed.isBlank()) {
      throw Failure.usage(option + ": " + file + " is empty. Put the secret in it, on one line");
    }
    return trimmed;
  }

  /** Reads a file that holds secrets as a whole (a state file): same checks as {@link #readSecret}. */
  static String readChecked(String option, Path file) {
    Unreachable unreachable = unreachable(file);
    if (unreachable != null) {
      throw Failure.usage(option + ": " + file + " " + unreachable.what() + ". " + unreachable.todo());
    }
    if (Files.isDirectory(file)) {
      throw Failure.usage(option + ": " + file + " is a directory, not a file. Name the file itself");
    }
    try {
      if (readableByOthers(file)) {
        throw Failure.usage(option + ": " + file + " is readable by group or others; run: ",
            "chmod 600 " + Shell.quote(file));
      }
      // One byte past the cap tells a file too large, without reading (or waiting on a pipe for) the rest.
      byte[] bytes;
      try (InputStream in = Files.newInputStream(file)) {
        bytes = in.readNBytes(MAX_BYTES + 1);
      }
      if (bytes.length > MAX_BYTES) {
        throw Failure.usage(option + ": " + file + " is larger than 64 KiB, so it is not a secret file."
            + " Check the path");
      }
      return decode(option, file, bytes);
    } catch (AccessDeniedException e) {
      throw Failure.usage(option + ": cannot read " + file + " (permission denied). Check its owner and mode");
    } catch (NoSuchFileException e) {
      Unreachable gone = unreachable(file);
      throw Failure.usage(option + ": " + file + " " + (gone == null ? "does not exist" : gone.what()) + ". "
          + (gone == null ? "Check the path" : gone.todo()));
    } catch (IOException e) {
      throw Failure.usage(option + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")."
          + " Check the path");
    }
  }

  /**
   * What keeps an input file from being opened, as "{@code OPTION: FILE what. todo}" says it.
   *
   * @param what e.g. {@code does not exist}, or {@code cannot be read (permission denied: you may not enter /x)}
   * @param todo e.g. {@code Check the path}
   */
  public record Unreachable(String what, String todo) {}

  /**
   * Why {@code file} cannot be reached, when it cannot: it does not exist, or a directory on its way may not be
   * entered ({@link Files#exists} is false for both, and "does not exist" would send the user looking for a typo).
   *
   * @return null when it can be reached (it may still be unreadable itself)
   */
  public static Unreachable unreachable(Path file) {
    try {
      Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class);
      return null;
    } catch (NoSuchFileException | NotDirectoryException e) {
      return new Unreachable("does not exist", "Check the path");
    } catch (AccessDeniedException e) {
      Path closed = closedDirectoryOnTheWay(file);
      return closed == null
          ? new Unreachable("cannot be read (permission denied)", "Check its owner and mode, and its directory's")
          : new Unreachable("cannot be read (permission denied: you may not enter " + closed + ")",
              "Check the owner and mode of " + closed);
    } catch (IOException e) {
      return new Unreachable("cannot be read (" + reason(e, file) + ")", "Check the path");
    }
  }

  /** The first directory on the way to {@code file} that this user may not enter, or null. */
  private static Path closedDirectoryOnTheWay(Path file) {
    Path abs = file.toAbsolutePath().normalize();
    Path dir = abs.getRoot();
    for (Path part : abs.getParent() == null ? List.<Path>of() : abs.getParent()) {
      dir = dir.resolve(part);
      if (!Files.isExecutable(dir)) {
        return dir;
      }
    }
    return null;
  }

  /**
   * True when group or others may read {@code file} (POSIX file systems only; elsewhere false): a file that holds
   * secrets must not be.
   *
   * @throws IOException when the permissions cannot be read
   */
  public static boolean readableByOthers(Path file) throws IOException {
    PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
    if (posix == null) {
      return false;
    }
    Set<PosixFilePermission> perms = posix.readAttributes().permissions();
    return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
  }

  /**
   * Opens {@code file} for appending secrets: a new file is created with mode 0600 from the start (never readable by
   * anyone else, not even for a moment), its directory 0700 if missing; an existing one must not be readable by group
   * or others.
   *
   * @return a channel positioned at the end; the caller closes it
   * @throws java.nio.file.AccessDeniedException (an IOException) naming the file when an existing one is readable by
   *     group or others
   * @throws IOException when the file cannot be created or opened
   */
  public static FileChannel openPrivateForAppend(Path file) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    try {
      FileAttribute<?>[] attrs = posix
          ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
          : new FileAttribute<?>[0];
      return FileChannel.open(target,
          Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.READ), attrs);
    } catch (FileAlreadyExistsException exists) {
      if (readableByOthers(target)) {
        throw new AccessDeniedException(file.toString(), null, "readable by group or others; run: chmod 600 "
            + Shell.quote(file));
      }
      FileChannel ch = FileChannel.open(target, StandardOpenOption.WRITE, StandardOpenOption.READ);
      ch.position(ch.size());
      return ch;
    }
  }

  /** An unexpected file failure in a few words, naming the file: {@code cannot use /x/y (permission denied)}. */
  public static String describe(IOException e) {
    if (e instanceof FileSystemException f && f.getFile() != null) {
      return "cannot use " + f.getFile() + " (" + reason(e, null) + ")";
    }
    return "a file could not be read or written (" + reason(e, null) + ")";
  }

  /**
   * Why writing or reading {@code target} failed, in a few lower-case words; names the path at fault when it is
   * not {@code target} itself ("a file is in the way at /x").
   */
  public static String reason(IOException e, Path target) {
    String why;
    if (e instanceof NoSuchFileException) {
      why = "no such file or directory";
    } else if (e instanceof AccessDeniedException) {
      why = "permission denied";
    } else if (e instanceof FileAlreadyExistsException) {
      why = "a file is in the way";
    } else if (e instanceof NotDirectoryException) {
      why = "not a directory";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      why = Errors.lowerFirst(Errors.oneLine(f.getReason()));
    } else if (e.getMessage() != null && !(e instanceof FileSystemException)) {
      why = Errors.lowerFirst(Errors.oneLine(e.getMessage()));
    } else {
      why = e.getClass().getSimpleName();
    }
    if (e instanceof FileSystemException f && f.getFile() != null && target != null
        && !Path.of(f.getFile()).toAbsolutePath().equals(target.toAbsolutePath())) {
      why += " at " + f.getFile();
    }
    return why;
  }

  /** Decodes strict UTF-8 (a binary file is the wrong file, and we must not guess). */
  static String decode(String option, Object source, byte[] bytes) {
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw Failure.usage(option + ": " + source + " is not UTF-8 text. Check the path");
    }
  }

  /** Drops one trailing {@code \n} or {@code \r\n} (what editors and {@code echo} add). */
  static String trimLineBreak(String s) {
    if (s.endsWith("\r\n")) {
      return s.substring(0, s.length() - 2);
    }
    if (s.endsWith("\n")) {
      return s.substring(0, s.length() - 1);
    }
    return s;
  }

  /**
   * Writes {@code content} to {@code file} atomically with mode 0600: a temp file created 0600 in the same
   * directory, flushed to disk, then moved over {@code file}. The parent directory is created 0700 if missing.
   *
   * @throws IOException when the file cannot be written (the old file, if any, is left as it was)
   */
  public static void writeAtomically(Path file, String content) throws IOException {
    writeAtomically(file, content.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Writes {@code content} to {@code file} as {@link #writeAtomically(Path, String)} does.
   *
   * @throws IOException when the file cannot be written (the old file, if any, is left as it was)
   */
  public static void writeAtomically(Path file, byte[] content) throws IOException {
    Path target = file.toAbsolutePath();
    Path dir = target.getParent();
    boolean posix = Files.getFileAttributeView(dir.getRoot(), PosixFileAttributeView.class) != null;
    if (!Files.isDirectory(dir)) {
      if (posix) {
        Files.createDirectories(dir,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(dir);
      }
    }
    FileAttribute<?>[] attrs = posix
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
    Path tmp = Files.createTempFile(dir, "." + cut(target.getFileName().toString(), TEMP_NAME_BYTES) + ".", ".tmp",
        attrs);
    try {
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
        ByteBuffer buf = ByteBuffer.wrap(content);
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        ch.force(true);
      }
      try {
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * How much of the target's name the temp file's name keeps: "." + name + "." + up to 20 random digits + ".tmp"
   * must stay within the 255 bytes most file systems allow a name.
   */
  private static final int TEMP_NAME_BYTES = 200;

  /** {@code name} cut to at most {@code maxBytes} of UTF-8, never inside a character. */
  static String cut(String name, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < name.length()) {
      int cp = name.codePointAt(end);
      int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > maxBytes) {
        break;
      }
      bytes += size;
      end += Character.charCount(cp);
    }
    return name.substring(0, end);
  }

  /**
   * Checks, before any request, that {@code file} can be written later: not a directory, and its nearest existing
   * ancestor is a writable directory.
   *
   * @throws Failure (exit 2) otherwise
   */
  public static void checkWritable(String option, Path file) {
    Path abs = file.toAbsolutePath();
    if (Files.isDirectory(abs)) {
      throw Failure.usage(option + ": " + file + " is a directory. Name a file in it");
    }
    Path dir = abs.getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw Failure.usage(option + ": cannot create " + file + " (no existing directory above it). Pick another"
          + " path");
    }
    if (!Files.isDirectory(dir)) {
      throw Failure.usage(option + ": cannot create " + file + " (" + dir + " is a file, not a directory). Pick"
          + " another path");
    }
    if (!Files.isWritable(dir)) {
      throw Failure.usage(option + ": cannot create " + file + " (" + dir + " is not writable). Pick another path");
    }
  }

  /**
   * Checks, before any request, that a file that will hold a secret (a state, tokens, a recovery code, a TOTP secret,
   * its QR code, a batch's journal) can be written, and not into a directory every user can write, sticky or not
   * (like /tmp): there anyone may see its name, claim the name first, or (without the sticky bit) replace it, and
   * such directories are emptied at reboot or by age, with a recovery code in them. A private directory made there
   * ({@code mktemp -d}) is fine.
   *
   * @throws Failure (exit 2) otherwise
   */
  public static void checkPrivateWritable(String option, Path file) {
    checkWritable(option, file);
    checkPrivateDirectory(option, file);
  }

  /**
   * The directory half of {@link #checkPrivateWritable}: {@code file}'s directory (the nearest that exists) is not
   * writable by every user.
   *
   * @throws Failure (exit 2) otherwise
   */
  public static void checkPrivateDirectory(String option, Path file) {
    if (Files.isDirectory(file)) {
      return; // not a file at all: the caller says so
    }
    Path dir = file.toAbsolutePath().getParent();
    while (dir != null && !Files.exists(dir)) {
      dir = dir.getParent();
    }
    try {
      PosixFileAttributeView posix = dir == null ? null : Files.getFileAttributeView(dir, PosixFileAttributeView.class);
      if (posix != null && posix.readAttributes().permissions().contains(PosixFilePermission.OTHERS_WRITE)) {
        throw Failure.usage(option + ": " + dir + " is writable by every user" + (dir.equals(Path.of("/tmp")) ? ""
            : " (like /tmp)") + ", and " + file + " would hold a secret. Pick a private directory: your home, or one"
            + " made with mktemp -d");
      }
    } catch (IOException e) {
      throw Failure.usage(option + ": cannot check " + dir + " (" + reason(e, dir) + "). Pick another path");
    }
  }

  /**
   * Checks, before any request, that {@code file} does not exist: an output that holds a secret never replaces a file
   * this run did not write (it may hold another account's secret, or anything else).
   *
   * @param holds what the file there may hold, e.g. {@code "another account's secret"}
   * @throws Failure (exit 2) when something is at {@code file}, a dangling link included
   */
  public static void checkNew(String option, Path file, String holds) {
    if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      throw Failure.usage(option + ": " + file + " exists and may hold " + holds + "; pick a new path or remove it");
    }
  }

  /**
   * What an existing file holds, to tell whether an output may replace it (tokens, a spent recovery code, a state
   * whose step is done): its text when it is a small UTF-8 file, else "" (nothing an output replaces). Its mode does
   * not matter here: the output that replaces it is written 0600.
   *
   * @return the text, or null when nothing is at {@code file} (a dangling link is something)
   * @throws Failure (exit 2) when it exists but cannot be read
   */
  public static String readExisting(String option, Path file) {
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    if (!Files.isRegularFile(file)) {
      return "";
    }
    try (InputStream in = Files.newInputStream(file)) {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      return bytes.length > MAX_BYTES ? "" : decode(option, file, bytes);
    } catch (Failure notText) {
      return "";
    } catch (IOException e) {
      throw Failure.usage(option + ": cannot read " + file + " to tell what it holds (" + reason(e, file) + "). Pick"
          + " another path");
    }
  }
}
