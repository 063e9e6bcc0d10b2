package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Help.Ansi;

/** Colour is decided per stream, respects NO_COLOR, and ends bold with SGR 22. */
class ColourTest {
  private static final String ESC = "\u001b[";

  @TempDir Path dir;

  @Test
  void aStreamThatIsNotATerminalGetsNoColourEvenWhenTheOtherDoes() {
    Cli cli = new Cli(dir);
    cli.outAnsi = Ansi.ON;
    cli.errAnsi = Ansi.OFF;

    Cli.Result error = cli.run("associate", "--phon", "+15551234567");
    Cli.Result help = cli.run("--help");

    assertEquals(2, error.exit(), error::toString);
    assertEquals("", error.out());
    assertEquals("mfa: unknown option '--phon'; did you mean '--phone'? (mfa associate --help)\n", error.err());
    assertEquals(0, help.exit(), help::toString);
    assertTrue(help.out().contains(ESC + "1massociate" + ESC + "22m"), "verbs in bold, ended with SGR 22");
    assertFalse(help.out().contains(ESC + "21m"), "SGR 21 is double underline on many terminals");
  }

  @Test
  void stderrOnATerminalIsColouredWhileStdoutGoesToAFile() {
    Cli cli = new Cli(dir);
    cli.outAnsi = Ansi.OFF;
    cli.errAnsi = Ansi.ON;

    Cli.Result error = cli.run("associate", "--phon", "+15551234567");
    Cli.Result help = cli.run("associate", "--help");

    assertTrue(error.err().startsWith(ESC + "1m"), error::toString);
    assertTrue(error.err().contains(ESC + "22m"), "bold ends with SGR 22: " + error);
    assertFalse(error.err().contains(ESC + "21m"), error::toString);
    assertFalse(help.out().contains(ESC), "help redirected to a file has no escape codes");
  }

  @Test
  void eachStreamFollowsItsTerminalAndNoColourWins() {
    assertEquals(Ansi.ON, Context.colour(Map.of(), true));
    assertEquals(Ansi.OFF, Context.colour(Map.of(), false));
    assertEquals(Ansi.AUTO, Context.colour(Map.of(), null));
    assertEquals(Ansi.OFF, Context.colour(Map.of("NO_COLOR", "1"), true));
    assertEquals(Ansi.OFF, Context.colour(Map.of("NO_COLOR", ""), null));
    assertEquals(Ansi.OFF, Context.colour(Map.of("TERM", "dumb"), true));
  }
}
