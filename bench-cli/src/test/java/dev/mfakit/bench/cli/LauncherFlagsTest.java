package dev.mfakit.bench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherFlagsTest {
  @Test
  void takesTheOptionsBeforeTheJarAndLeavesTheArchiveOutForTheHelloWorld() throws IOException {
    LauncherFlags flags = LauncherFlags.parse(List.of(
        "--- java",
        "-XX:+UseSerialGC",
        "-XX:SharedArchiveFile=/repo/cli/target/mfa.jsa",
        "-Xshare:auto",
        "-XX:TieredStopAtLevel=1",
        "-jar",
        "/repo/cli/target/mfa.jar",
        "--version",
        "-Xshare:off"));

    assertEquals(List.of("-XX:+UseSerialGC", "-XX:SharedArchiveFile=/repo/cli/target/mfa.jsa", "-Xshare:auto",
        "-XX:TieredStopAtLevel=1"), flags.options());
    assertEquals(List.of("-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"), flags.forHelloWorld());
  }

  @Test
  void usesTheLastInvocationThatRunsTheProgram() throws IOException {
    LauncherFlags flags = LauncherFlags.parse(List.of(
        "--- java", "-Xshare:dump", "-XX:SharedArchiveFile=x.jsa",
        "--- java", "-XX:TieredStopAtLevel=1", "-cp", "mfa.jar", "dev.mfakit.cli.Main", "--version"));

    assertEquals(List.of("-XX:TieredStopAtLevel=1"), flags.options());
  }

  @Test
  void refusesALauncherThatNeverRanAProgram() {
    assertThrows(IOException.class, () -> LauncherFlags.parse(List.of("--- java", "-version")));
    assertThrows(IOException.class, () -> LauncherFlags.parse(List.of()));
  }
}
