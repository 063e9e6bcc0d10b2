package dev.mfakit.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SectionsTest {
  private static final String FILE = """
      # Benchmarks

      <!-- section:client -->
      client figures
      <!-- /section:client -->

      <!-- section:cli-start -->
      (not yet run)
      <!-- /section:cli-start -->

      <!-- section:launcher -->
      old
      lines
      <!-- /section:launcher -->
      tail
      """;

  @Test
  void replacesOnlyTheNamedSectionsAndKeepsEveryOtherByte() {
    Map<String, String> bodies = new LinkedHashMap<>();
    bodies.put("cli-start", "start figures\n");
    bodies.put("launcher", "launcher figures");

    String expected = """
        # Benchmarks

        <!-- section:client -->
        client figures
        <!-- /section:client -->

        <!-- section:cli-start -->
        start figures
        <!-- /section:cli-start -->

        <!-- section:launcher -->
        launcher figures
        <!-- /section:launcher -->
        tail
        """;
    assertEquals(expected, Sections.replace(FILE, bodies));
  }

  @Test
  void rewritingTwiceGivesTheSameFile() {
    Map<String, String> bodies = Map.of("cli-start", "figures");
    String once = Sections.replace(FILE, bodies);
    assertEquals(once, Sections.replace(once, bodies));
  }

  @Test
  void refusesAMissingOrDuplicatedSection() {
    assertThrows(IllegalArgumentException.class, () -> Sections.replace(FILE, Map.of("cli-oneshot", "x")));
    String twice = FILE + "<!-- section:client -->\n<!-- /section:client -->\n";
    assertThrows(IllegalArgumentException.class, () -> Sections.replace(twice, Map.of("client", "x")));
  }
}
