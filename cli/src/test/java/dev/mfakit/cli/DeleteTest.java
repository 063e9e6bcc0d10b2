package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.io.Json;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** authenticators delete: an id the user lacks fails before any code is sent; twins that go with it are named. */
class DeleteTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  @Test
  void anIdTheUserDoesNotHaveFailsBeforeTheSecondFactor() throws IOException {
    String user = fx.newUser();
    fx.enrollSms(user, dir);
    int sent = fx.messageCount();
    ScriptedPrompter p = ScriptedPrompter.terminal(); // any code prompt would fail the test

    Cli.Result r = cli().prompter(p).stdin(Fixture.password(user)).run("authenticators", "delete", "voice|dummy",
        "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("", r.out());
    assertEquals(List.of("Signing in as " + user + " for the MFA API...",
        "mfa: no authenticator voice|dummy for this user; see mfa authenticators list"), r.errLines());
    assertEquals(sent, fx.messageCount(), "no SMS sent");
    assertTrue(p.asked().isEmpty(), p.asked()::toString);
  }

  @Test
  void deletingOneTwinNamesTheOtherInTextAndJson() throws IOException {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    String sms = fx.smsId(user);
    String voice = sms.replace("sms|", "voice|");
    ScriptedPrompter p = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));

    Cli.Result text = cli().prompter(p).stdin(Fixture.password(user)).run("authenticators", "delete", voice,
        "--domain", fx.url(), "-u", user, "--password", "-");

    assertEquals(0, text.exit(), text::toString);
    assertEquals("Deleted " + voice + " (and its twin " + sms + ").\n", text.out());
    assertTrue(sandbox.authenticators(user).stream().noneMatch(a -> a.id().equals(sms) || a.id().equals(voice)));

    String other = fx.newUser();
    String phone2 = fx.enrollSms(other, dir);
    String sms2 = fx.smsId(other);
    ScriptedPrompter p2 = ScriptedPrompter.terminal().line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone2));
    Cli.Result json = cli().prompter(p2).stdin(Fixture.password(other)).run("authenticators", "delete", sms2,
        "--domain", fx.url(), "-u", other, "--password", "-", "--json");

    assertEquals(0, json.exit(), json::toString);
    assertEquals(List.of("deleted", "twins_checked", "possible_twins"),
        List.copyOf(Json.parseObject(json.out()).keySet()));
    assertEquals(true, Json.parseObject(json.out()).get("twins_checked"));
    assertEquals(List.of(sms2, sms2.replace("sms|", "voice|")), Json.parseObject(json.out()).get("deleted"));
  }

  @Test
  void twinsByTheSharedSuffixWhenNoListCanBeReadAfter() {
    List<Authenticator> before = List.of(
        new Authenticator("sms|dev_X", AuthenticatorType.OOB, true, OobChannel.SMS, "+1******4567"),
        new Authenticator("voice|dev_X", AuthenticatorType.OOB, true, OobChannel.VOICE, "+1******4567"),
        new Authenticator("email|dev_Y", AuthenticatorType.OOB, true, OobChannel.EMAIL, "j***@example.com"),
        new Authenticator("recovery-code|dev_X", AuthenticatorType.RECOVERY_CODE, true, null, null));

    assertEquals(List.of("sms|dev_X"), AuthenticatorIds.twins(before, "voice|dev_X"));
    assertEquals(List.of(), AuthenticatorIds.twins(before, "email|dev_Y"));
    assertEquals(List.of(), AuthenticatorIds.twins(before, "recovery-code|dev_X"));
  }
}
