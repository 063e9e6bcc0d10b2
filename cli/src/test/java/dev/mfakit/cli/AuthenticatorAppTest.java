package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa associate --authenticator-app} through the real command line against the sandbox: the QR code is read off
 * the terminal as a phone reads it (ZXing, from the half blocks drawn), the code computed from the URI it holds, and
 * the enrollment finished with it; the split forms, the files, {@code mfa otp}.
 */
class AuthenticatorAppTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  /** The QR code drawn on stderr so far (its half-block lines), read by ZXing. */
  static String qrOnScreen(List<String> stderr) {
    List<String> qr = new ArrayList<>();
    for (String line : stderr) {
      String plain = line.replaceAll("\u001b\\[[0-9;]*m", "");
      if (!plain.isEmpty() && plain.chars().allMatch(c -> c == '█' || c == '▀' || c == '▄' || c == ' ')
          && plain.contains("█")) {
        qr.add(line);
      } else if (!qr.isEmpty()) {
        break;
      }
    }
    return QrImages.decode(QrImages.fromHalfBlocks(qr));
  }

  private static String codeFor(String otpauthUri) {
    return Totp.fromOtpauthUri(otpauthUri).codeAt(Instant.now());
  }

  private boolean activeApp(String user) {
    return sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("totp|"));
  }

  @Test
  void aPersonScansTheDrawnCodeAndConfirmsWithTheAppsCode() throws IOException {
    String user = fx.newUser();
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    String[] uri = new String[1];
    ScriptedPrompter person = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code from your authenticator app: ", () -> {
          uri[0] = qrOnScreen(stderr); // the phone's camera
          return codeFor(uri[0]);
        });
    Cli cli = Cli.forSandboxClient(dir).prompter(person);
    cli.errListener = stderr::add;

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--authenticator-app");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(person.done(), r::toString);
    assertTrue(uri[0].startsWith("otpauth://totp/mfakit%20sandbox:" + user.replace("@", "%40") + "?secret="), uri[0]);
    String secret = uri[0].replaceAll(".*secret=([A-Z2-7]+).*", "$1");
    assertTrue(r.err().contains("Scan this QR code with your authenticator app"), r::toString);
    assertTrue(r.err().contains("Or type this key into the app: " + secret.replaceAll("(.{4})(?!$)", "$1 ")),
        "the key in groups of four:\n" + r);
    assertTrue(r.out().matches("(?s)Authenticator app totp\\|dev_\\w+ is active\\.\nRecovery code: \\w{24}\n"),
        r::toString);
    assertTrue(activeApp(user));
    assertFalse(r.out().contains(secret), "the secret is not a result line");
  }

  @Test
  void theSandboxAloneEnrollsAnAppWithNobodyToAsk() {
    Cli.Result r = new Cli(dir).run("associate", "--sandbox", "--authenticator-app");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(r.out().startsWith("Authenticator app totp|dev_"), r::toString);
    assertTrue(r.err().contains("No terminal to type the code in: using the code an authenticator app would show"),
        r::toString);
    assertFalse(r.err().contains("█"), "no QR code is drawn where nobody looks:\n" + r);
  }

  @Test
  void theSandboxAtAPromptSaysTheCodeTheAppShows() {
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    ScriptedPrompter person = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code from your authenticator app: ", () -> {
          String hint = stderr.stream().filter(l -> l.startsWith("[sandbox] An app that scanned this QR code shows"))
              .findFirst().orElseThrow();
          String code = hint.replaceAll(".* shows (\\d{6}) now.*", "$1");
          assertEquals(codeFor(qrOnScreen(stderr)), code, "the code a real app would show");
          return code;
        });
    Cli cli = new Cli(dir).prompter(person);
    cli.errListener = stderr::add;

    Cli.Result r = cli.run("associate", "--sandbox", "--authenticator-app");

    assertEquals(0, r.exit(), r::toString);
    assertTrue(person.done());
  }

  @Test
  void aScriptSplitsTheEnrollmentAndFinishesItWithMfaOtp() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("s.json");
    Path secretFile = dir.resolve("keys").resolve("totp.txt");

    Cli.Result started = Cli.forSandboxClient(dir).run("associate", "--domain", fx.url(), "-u", user,
        "--password-file", Fixture.passwordFile(dir, user).toString(), "--authenticator-app", "--secret-file",
        secretFile.toString(), "--no-input", "--state", state.toString());

    assertEquals(0, started.exit(), started::toString);
    Map<String, Object> json = Json.parseObject(Files.readString(state));
    assertEquals("associate", json.get("flow"));
    assertEquals("otp", json.get("challenge_type"));
    assertNull(json.get("oob_code"), "nothing is sent for an app");
    String secret = Files.readString(secretFile);
    assertTrue(secret.matches("[A-Z2-7]{32}\n"), "the base32 secret alone on one line, as oathtool -b takes it");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secretFile)));
    assertFalse(Files.readString(state).contains(secret.strip()), "the state file never holds the TOTP secret");
    assertFalse(started.err().contains(secret.strip()) || started.out().contains(secret.strip()),
        "a script's output never shows the secret:\n" + started);
    assertFalse(started.err().contains("█"), started::toString);
    assertTrue(started.out().contains("Finish with: mfa verify --state " + state + " --otp CODE"), started::toString);

    Cli.Result otp = new Cli(dir).run("otp", "--secret-file", secretFile.toString());
    assertEquals(0, otp.exit(), otp::toString);
    assertEquals(Totp.fromBase32(secret.strip()).codeAt(Instant.now()) + "\n", otp.out());

    Cli.Result finished = Cli.forSandboxClient(dir).run("verify", "--state", state.toString(), "--otp",
        otp.out().strip());

    assertEquals(0, finished.exit(), finished::toString);
    assertTrue(finished.out().startsWith("Authenticator app totp|dev_"), finished::toString);
    assertTrue(activeApp(user));
    assertFalse(Files.exists(state), "a finished step's state is deleted");
  }

  @Test
  void theQrFilesReadBackAsTheUriWhoseCodeFinishesTheEnrollment() throws IOException {
    for (String name : List.of("qr.png", "qr.SVG")) {
      String user = fx.newUser();
      Path state = dir.resolve(name + ".json");
      Path qr = dir.resolve(name);

      Cli.Result started = Cli.forSandboxClient(dir).run("associate", "--domain", fx.url(), "-u", user,
          "--password-file", Fixture.passwordFile(dir, user).toString(), "--authenticator-app", "--qr-file",
          qr.toString(), "--no-input", "--state", state.toString());

      assertEquals(0, started.exit(), started::toString);
      assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(qr)));
      String uri = name.endsWith(".png") ? QrImages.decodePng(Files.readAllBytes(qr))
          : QrImages.decode(QrImages.fromSvg(Files.readString(qr)));
      assertTrue(uri.startsWith("otpauth://totp/"), uri);
      Cli.Result finished = Cli.forSandboxClient(dir).run("verify", "--state", state.toString(), "--otp",
          codeFor(uri));
      assertEquals(0, finished.exit(), finished::toString);
      assertTrue(activeApp(user), name);
    }
  }

  @Test
  void jsonGivesTheBarcodeUriAndTheSecretForAScriptToShow() throws IOException {
    String user = fx.newUser();
    Path state = dir.resolve("s.json");

    Cli.Result r = Cli.forSandboxClient(dir).run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--authenticator-app", "--no-input", "--state",
        state.toString(), "--json");

    assertEquals(0, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(JsonShapesTest.SIGN_IN_KEYS, new ArrayList<>(json.keySet()));
    String uri = (String) json.get("barcode_uri");
    String secret = (String) json.get("secret");
    assertTrue(uri.contains("secret=" + secret + "&"), r::toString);
    assertEquals("otp", json.get("authenticator_type"));
    assertEquals(false, json.get("active"));
    assertFalse(r.err().contains(secret), "not in the progress either:\n" + r);
  }

  @Test
  void threeWrongCodesEndTheRunAndRAtTheAppsPromptSendsNothing() throws IOException {
    String user = fx.newUser();
    List<String> stderr = Collections.synchronizedList(new ArrayList<>());
    ScriptedPrompter person = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code from your authenticator app: ", "r")
        .line("Enter the 6-digit code from your authenticator app: ", () -> Fixture.wrong(codeFor(qrOnScreen(stderr))))
        .line("Enter the 6-digit code from your authenticator app: ", "000000")
        .line("Enter the 6-digit code from your authenticator app: ", "999999");
    Cli cli = Cli.forSandboxClient(dir).prompter(person);
    cli.errListener = stderr::add;

    Cli.Result r = cli.run("associate", "--domain", fx.url(), "-u", user, "--password-file",
        Fixture.passwordFile(dir, user).toString(), "--authenticator-app");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("An authenticator app's codes are not sent: type the one it shows now."), r::toString);
    assertTrue(r.err().contains("That code is not right; 2 tries left."), r::toString);
    assertTrue(r.err().contains("mfa: that code was wrong 3 times, so the app was not added."), r::toString);
    assertEquals(1, sandbox.authenticators(user).stream().filter(a -> a.id().startsWith("totp|")).count(),
        "r associated nothing new");
    assertFalse(sandbox.authenticators(user).stream().anyMatch(SandboxAuthenticator::active));
  }

  @Test
  void noCodeAtTheSandboxsAppPromptPromisesNoNewCode() {
    Cli.Result r = new Cli(dir).prompter(ScriptedPrompter.terminal()).run("associate", "--sandbox",
        "--authenticator-app");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("\nmfa: no code entered, so nothing was enrolled. Run the same command again (to split"
        + " the steps, run mfa sandbox in another terminal and use --domain with its URL)\n"), r::toString);
  }

  @Test
  void noCodeAtThePromptSaysHowToSplitTheEnrollment() throws IOException {
    String user = fx.newUser();

    Cli.Result r = Cli.forSandboxClient(dir).prompter(ScriptedPrompter.terminal()).run("associate", "--domain",
        fx.url(), "-u", user, "--password-file", Fixture.passwordFile(dir, user).toString(), "--authenticator-app");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().endsWith("mfa: no code entered, so the app was not added. Run the command again, or split it:"
        + " start with mfa associate --authenticator-app --secret-file SECRET_FILE --no-input --state FILE, then run mfa"
        + " verify --state FILE --otp CODE\n"), r::toString);
  }
}
