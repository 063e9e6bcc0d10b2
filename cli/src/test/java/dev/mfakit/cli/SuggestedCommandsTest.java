package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command the CLI tells the user to run works when pasted into a shell as it is printed, also for paths with
 * spaces and quotes: the suggestions are split into words by {@code /bin/sh} here, as the user's shell would, and
 * run. Through the real command line against a scripted tenant.
 */
class SuggestedCommandsTest {
  /** A directory and file name a shell would split or stop at, unless quoted. */
  private static final String AWKWARD_DIR = "my dir";

  @TempDir Path dir;
  @AutoClose private final ScriptedTenant tenant = new ScriptedTenant();

  private Cli cli() {
    return new Cli(dir).env("AUTH0_CLIENT_ID", "cli-client");
  }

  private Path awkward(String name) throws IOException {
    return Files.createDirectories(dir.resolve(AWKWARD_DIR)).resolve(name);
  }

  /** The words {@code /bin/sh} makes of {@code command}, as a user pasting it would get. */
  static List<String> shellWords(String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("sh", "-c", "printf '%s\\0' " + command).redirectErrorStream(true).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertEquals(0, p.waitFor(), () -> "sh could not read: " + command + "\n" + out);
    String words = out.toString(StandardCharsets.UTF_8);
    return Arrays.asList(words.substring(0, words.length() - 1).split("\0", -1));
  }

  /** The text of {@code text} after {@code marker} up to the end of its line, less a final full stop. */
  private static String after(String text, String marker) {
    Matcher m = Pattern.compile(Pattern.quote(marker) + "(.*)").matcher(text);
    assertTrue(m.find(), () -> "no '" + marker + "' in:\n" + text);
    String s = m.group(1);
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }

  @Test
  void theSplitJourneysNextCommandQuotesAStatePathWithSpacesAndWorksAsPrinted() throws Exception {
    Path state = awkward("q1 state's.json");
    Cli.Result first = cli().run("associate", "--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
        Fixture.secretFile(dir, "pw.txt", "pw\n").toString(), "--phone", "+15551234567", "--no-input", "--state",
        state.toString());
    assertEquals(0, first.exit(), first::toString);

    String finish = after(first.out(), "Finish with: ");
    assertTrue(finish.startsWith("mfa verify --state '"), finish);
    List<String> words = shellWords(finish.replaceFirst(" \\(before .*$", ""));
    assertEquals(List.of("mfa", "verify", "--state", state.toString(), "--code", "CODE"), words);

    List<String> pasted = words.subList(1, words.size()).stream().map(w -> w.equals("CODE") ? "123456" : w).toList();
    Cli.Result second = cli().run(pasted.toArray(String[]::new));
    assertEquals(0, second.exit(), second::toString);
    assertTrue(Files.notExists(state), "a successful verify deletes the state file");
  }

  @Test
  void theChmodForALoosePasswordFileWorksAsPrinted() throws Exception {
    Path pw = awkward("pw file.txt");
    Files.writeString(pw, "pw\n");
    Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-r--r--"));

    Cli.Result r = cli().run("login", "--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
        pw.toString());

    assertEquals(2, r.exit(), r::toString);
    String chmod = after(r.err(), "run: ");
    assertEquals(List.of("chmod", "600", pw.toString()), shellWords(chmod), chmod);
    Process p = new ProcessBuilder("sh", "-c", chmod).inheritIO().start();
    assertEquals(0, p.waitFor());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pw)));
    assertEquals(0, tenant.requests.size(), "nothing sent");
  }

  @Test
  void theConversionOfAKeyInAnotherFormatWritesBesideItNeverOverIt() throws Exception {
    Path notAKey = awkward("pw.txt");
    Fixture.secretFile(notAKey.getParent(), "pw.txt", "hunter2\n");

    Cli.Result r = cli().run("login", "--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
        notAKey.toString(), "--private-key-file", notAKey.toString());

    assertEquals(2, r.exit(), r::toString);
    List<String> words = shellWords(after(r.err(), "give the result: "));
    assertEquals(List.of("openssl", "pkcs8", "-topk8", "-nocrypt", "-in", notAKey.toString(), "-out",
        notAKey.resolveSibling("pw.pkcs8.pem").toString()), words);
    assertNotEquals(words.get(5), words.get(7));
  }

  @Test
  void anExpiredStatesNextStepQuotesThePathAndTheUser() throws Exception {
    Path state = Fixture.stateFile(awkward("s 1.json"), "flow", "login", "mfa_token", "Fe26.2**t",
        "mfa_token_expires_at", Instant.now().minusSeconds(60), "domain", tenant.url(), "client_id", "cli-client");

    Cli.Result r = cli().run("challenge", "--state", state.toString());

    assertEquals(3, r.exit(), r::toString);
    String next = after(r.err(), "sign in again: ");
    assertEquals(List.of("mfa", "login", "--state", state.toString() + ",", "then", "mfa", "challenge", "--state",
        state.toString()), shellWords(next), next);
  }
}
