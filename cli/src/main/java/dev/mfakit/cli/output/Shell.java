package dev.mfakit.cli.output;

import java.util.regex.Pattern;

/**
 * How a path or value is written into a command the user is told to run ("Finish with: mfa verify --state
 * 'my dir/s.json' --code CODE"): every suggested command quotes its words here, so that it can be pasted into a
 * POSIX shell as it is.
 */
public final class Shell {
  /** Words a POSIX shell takes literally, wherever they stand. */
  private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9@%+=:,./_-]+");

  private Shell() {}

  /**
   * The word as a shell reads it back: as it is when every character is plain, else in single quotes (a quote inside
   * written {@code '\''}).
   *
   * @param word a path or value (its {@code toString()}); null is written {@code ''}
   * @return the word, quoted when it needs to be
   */
  public static String quote(Object word) {
    String s = word == null ? "" : word.toString();
    if (PLAIN.matcher(s).matches()) {
      return s;
    }
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
