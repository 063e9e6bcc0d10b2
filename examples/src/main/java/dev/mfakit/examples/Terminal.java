package dev.mfakit.examples;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The console of a {@code main}: prompts, typed input, output. Passed in rather than reached through {@code System},
 * so a test can run {@code main}'s logic with its own streams.
 */
interface Terminal {
  /** Shows {@code prompt} and returns the line the user typed, or null at end of input. */
  String readLine(String prompt);

  /** Like {@link #readLine} but without echo, where a console allows it. */
  char[] readSecret(String prompt);

  /** Where results go. */
  PrintStream out();

  /** Where errors go. */
  PrintStream err();

  /** The process's console, or stdin/stderr prompts when there is none (input piped in). */
  static Terminal system() {
    Console console = System.console();
    BufferedReader stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    return new Terminal() {
      @Override
      public String readLine(String prompt) {
        if (console != null) {
          return console.readLine("%s", prompt);
        }
        System.err.print(prompt);
        System.err.flush();
        try {
          return stdin.readLine();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }

      @Override
      public char[] readSecret(String prompt) {
        if (console != null) {
          return console.readPassword("%s", prompt);
        }
        String line = readLine(prompt);
        return line == null ? null : line.toCharArray();
      }

      @Override
      public PrintStream out() {
        return System.out;
      }

      @Override
      public PrintStream err() {
        return System.err;
      }
    };
  }

  /** A phone number as it may appear on screen or in logs: {@code +1******4567}. */
  static String masked(String phone) {
    if (phone.length() <= 6) {
      return "******";
    }
    return phone.substring(0, 2) + "*".repeat(phone.length() - 6) + phone.substring(phone.length() - 4);
  }
}
