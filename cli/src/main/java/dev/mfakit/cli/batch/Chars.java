package dev.mfakit.cli.batch;

import java.io.IOException;
import java.io.Reader;

/**
 * Characters from a reader, one at a time with one of lookahead, through a block buffer of its own (a
 * BufferedReader's synchronized read() per character costs more than the parsing). A byte order mark at the very
 * start is skipped.
 */
final class Chars {
  private final Reader in;
  private final char[] buffer = new char[16 * 1024];
  private int position;
  private int limit;
  private boolean started;

  Chars(Reader in) {
    this.in = in;
  }

  /** The next character without taking it, or -1 at the end. */
  int peek() throws IOException {
    if (position == limit) {
      limit = in.read(buffer, 0, buffer.length);
      position = 0;
      if (limit <= 0) {
        limit = 0;
        return -1;
      }
      if (!started) {
        started = true;
        if (buffer[0] == '\uFEFF') {
          position = 1;
          return peek();
        }
      }
    }
    return buffer[position];
  }

  /** The next character, or -1 at the end. */
  int read() throws IOException {
    int c = peek();
    if (c >= 0) {
      position++;
    }
    return c;
  }
}
