package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mfakit.cli.command.MfaCommand;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run builds only the verb it names; what it prints is what the whole command tree prints. */
class LazyTreeTest {
  @TempDir Path dir;

  @Test
  void aLineThatStartsWithAVerbGetsThatVerbOnly() {
    assertArrayEquals(new String[] {"associate"}, Main.verbsFor("associate", "--phone", "12x"));
    assertArrayEquals(new String[] {"authenticators"}, Main.verbsFor("authenticators", "list"));
    assertArrayEquals(new String[0], Main.verbsFor("--version"));
    assertArrayEquals(new String[0], Main.verbsFor("-V", "--version"));
    assertArrayEquals(new String[] {"associate", "help"}, Main.verbsFor("help", "associate"));
    assertArrayEquals(new String[] {"authenticators", "help"}, Main.verbsFor("help", "authenticators", "prune"));
  }

  @Test
  void helpCompletionAndAnythingUnclearGetTheWholeTree() {
    for (List<String> args : List.of(List.<String>of(), List.of("--help"), List.of("-hV"), List.of("completion"),
        List.of("help"), List.of("help", "bogus"), List.of("help", "help"),
        List.of("asociate"), List.of("--domain", "x", "associate"), List.of("--version", "associate"),
        List.of("--version", "bogus"))) {
      assertArrayEquals(MfaCommand.VERBS, Main.verbsFor(args.toArray(String[]::new)), args::toString);
    }
  }

  @Test
  void everyVerbNameHasItsCommand() {
    for (String verb : MfaCommand.VERBS) {
      Class<?> cls = MfaCommand.verb(verb);
      assertEquals(verb, cls.getAnnotation(picocli.CommandLine.Command.class).name());
    }
    assertEquals(null, MfaCommand.verb("list"));
  }

  @Test
  void theLazyLinePrintsWhatTheWholeTreePrints() {
    for (List<String> args : List.of(List.of("--version"), List.of("associate", "--help"),
        List.of("associate", "--phone", "12x"), List.of("associate", "--phon", "+15555550100"),
        List.of("verify", "--code", "12"), List.of("authenticators", "lst"), List.of("authenticators", "--help"),
        List.of("sandbox", "--bogus"), List.of("login", "--help"), List.of("help", "associate"),
        List.of("help", "authenticators"))) {
      String[] a = args.toArray(String[]::new);
      Cli cli = new Cli(dir);
      StringWriter lazyOut = new StringWriter();
      StringWriter lazyErr = new StringWriter();
      StringWriter fullOut = new StringWriter();
      StringWriter fullErr = new StringWriter();

      int lazy = Main.newCommandLine(cli.context(lazyOut, lazyErr), a).execute(a);
      int full = Main.newCommandLine(cli.context(fullOut, fullErr)).execute(a);

      assertEquals(full, lazy, args::toString);
      assertEquals(fullOut.toString(), lazyOut.toString(), args::toString);
      assertEquals(fullErr.toString(), lazyErr.toString(), args::toString);
    }
  }
}
