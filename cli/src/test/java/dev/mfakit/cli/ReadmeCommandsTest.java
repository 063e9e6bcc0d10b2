package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * README.md's runnable {@code mfa} commands must parse: an option or verb that does not exist fails the build.
 * Parsing only (picocli {@code parseArgs}); nothing is executed.
 */
class ReadmeCommandsTest {
  @TempDir Path dir;

  /** Parses every command; returns one message per command that does not parse. */
  private List<String> problems(String markdown) {
    List<String> problems = new ArrayList<>();
    for (ReadmeCommands.Command c : ReadmeCommands.extract(markdown)) {
      Context ctx = new Cli(dir).context(new StringWriter(), new StringWriter());
      try {
        Main.newCommandLine(ctx).parseArgs(c.args().toArray(String[]::new));
      } catch (CommandLine.ParameterException e) {
        problems.add("line " + c.line() + ": `" + c.text() + "`: " + e.getMessage());
      }
    }
    return problems;
  }

  @Test
  void everyRunnableCommandInTheReadmeParses() throws IOException {
    // Surefire runs in cli/; README.md is at the repository root.
    Path readme = Path.of("..", "README.md");
    String text = Files.readString(readme);

    List<String> problems = problems(text);

    if (!problems.isEmpty()) {
      fail("README.md has commands mfa does not accept:\n" + String.join("\n", problems));
    }
  }

  @Test
  void theReadmeCallsTheCommandOneWay() throws IOException {
    // mfa, as installed (and as the first section puts the repository's launcher on the PATH): never ./mfa, which
    // works only in the repository's root.
    String text = Files.readString(Path.of("..", "README.md"));
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^.*\\./mfa\\s.*$").matcher(text);
    List<String> found = new ArrayList<>();
    while (m.find()) {
      found.add(m.group());
    }
    assertEquals(List.of(), found);
    assertEquals(true, text.contains("export PATH=\"$PWD:$PATH\"\nmfa associate --sandbox"), "the first run");
  }

  @Test
  void theCheckerFindsOnlyMarkedShellBlocks() {
    String md = """
        # Title

        <!-- runnable -->
        ```sh
        ./mfa associate --sandbox --phone +15555550100
        mfa authenticators list --state s.json --json | jq '.[].id'
        AUTH0_CLIENT_SECRET=x ./mfa login   # not starting with mfa: skipped
        ./mfa verify --state "my state.json" \\
          --code 123456 2>/dev/null
        ```

        ```sh
        ./mfa not-checked --because unmarked
        ```

        <!-- runnable -->
        ```java
        mfa ignored --in java blocks
        ```
        """;

    List<ReadmeCommands.Command> commands = ReadmeCommands.extract(md);

    assertEquals(3, commands.size(), commands::toString);
    assertEquals(List.of("associate", "--sandbox", "--phone", "+15555550100"), commands.get(0).args());
    assertEquals(List.of("authenticators", "list", "--state", "s.json", "--json"), commands.get(1).args());
    assertEquals(List.of("verify", "--state", "my state.json", "--code", "123456"), commands.get(2).args());
    assertEquals(8, commands.get(2).line());
    assertEquals(List.of(), problems(md));
  }

  @Test
  void theCheckerFailsOnAnUnknownOptionOrVerb() {
    String md = """
        <!-- runnable -->
        ```sh
        ./mfa associate --sandbox --phon +15555550100
        ./mfa enroll --phone +15555550100
        ./mfa sandbox --port 8787
        ```
        """;

    List<String> problems = problems(md);

    assertEquals(2, problems.size(), problems::toString);
    assertEquals(true, problems.get(0).startsWith("line 3: `./mfa associate --sandbox --phon +15555550100`"));
    assertEquals(true, problems.get(1).contains("enroll"), problems::toString);
  }

  @Test
  void aReadmeWithoutRunnableBlocksHasNothingToCheck() {
    assertEquals(List.of(), ReadmeCommands.extract("# mfakit\n\n```sh\n./mvnw -q verify\n```\n"));
    assertThrows(CommandLine.ParameterException.class, () -> Main.newCommandLine(
        new Cli(dir).context(new StringWriter(), new StringWriter())).parseArgs("nope"));
  }
}
