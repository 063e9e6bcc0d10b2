package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** --sandbox only where one run can succeed, and never mixed with options that name another tenant or user. */
class SandboxOptionTest {
  @TempDir Path dir;

  @ParameterizedTest
  @ValueSource(strings = {"login", "verify --otp 123456", "challenge", "authenticators delete sms|dev_AbC123"})
  void verbsThatNeedAnExistingFactorRefuseIt(String verb) {
    List<String> args = new ArrayList<>(List.of(verb.split(" ")));
    args.add("--sandbox");
    String name = "mfa " + verb.replaceFirst(" (--otp|sms\\|).*", "");

    Cli.Result r = new Cli(dir).run(args.toArray(String[]::new));

    assertEquals(2, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals("mfa: --sandbox cannot work with " + name + ": every --sandbox run starts a fresh tenant whose demo"
        + " user has no second factor yet. For steps across commands, run mfa sandbox in another terminal and pass"
        + " --domain with the URL it prints.\n", r.err());
    Cli.Result help = new Cli(dir).run(verb.split(" ")[0].equals("authenticators")
        ? new String[] {"authenticators", "delete", "--help"} : new String[] {verb.split(" ")[0], "--help"});
    assertFalse(help.out().contains("--sandbox"), "not offered in help:\n" + help.out());
  }

  @Test
  void associateAndListStillOfferIt() {
    assertTrue(new Cli(dir).run("associate", "--help").out().contains("--sandbox"));
    assertTrue(new Cli(dir).run("authenticators", "list", "--help").out().contains("--sandbox"));
  }

  @ParameterizedTest
  @CsvSource({
      "--realm,Corp-DB", "--audience,https://api.example.com", "--scope,openid", "--client-auth,basic",
      "--username,jane@example.com", "--client-id,x", "--profile,work", "--ca-file,ca.pem"})
  void optionsForAnotherTenantOrUserConflict(String option, String value) {
    Cli.Result r = new Cli(dir).run("associate", "--sandbox", "--phone", "+15555550100", option, value);
    Cli.Result list = new Cli(dir).run("authenticators", "list", "--sandbox", option, value);

    assertEquals(2, r.exit(), r::toString);
    assertEquals("mfa: --sandbox and " + option + " conflict: the sandbox has its own tenant, client and demo user."
        + " Drop one of them.\n", r.err());
    assertEquals("", r.out());
    assertEquals(r.err(), list.err());
  }

  @Test
  void secretFilesConflictByName() throws IOException {
    Path pw = Fixture.secretFile(dir, "pw", "x");
    Path key = Fixture.secretFile(dir, "key.pem", "x");

    Cli.Result password = new Cli(dir).run("associate", "--sandbox", "--phone", "+15555550100", "--password-file",
        pw.toString());
    Cli.Result privateKey = new Cli(dir).run("associate", "--sandbox", "--phone", "+15555550100",
        "--private-key-file", key.toString());

    assertTrue(password.err().startsWith("mfa: --sandbox and --password-file conflict:"), password::toString);
    assertTrue(privateKey.err().startsWith("mfa: --sandbox and --private-key-file conflict:"), privateKey::toString);
  }
}
