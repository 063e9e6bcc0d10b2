package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The figures at the top of {@code docs/reliability.md}, summed from the generated sections of that file and of
 * {@code docs/bad-input.md} (each checked by the test that ran the cases), so the summary cannot drift either.
 */
class ReliabilityFiguresTest {

  @Test
  void theFiguresAddUpFromTheGeneratedSections() throws IOException {
    Path docs = DocBlock.repositoryRoot().resolve("docs");
    String reliability = Files.readString(docs.resolve("reliability.md"));
    String badInput = Files.readString(docs.resolve("bad-input.md"));

    Matcher client = find(reliability, "Client fault cases: (\\d+) faults × (\\d+) operations = (\\d+); POSTs sent"
        + " again after they may have been applied: (\\d+)");
    Matcher cli = find(reliability, "CLI fault cases: (\\d+); associate requests sent again after they may have"
        + " been applied: (\\d+)");
    Matcher load = find(reliability, "Sandbox under load: (\\d+) concurrent enrollment journeys .*?: (\\d+)"
        + " connections lost before the request was written, (\\d+) after");
    Matcher fuzz = find(reliability, "Decoder fuzzing: (\\d+) random and mutated answers");
    Matcher clientCanaries = find(reliability, "Client: (\\d+) canary values .*? checked in (\\d+) texts from"
        + " (\\d+) runs");
    Matcher cliCanaries = find(reliability, "CLI: (\\d+) canary values .*? through (\\d+) runs .*? Options that"
        + " could carry a secret: (\\d+)");
    Matcher bad = find(badInput, "Bad inputs tried: (\\d+) \\(plus the (\\d+) cases of BadInputTest\\)");
    Matcher batchBad = find(badInput, "Batch bad inputs tried: (\\d+)\\.");

    int faults = n(client, 3) + n(cli, 1) + n(load, 2) + n(load, 3);
    int badInputs = n(bad, 1) + n(bad, 2) + n(batchBad, 1);
    int duplicated = n(client, 4) + n(cli, 2);
    String figures = String.join("\n",
        "| figure | value |",
        "|---|---|",
        "| faults tried | " + faults + ": " + n(client, 3) + " client cases (" + n(client, 1) + " faults × "
            + n(client, 2) + " operations), " + n(cli, 1) + " through the CLI, " + (n(load, 2) + n(load, 3))
            + " injected into " + n(load, 1) + " concurrent journeys |",
        "| answers fuzzed | " + n(fuzz, 1) + " |",
        "| bad inputs tried | " + badInputs + ": " + n(bad, 1) + " in the generated table, " + n(batchBad, 1)
            + " in the batch's, " + n(bad, 2) + " more in BadInputTest |",
        "| canaries checked | " + (n(clientCanaries, 1) + n(cliCanaries, 1)) + " canary values: " + n(clientCanaries, 1)
            + " through the client (" + n(clientCanaries, 3) + " runs, " + n(clientCanaries, 2) + " texts), "
            + n(cliCanaries, 1) + " through the CLI (" + n(cliCanaries, 2) + " runs, " + n(cliCanaries, 3)
            + " secret options), 8 in the argv of ./mfa |",
        "| requests duplicated | " + duplicated + " |",
        "");
    DocBlock.check("reliability.md", "figures", figures);
  }

  private static Matcher find(String text, String regex) {
    Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
    assertTrue(m.find(), "not in the docs: " + regex);
    return m;
  }

  private static int n(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }
}
