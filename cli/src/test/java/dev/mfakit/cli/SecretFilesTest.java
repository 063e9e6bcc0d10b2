package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files that hold secrets (tokens, recovery codes, state), written by the real verbs: mode 600 from their
 * first byte, missing parent directories created 700, replaced by an atomic rename (a new inode, never rewritten
 * in place, no temp file left), and a symlink at the path replaced rather than followed.
 */
class SecretFilesTest {
  @TempDir Path dir;

  /** The whole journey in one run (the code typed at the prompt), writing both the token and recovery-code files. */
  private Cli.Result associate(ScriptedTenant tenant, Path tokens, Path recovery) throws IOException {
    ScriptedPrompter prompter = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", "123456");
    Cli.Result r = new Cli(dir).env("AUTH0_CLIENT_ID", "files-client").prompter(prompter).run("associate",
        "--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
        Fixture.secretFile(dir, "pw.txt", "pw").toString(), "--phone", "+15551234567", "--token-file",
        tokens.toString(), "--recovery-code-file", recovery.toString());
    assertTrue(prompter.done(), r::toString);
    return r;
  }

  /**
   * A recovery-code sign-in writing the replacement code to {@code recovery}: the verb that replaces an existing
   * recovery-code file (associate refuses one: it may hold another account's code).
   */
  private Cli.Result recoverySignIn(ScriptedTenant tenant, Path recovery) throws IOException {
    return new Cli(dir).env("AUTH0_CLIENT_ID", "files-client").stdin(tenant.recoveryCode).run("login", "--domain",
        tenant.url(), "-u", "jane@example.com", "--password-file", Fixture.secretFile(dir, "pw.txt", "pw").toString(),
        "--recovery-code", "-", "--recovery-code-file", recovery.toString());
  }

  private static String mode(Path p) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }

  private static Object inode(Path p) throws IOException {
    return Files.getAttribute(p, "unix:ino", LinkOption.NOFOLLOW_LINKS);
  }

  @Test
  void tokenRecoveryCodeAndStateFilesAre600InNew700Directories() throws IOException {
    Path tokens = dir.resolve("new/deeper/tokens.json");
    Path recovery = dir.resolve("other/rc.txt");
    Path state = dir.resolve("states/s.json");
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      Cli.Result r = associate(tenant, tokens, recovery);
      Cli.Result split = new Cli(dir).env("AUTH0_CLIENT_ID", "files-client").run("login", "--domain", tenant.url(),
          "-u", "jane@example.com", "--password-file", dir.resolve("pw.txt").toString(), "--state", state.toString());

      assertEquals(0, r.exit(), r::toString);
      assertEquals(0, split.exit(), split::toString);
    }
    for (Path f : List.of(tokens, recovery, state)) {
      assertEquals("rw-------", mode(f), f::toString);
      assertEquals("rwx------", mode(f.getParent()), f.getParent()::toString);
    }
    assertEquals("rwx------", mode(dir.resolve("new")));
    assertTrue(Files.readString(tokens).contains("\"access_token\""));
    assertEquals("ABCDEFGHJKLMNPQRSTUVWXYZ\n", Files.readString(recovery));
    assertTrue(Files.readString(state).contains("\"mfa_token\""));
    assertNoTempFiles();
  }

  @Test
  void anExistingOpenFileIsReplacedByARenameNotRewritten() throws IOException {
    // What each output may replace: the tokens of an earlier --token-file, the recovery code a sign-in spends.
    Path tokens = Files.writeString(dir.resolve("tokens.json"), "{\"access_token\":\"old\"}\n");
    Path recovery = Files.writeString(dir.resolve("rc.txt"), "OLDC0DE0LDC0DE0LDC0DE0LD\n");
    for (Path f : List.of(tokens, recovery)) {
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r--r--"));
    }
    Object tokensBefore = inode(tokens);
    Object recoveryBefore = inode(recovery);
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      assertEquals(0, associate(tenant, tokens, dir.resolve("first-rc.txt")).exit());
      Cli.Result r = recoverySignIn(tenant, recovery);
      assertEquals(0, r.exit(), r::toString);
    }

    assertEquals("rw-------", mode(tokens));
    assertEquals("rw-------", mode(recovery));
    assertNotEquals(tokensBefore, inode(tokens), "a new file was renamed over the old one");
    assertNotEquals(recoveryBefore, inode(recovery), "a new file was renamed over the old one");
    assertFalse(Files.readString(tokens).contains("old"));
    assertNoTempFiles();
  }

  @Test
  void aSymlinkAtThePathIsReplacedNotFollowed() throws IOException {
    // Links to what the outputs may replace (else they are refused, see OutputFileRulesTest).
    String victimsTokens = "{\"access_token\":\"someone else's\"}\n";
    String victimsCode = "V1CT1MV1CT1MV1CT1MV1CT1M\n";
    Path tokens = Files.createSymbolicLink(dir.resolve("tokens.json"), Files.writeString(dir.resolve("victim.json"),
        victimsTokens));
    Path recovery = Files.createSymbolicLink(dir.resolve("rc.txt"), Files.writeString(dir.resolve("victim.txt"),
        victimsCode));
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      assertEquals(0, associate(tenant, tokens, dir.resolve("first-rc.txt")).exit());
      Cli.Result r = recoverySignIn(tenant, recovery);
      assertEquals(0, r.exit(), r::toString);
    }

    assertEquals(victimsTokens, Files.readString(dir.resolve("victim.json")));
    assertEquals(victimsCode, Files.readString(dir.resolve("victim.txt")));
    assertFalse(Files.isSymbolicLink(tokens));
    assertFalse(Files.isSymbolicLink(recovery));
    assertEquals("rw-------", mode(tokens));
  }

  @Test
  void aFailedVerifyLeavesTheStateFileByteForByteAndASuccessfulOneRemovesIt() throws IOException {
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      Path state = dir.resolve("s.json");
      Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "files-client");
      assertEquals(0, cli.run("associate", "--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
          Fixture.secretFile(dir, "pw.txt", "pw").toString(), "--phone", "+15551234567", "--no-input", "--state",
          state.toString()).exit());
      byte[] before = Files.readAllBytes(state);
      Object inodeBefore = inode(state);
      tenant.script(ScriptedTenant.Step.VERIFY, ScriptedTenant.json(403,
          "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid binding_code.\"}"));

      Cli.Result wrong = cli.run("verify", "--state", state.toString(), "--code", "000000");
      assertEquals(3, wrong.exit(), wrong::toString);
      assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(state)));
      assertEquals(inodeBefore, inode(state));
      assertEquals("rw-------", mode(state));

      Cli.Result right = cli.run("verify", "--state", state.toString(), "--code", "123456");
      assertEquals(0, right.exit(), right::toString);
      assertFalse(Files.exists(state), "the spent state is removed");
    }
  }

  private void assertNoTempFiles() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> temps = all.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      assertEquals(List.of(), temps);
    }
  }
}
