package dev.mfakit.cli;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.codegen.docgen.manpage.ManPageGenerator;

/**
 * Build step, not a test: the man pages of the distribution archive, one per command ({@code mfa.1},
 * {@code mfa-associate.1}, ...). picocli-codegen's man page generator writes them as AsciiDoc from the command
 * line's picocli model; this class then turns that AsciiDoc into troff for {@code man}. The pages are never written
 * by hand: a new option or verb is in them at the next build.
 *
 * <p>Why not Asciidoctor for the second step: its Maven plugin brings JRuby (30 MB) and took 11 s of every build on
 * two cores. picocli's generator writes a small, fixed subset of AsciiDoc (section titles, paragraphs, definition
 * lists of options, hard-break blocks, bold and italic in the option terms); {@link #troff} translates exactly that,
 * and fails on anything else, so a picocli upgrade that writes more cannot go unnoticed.
 *
 * <p>Run by the cli pom at package time with the test classpath (where picocli-codegen is).
 */
final class ManPages {
  private static final Pattern XREF = Pattern.compile("xref:[^\\[]+\\[\\*([^*]+)\\*\\]");
  private static final Pattern BOLD = Pattern.compile("\\*([^*]+)\\*");
  private static final Pattern ITALIC = Pattern.compile("_([^_]+)_");

  private ManPages() {}

  /**
   * Writes the pages.
   *
   * @param args the AsciiDoc directory, then the troff directory (a {@code man1} directory)
   * @throws Exception when a page cannot be written or translated
   */
  public static void main(String[] args) throws Exception {
    Path adoc = Files.createDirectories(Path.of(args[0]));
    Path man = Files.createDirectories(Path.of(args[1]));
    // The whole tree (every verb): the command line that help and completion build.
    CommandLine root = Main.newCommandLine(new Cli(adoc).context(new StringWriter(), new StringWriter()));
    int code = ManPageGenerator.generateManPage(adoc.toFile(), null, new boolean[0], true, root.getCommandSpec());
    if (code != 0) {
      throw new IllegalStateException("picocli's man page generator exited " + code);
    }
    List<Path> pages;
    try (Stream<Path> files = Files.list(adoc)) {
      pages = files.filter(p -> p.toString().endsWith(".adoc")).sorted().toList();
    }
    for (Path page : pages) {
      String name = page.getFileName().toString().replaceFirst("\\.adoc$", "");
      Files.writeString(man.resolve(name + ".1"), troff(Files.readAllLines(page, StandardCharsets.UTF_8)),
          StandardCharsets.UTF_8);
    }
  }

