package dev.mfakit.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Extracts the runnable {@code mfa} commands of a markdown document: every line of a fenced {@code sh} block
 * that directly follows a {@code <!-- runnable -->} line, and starts with {@code ./mfa} or {@code mfa}, split
 * into words the way a POSIX shell would (quotes, backslash escapes, line continuations), stopping at a pipe,
 * redirection or command separator.
 */
final class ReadmeCommands {
  private ReadmeCommands() {}

  /** A command found, with its 1-based line number for error messages. */
  record Command(int line, String text, List<String> args) {}

  static List<Command> extract(String markdown) {
    List<Command> commands = new ArrayList<>();
    String[] lines = markdown.split("\\R", -1);
    boolean marked = false;
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.equals("<!-- runnable -->")) {
        marked = true;
        continue;
      }
      if (line.isEmpty() && marked) {
        continue;
      }
      boolean fence = line.startsWith("```");
      if (fence && marked && line.substring(3).strip().equals("sh")) {
        i = block(lines, i + 1, commands);
      } else if (fence) {
        i = skipBlock(lines, i + 1);
      }
      marked = false;
    }
    return commands;
  }

  private static int skipBlock(String[] lines, int from) {
    int i = from;
    while (i < lines.length && !lines[i].strip().startsWith("```")) {
      i++;
    }
    return i;
  }

  private static int block(String[] lines, int from, List<Command> commands) {
    int i = from;
    while (i < lines.length && !lines[i].strip().startsWith("```")) {
      int start = i;
      StringBuilder cmd = new StringBuilder(lines[i].strip());
      while (cmd.toString().endsWith("\\") && i + 1 < lines.length) {
        cmd.setLength(cmd.length() - 1);
        cmd.append(' ').append(lines[++i].strip());
      }
      String text = cmd.toString().strip();
      if (text.startsWith("$ ")) {
        text = text.substring(2);
      }
      List<String> words = words(text);
      if (!words.isEmpty() && (words.get(0).equals("./mfa") || words.get(0).equals("mfa"))) {
        commands.add(new Command(start + 1, text, words.subList(1, words.size())));
      }
      i++;
    }
    return i;
  }

  /** Shell word splitting, enough for documentation: quotes, escapes, and stop at | ; & < > or a comment. */
  static List<String> words(String s) {
    List<String> words = new ArrayList<>();
    StringBuilder w = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\'') {
        int end = s.indexOf('\'', i + 1);
        end = end < 0 ? s.length() : end;
        w.append(s, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        while (j < s.length() && s.charAt(j) != '"') {
          if (s.charAt(j) == '\\' && j + 1 < s.length()) {
            j++;
          }
          w.append(s.charAt(j));
          j++;
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < s.length()) {
        w.append(s.charAt(++i));
        inWord = true;
      } else if (Character.isWhitespace(c)) {
        if (inWord) {
          words.add(w.toString());
          w.setLength(0);
          inWord = false;
        }
      } else if ("|;&<>".indexOf(c) >= 0 || (c == '#' && !inWord)) {
        // a redirection like 2>/dev/null: drop the fd number that started the word
        if (inWord && (c == '>' || c == '<') && w.toString().matches("\\d+")) {
          w.setLength(0);
          inWord = false;
        }
        break;
      } else {
        w.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(w.toString());
    }
    return words;
  }
}
