package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Files mfa writes: an unwritable path is refused before anything is sent (exit 2); one that breaks after the
 * tenant said yes names the file and what was kept (exit 1), never loses a recovery code, and keeps the state file.
 * A path below a regular file fails even for root.
 */
class OutputFilesTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  /** Makes {@code path} a regular file, so nothing can be created below it. */
  private static void block(Path path) {
    try {
      Files.writeString(path, "in the way");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void aPathBelowAFileIsRefusedBeforeAnythingIsSent() throws IOException {
    Path somefile = dir.resolve("somefile");
    block(somefile);
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Path pw = Fixture.passwordFile(dir, "a@example.com");
      for (String option : List.of("--recovery-code-file", "--token-file", "--state")) {
        List<String> args = new java.util.ArrayList<>(List.of("associate", "--domain", server.url(), "-u",
            "a@example.com", "--password-file", pw.toString(), "--phone", "+15551234567", "--no-input"));
        if (!option.equals("--state")) {
          args.addAll(List.of("--state", dir.resolve("s.json").toString()));
        }
        args.addAll(List.of(option, somefile.resolve("x").toString()));
        Cli.Result r = cli().run(args.toArray(String[]::new));

        assertEquals(2, r.exit(), r::toString);
        assertEquals("mfa: " + option + ": cannot create " + somefile.resolve("x") + " (" + somefile + " is a file,"
            + " not a directory). Pick another path.\n", r.err());
        assertEquals("", r.out());
      }
      assertEquals(0, server.connections());
    }
  }

  @Test
  void aRecoveryCodeFileThatBreaksAfterTheEnrollmentPrintsTheCodeInstead() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path out = dir.resolve("out");
    Path file = out.resolve("rc.txt");
    // The directory is fine when checked, and gone (a file in its place) by the time the code is written.
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> {
      block(out);
      return fx.codeSentTo(phone);
    });

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("associate", "--domain", fx.url(), "-u", user,
        "--password", "-", "--phone", phone, "--recovery-code-file", file.toString());

    assertEquals(1, r.exit(), r::toString);
    assertLinesMatch(List.of(
        "SMS authenticator sms\\|dev_\\w+ is active \\(X{8}\\d{4}\\)\\.",
        "Recovery code: [0-9A-Z]{24}"), r.out().lines().toList(), r::toString);
    assertTrue(r.err().contains("Store this recovery code somewhere safe"), r::toString);
    assertEquals("mfa: could not write --recovery-code-file " + file + " (a file is in the way at " + out + "): the"
        + " recovery code was printed on stdout instead, store it now. Check the path, its permissions and the free"
        + " space.", r.errLines().get(r.errLines().size() - 1));
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("sms|")));
  }

  @Test
  void aStateFileThatBreaksAfterTheCodeWasSentStillHandsOutTheRecoveryCode() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path out = dir.resolve("states");
    Path state = out.resolve("s.json");
    Cli cli = cli();
    // Fine when checked; a file in its place once the association answered, before the state is written.
    cli.errListener = line -> {
      if (line.startsWith("Sent a 6-digit code")) {
        block(out);
      }
    };

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--phone", phone, "--no-input", "--state", state.toString());

    assertEquals(1, r.exit(), r::toString);
    assertTrue(r.out().matches("Recovery code: [0-9A-Z]{24}\n"), "the tenant shows it only once:\n" + r);
    List<String> err = r.errLines();
    assertEquals("Nothing was enrolled, but keep this recovery code: the tenant shows it only once, and it becomes"
        + " valid with the first factor you confirm.", err.get(err.size() - 2), r::toString);
    assertEquals("mfa: the code was sent, but --state " + state + " could not be written (a file is in the way at "
        + out + "), so nothing was kept to finish with and nothing was enrolled. Fix the path and run the command again.",
        err.get(err.size() - 1));
  }

  @Test
  void verifyKeepsTheStateFileUntilItsOutputsAreWritten() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("s.json");
    Cli.Result split = fx.associateNoInput(dir, user, phone, state);
    assertEquals(0, split.exit(), split::toString);
    Path out = dir.resolve("tokens");
    Path tokenFile = out.resolve("t.json");
    Cli cli = cli();
    // --verbose logs each request on stderr: the first one is the verify; break the directory right then.
    cli.errListener = line -> {
      if (line.startsWith("--> POST") && !Files.exists(out)) {
        block(out);
      }
    };

    Cli.Result r = cli.run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone), "--token-file",
        tokenFile.toString(), "--json", "--verbose");

    assertEquals(1, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(true, json.get("signed_in"));
    assertEquals(null, json.get("token_file"));
    assertTrue(json.get("tokens") instanceof Map, "the tokens are still in the JSON");
    Map<String, Object> kept = Json.parseObject(Files.readString(state));
    String until = java.time.format.DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(java.time.ZoneOffset.UTC)
        .format(java.time.Instant.parse((String) kept.get("mfa_token_expires_at")));
    assertEquals("mfa: could not write --token-file " + tokenFile + " (a file is in the way at " + out + "): the"
        + " tokens are only in the JSON on stdout, and " + state + " still holds the mfa_token (valid until " + until
        + ") for mfa challenge --state " + state + ". Check the path, its permissions and the free space.",
        r.errLines().stream().filter(l -> l.startsWith("mfa: ")).findFirst().orElseThrow());
    assertTrue(Files.exists(state), "kept: the outputs were not all written");
    // Kept without the spent code, so the next step works: a new challenge with the same mfa_token.
    assertEquals(null, kept.get("oob_code"));
    assertTrue(((String) kept.get("mfa_token")).startsWith("Fe26.2*"), kept::toString);
    Cli.Result again = cli().run("challenge", "--state", state.toString());
    assertEquals(0, again.exit(), again::toString);
  }

  @Test
  void aFileWhoseNameIsNearTheLimitIsStillWrittenAtomically() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("s3.json");
    assertEquals(0, fx.associateNoInput(dir, user, phone, state).exit());
    // 250 bytes: the name itself fits, but "." + name + "." + random digits + ".tmp" would not.
    Path tokenFile = dir.resolve("t".repeat(246) + ".json");

    Cli.Result r = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone), "--token-file",
        tokenFile.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(Json.parseObject(Files.readString(tokenFile)).containsKey("access_token"));
    try (var files = Files.list(dir)) {
      assertTrue(files.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "no temp file left");
    }
  }

  @Test
  void verifyDeletesTheStateFileOnlyAfterWritingTheTokenFile() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = dir.resolve("s2.json");
    assertEquals(0, fx.associateNoInput(dir, user, phone, state).exit());
    Path tokenFile = dir.resolve("t2/tokens.json");

    Cli.Result r = cli().run("verify", "--state", state.toString(), "--code", fx.codeSentTo(phone), "--token-file",
        tokenFile.toString());

    assertEquals(0, r.exit(), r::toString);
    assertTrue(Files.exists(tokenFile));
    assertFalse(Files.exists(state));
    assertTrue(r.out().endsWith("Tokens saved to " + tokenFile + ".\n"), r::toString);
  }
}
