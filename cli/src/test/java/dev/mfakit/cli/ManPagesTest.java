package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** The man pages of the distribution: one per command, each with every option of that command. */
class ManPagesTest {
  @TempDir Path dir;

  @Test
  void everyCommandHasAPageWithEveryOptionAndParameter() throws Exception {
    ManPages.main(new String[] {dir.resolve("adoc").toString(), dir.resolve("man1").toString()});
    CommandLine root = Main.newCommandLine(new Cli(dir).context(new StringWriter(), new StringWriter()));

    int pages = check(root, "mfa");

    try (var files = Files.list(dir.resolve("man1"))) {
      assertEquals(pages, files.count(), "pages for commands that do not exist");
    }
  }

  private int check(CommandLine cl, String name) throws IOException {
    Path page = dir.resolve("man1/" + name + ".1");
    assertTrue(Files.isRegularFile(page), "no page " + page);
    String troff = Files.readString(page, StandardCharsets.UTF_8);
    assertTrue(troff.startsWith(".TH \"" + troff(name.toUpperCase(java.util.Locale.ROOT)) + "\" 1 "), troff);
    assertTrue(troff.contains(".SH \"NAME\"\n.PP\n" + troff(name) + " \\- "), name + ": no NAME line");
    for (OptionSpec option : cl.getCommandSpec().options()) {
      if (!option.hidden()) {
        assertTrue(troff.contains("\\fB" + troff(option.longestName()) + "\\fR"), name + ": no " + option.longestName());
      }
    }
    for (PositionalParamSpec p : cl.getCommandSpec().positionalParameters()) {
      assertTrue(troff.contains("\\fI" + troff(p.paramLabel()) + "\\fR"), name + ": no " + p.paramLabel());
    }
    int pages = 1;
    for (var sub : cl.getSubcommands().entrySet()) {
      pages += check(sub.getValue(), name + "-" + sub.getKey());
    }
    return pages;
  }

  @Test
  void textThatTroffWouldReadAsARequestIsEscaped() throws IOException {
    String page = ManPages.troff(List.of("= mfa-x(1)", "== Description", "", ".hidden request?", "",
        "'quoted", "", "back\\slash and -dash"));

    assertTrue(page.contains("\n\\&.hidden request?\n"), page);
    assertTrue(page.contains("\n\\&'quoted\n"), page);
    assertTrue(page.contains("\nback\\eslash and \\-dash\n"), page);
  }

  @Test
  void asciiDocThatPicocliWasNotKnownToWriteFailsTheBuild() {
    for (String unknown : List.of("----", "[source,java]", "|===", "....", "+")) {
      assertThrows(IOException.class, () -> ManPages.troff(List.of("= mfa(1)", "== Description", "", unknown)),
          unknown);
    }
  }

  private static String troff(String s) {
    return s.replace("\\", "\\e").replace("-", "\\-");
  }
}