  /**
   * One page of picocli's AsciiDoc as troff with the man macros.
   *
   * @param adoc the lines of the page
   * @return the troff page
   * @throws IOException when a line is of a kind picocli's generator was not known to write
   */
  static String troff(List<String> adoc) throws IOException {
    StringBuilder out = new StringBuilder();
    String source = "";
    String manual = "mfakit Manual";
    String section = "";
    List<String> hardBreaks = null;
    boolean inParagraph = false;
    // The synopsis line being written, as picocli wrote it, and where it starts in out.
    String synopsisLine = "";
    int synopsisAt = 0;
    for (String line : adoc) {
      if (line.startsWith("//")) {
        continue;
      }
      if (line.isBlank()) {
        if (hardBreaks != null) {
          block(out, hardBreaks);
          hardBreaks = null;
        }
        inParagraph = false;
        continue;
      }
      if (hardBreaks != null) {
        hardBreaks.add(line);
        continue;
      }
      if (line.startsWith(":")) {
        if (line.startsWith(":mansource: ")) {
          source = line.substring(":mansource: ".length());
        }
        // Not picocli's ":manmanual:" ("Mfa Manual", the command's name capitalised): the project's.
        continue;
      }
      if (line.startsWith("= ")) {
        Matcher title = Pattern.compile("= (.+)\\((\\d)\\)").matcher(line);
        if (!title.matches()) {
          throw new IOException("unexpected title: " + line);
        }
        // No date (the pages are the same for every build of one version); no hyphenation, ragged right.
        out.append(".TH ").append(quoted(title.group(1).toUpperCase(Locale.ROOT))).append(' ')
            .append(title.group(2)).append(" \"\" ").append(quoted(source)).append(' ').append(quoted(manual))
            .append("\n.nh\n.ad l\n");
        continue;
      }
      if (line.startsWith("== ")) {
        section = line.substring(3).strip().replaceFirst(":$", "").toUpperCase(Locale.ROOT);
        out.append(".SH ").append(quoted(section)).append('\n');
        continue;
      }
      if (line.equals("[%hardbreaks]")) {
        hardBreaks = new ArrayList<>();
        continue;
      }
      if (line.endsWith("::")) {
        out.append(".TP\n").append(inline(line.substring(0, line.length() - 2))).append('\n');
        continue;
      }
      // A synopsis too long for one line wraps, and its next line may start with an option in brackets ([-x], [OPTIONS]).
      boolean wrappedSynopsis = section.equals("SYNOPSIS") && line.matches("\\[[-A-Z].*");
      if ((line.startsWith("[") && !wrappedSynopsis) || line.startsWith("----") || line.startsWith("....") || line.startsWith("|===")
          || line.equals("+")) {
        throw new IOException("AsciiDoc that picocli's man page generator was not known to write: " + line);
      }
      boolean synopsis = section.equals("SYNOPSIS");
      if (synopsis && inParagraph && !line.startsWith("*mfa") && !line.startsWith("mfa ")
          && !line.strip().startsWith("or:")) {
        // picocli wrapped a long synopsis where its width ran out ("[--state" / "FILE]"): one line again, for man
        // to fill at the reader's width.
        synopsisLine += " " + line.strip();
        out.setLength(synopsisAt);
        out.append(synopsis(synopsisLine)).append("\n.br\n");
        continue;
      }
      // Text: a description under a term (indented), or a paragraph (the synopsis keeps its line breaks).
      if (!inParagraph && !line.startsWith("  ")) {
        out.append(".PP\n");
      }
      if (synopsis) {
        synopsisLine = line;
        synopsisAt = out.length();
      }
      out.append(synopsis ? synopsis(line) : text(line.strip())).append('\n');
      // Each line of a synopsis, and each of a description (one per element of the help's description, which
      // may be a command to paste), is a line of its own.
      if (synopsis || section.equals("DESCRIPTION")) {
        out.append(".br\n");
      }
      inParagraph = true;
    }
    if (hardBreaks != null) {
      block(out, hardBreaks);
    }
    return out.toString();
  }

  /**
   * A block of lines whose breaks the help text chose (picocli's {@code [%hardbreaks]}): examples (command lines) are
   * kept line by line; prose, wrapped by hand for a 100-column terminal, is refilled for the reader's width, with each
   * line that is not indented (a heading such as "Output:") starting a paragraph of its own.
   */
  private static void block(StringBuilder out, List<String> lines) {
    if (lines.stream().allMatch(l -> l.strip().startsWith("mfa ") || l.strip().startsWith("$ "))) {
      out.append(".PP\n.nf\n");
      for (String line : lines) {
        out.append(text(line.replaceFirst("^  ", ""))).append('\n');
      }
      out.append(".fi\n");
      return;
    }
    boolean first = true;
    for (String line : lines) {
      if (first || !line.startsWith(" ")) {
        out.append(".PP\n");
      }
      out.append(text(line.strip())).append('\n');
      if (!line.startsWith(" ")) {
        out.append(".br\n");
      }
      first = false;
    }
  }

  /**
   * A line of a synopsis: picocli's own ({@code *mfa help* [*-h*] [_COMMAND_]}) with its bold and italic, a custom
   * one as written; an option and its parameter label ({@code --state FILE}) never split across lines.
   */
  private static String synopsis(String line) {
    String s = line.startsWith("*") ? inline(line) : text(line);
    return s.replaceAll("(\\\\-(?:\\\\-)?[a-z][a-z0-9\\\\-]*(?:\\\\fR)?) ((?:\\\\fI)?[A-Z][A-Z0-9|]*)", "$1\\\\ $2");
  }

  /** A term of a definition list: picocli marks option names bold and parameter labels italic. */
  private static String inline(String term) {
    String s = escape(XREF.matcher(term).replaceAll("*$1*"));
    s = BOLD.matcher(s).replaceAll("\\\\fB$1\\\\fR");
    s = ITALIC.matcher(s).replaceAll("\\\\fI$1\\\\fR");
    return startSafe(s);
  }

  /** Running text, kept as written (no AsciiDoc markup is interpreted in it: descriptions are plain text). */
  private static String text(String line) {
    return startSafe(escape(line));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\e").replace("-", "\\-");
  }

  /** A line that starts with a dot or a quote would be read as a troff request. */
  private static String startSafe(String s) {
    return s.startsWith(".") || s.startsWith("'") ? "\\&" + s : s;
  }

  private static String quoted(String s) {
    return "\"" + escape(s).replace("\"", "\\(dq") + "\"";
  }
}
