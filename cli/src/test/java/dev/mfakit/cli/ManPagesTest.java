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
  void synopsesDescriptionsAndTheHeaderReadAsIntended() throws Exception {
    ManPages.main(new String[] {dir.resolve("adoc").toString(), dir.resolve("man1").toString()});
    String help = Files.readString(dir.resolve("man1/mfa-help.1"));
    String associate = Files.readString(dir.resolve("man1/mfa-associate.1"));
    String completion = Files.readString(dir.resolve("man1/mfa-completion.1"));

    // picocli's own synopsis in bold and italic, not its AsciiDoc markup.
    assertTrue(help.contains("\n\\fBmfa help\\fR [\\fB\\-h\\fR] [\\fICOMMAND\\fR]\n.br\n"), help);
    // A synopsis picocli wrapped is one line again, an option never apart from its parameter.
    assertTrue(associate.contains(" [\\-\\-state\\ FILE] [OPTIONS]\n.br\n"), associate);
    assertTrue(associate.contains("(\\-\\-phone\\ E164 | \\-\\-voice\\ E164 |"), associate);
    // Each line of a description is a line of its own: the bash and the zsh commands.
    assertTrue(completion.contains("\n.br\nbash: source <(mfa completion)"), completion);
    assertTrue(completion.contains("\n.br\nzsh:  autoload"), completion);
    assertTrue(help.startsWith(".TH \"MFA\\-HELP\" 1 \"\" \"mfa "), help);
    assertTrue(help.contains(" \"mfakit Manual\"\n"), help);
  }

  @Test
  void manRendersThemSoAtANarrowWidth() throws Exception {
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/man")), "man is installed");
    ManPages.main(new String[] {dir.resolve("adoc").toString(), dir.resolve("man1").toString()});

    String help = man("mfa-help.1");
    String associate = man("mfa-associate.1");
    String completion = man("mfa-completion.1");

    assertTrue(help.contains("\n       mfa help [-h] [COMMAND]\n"), help);
    assertTrue(help.startsWith("MFA-HELP(1)") && help.lines().findFirst().orElseThrow().contains("mfakit Manual"),
        help);
    assertTrue(associate.contains("[--state FILE]"), "not broken at the space:\n" + associate);
    assertTrue(completion.contains("\n       bash: source <(mfa completion)"), completion);
    assertTrue(completion.contains("\n       zsh:  autoload -U +X bashcompinit"), completion);
  }

  /** The page as man shows it, 80 columns wide, without bold or underlining. */
  private String man(String page) throws Exception {
    ProcessBuilder pb = new ProcessBuilder("man", "-l", dir.resolve("man1/" + page).toString())
        .redirectErrorStream(true);
    pb.environment().put("MANWIDTH", "80");
    pb.environment().put("MAN_KEEP_FORMATTING", "");
    pb.environment().put("MANPAGER", "cat");
    pb.environment().put("PAGER", "cat");
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), out);
    return out.replaceAll(".\b", ""); // overstrike (bold, underline) to plain text
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
