package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertLinesMatch;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mfa associate --state FILE --code CODE} resumes the enrollment {@code --no-input --state FILE} left
 * pending, exactly like {@code mfa verify --state FILE --code}: no new association, no second SMS.
 */
class AssociateResumeTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  private Cli cli() {
    return Cli.forSandboxClient(dir);
  }

  private Path split(String user, String phone, String name) throws IOException {
    Path state = dir.resolve(name);
    Cli.Result r = fx.associateNoInput(dir, user, phone, state);
    assertEquals(0, r.exit(), r::toString);
    return state;
  }

  @Test
  void theCodeFinishesThePendingEnrollmentWithoutSendingAnother() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = split(user, phone, "s.json");
    int sent = fx.messageCount();

    Cli.Result r = cli().run("associate", "--state", state.toString(), "--code", fx.codeSentTo(phone));

    assertEquals(0, r.exit(), r::toString);
    assertLinesMatch(List.of("SMS authenticator sms\\|dev_\\w+ is active \\(X{8}\\d{4}\\)\\."),
        r.out().lines().toList(), r::toString);
    assertEquals("", r.err());
    assertEquals(sent, fx.messageCount(), "no second SMS");
    assertFalse(Files.exists(state), "deleted on success, like verify");
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("sms|")));
  }

  @Test
  void itPrintsWhatVerifyPrints() throws IOException {
    String a = fx.newUser();
    String b = fx.newUser();
    String phoneA = Fixture.newPhone();
    String phoneB = Fixture.newPhone();
    Path stateA = split(a, phoneA, "a.json");
    Path stateB = split(b, phoneB, "b.json");

    Cli.Result viaAssociate = cli().run("associate", "--state", stateA.toString(), "--code", fx.codeSentTo(phoneA),
        "--json");
    Cli.Result viaVerify = cli().run("verify", "--state", stateB.toString(), "--code", fx.codeSentTo(phoneB),
        "--json");

    Map<String, Object> one = Json.parseObject(viaAssociate.out());
    Map<String, Object> two = Json.parseObject(viaVerify.out());
    assertEquals(two.keySet(), one.keySet());
    for (String k : List.of("signed_in", "mfa_required", "authenticator_type", "oob_channel", "active")) {
      assertEquals(two.get(k), one.get(k), k);
    }
  }

  @Test
  void aWrongCodeKeepsTheStateFileForARetry() throws IOException {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    Path state = split(user, phone, "s.json");
    byte[] saved = Files.readAllBytes(state);
    int sent = fx.messageCount();

    Cli.Result wrong = cli().run("associate", "--state", state.toString(), "--code",
        Fixture.wrong(fx.codeSentTo(phone)), "--phone", phone);
    byte[] afterWrong = Files.readAllBytes(state);
    Cli.Result right = cli().run("associate", "--state", state.toString(), "--code", fx.codeSentTo(phone));

    assertEquals(3, wrong.exit(), wrong::toString);
    assertEquals("mfa: that code is not right. Check the newest message and try again.\n", wrong.err());
    assertEquals("", wrong.out());
    assertArrayEquals(saved, afterWrong, "a failed attempt leaves the file as it was");
    assertEquals(0, right.exit(), right::toString);
    assertEquals(sent, fx.messageCount(), "retrying sends nothing");
  }

  @Test
  void withoutAPendingEnrollmentTheCodeIsAUsageErrorBeforeAnyRequest() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Path pw = Fixture.passwordFile(dir, "a@example.com");
      Path login = Fixture.secretFile(dir, "login.json", "{\"flow\":\"login\",\"mfa_token\":\"t\",\"domain\":\""
          + server.url() + "\",\"client_id\":\"sandbox-client\"}");
      Path challenge = Fixture.secretFile(dir, "challenge.json", "{\"flow\":\"challenge\",\"mfa_token\":\"t\","
          + "\"domain\":\"" + server.url() + "\",\"client_id\":\"sandbox-client\",\"oob_code\":\"o\"}");
      Path pending = Fixture.secretFile(dir, "pending.json", "{\"flow\":\"associate\",\"mfa_token\":\"t\","
          + "\"domain\":\"" + server.url() + "\",\"client_id\":\"sandbox-client\",\"oob_code\":\"o\","
          + "\"oob_channel\":\"sms\",\"recipient\":\"+1******0100\"}");

      Cli.Result noState = cli().run("associate", "--domain", server.url(), "-u", "a@example.com",
          "--password-file", pw.toString(), "--phone", "+15551234567", "--code", "123456");
      Cli.Result sandboxCode = new Cli(dir).run("associate", "--sandbox", "--phone", "+15555550100", "--code",
          "123456");
      Cli.Result loginState = cli().run("associate", "--state", login.toString(), "--code", "123456");
      Cli.Result challengeState = cli().run("associate", "--state", challenge.toString(), "--code", "123456");
      Cli.Result otherPhone = cli().run("associate", "--state", pending.toString(), "--code", "123456",
          "--phone", "+15551234567");
      Cli.Result withSignIn = cli().run("associate", "--state", pending.toString(), "--code", "123456", "-u",
          "a@example.com", "--password-file", pw.toString());

      for (Cli.Result r : List.of(noState, sandboxCode, loginState, challengeState, otherPhone, withSignIn)) {
        assertEquals(2, r.exit(), r::toString);
        Fixture.assertOneLineError(r);
        assertEquals("", r.out());
      }
      String needsState = "mfa: --code needs --state FILE from mfa associate --no-input --state FILE; without it"
          + " the code is sent during this run, so answer the prompt.\n";
      assertEquals(needsState, noState.err());
      assertEquals(needsState, sandboxCode.err());
      assertEquals("mfa: --code: " + login + " has no pending enrollment. Start one with mfa associate --phone E164"
          + " --no-input --state " + login + "\n", loginState.err());
      assertEquals("mfa: --code: " + challenge + " holds a sign-in challenge, not an enrollment. Finish it with mfa"
          + " verify --state " + challenge + " --code CODE\n", challengeState.err());
      assertEquals("mfa: --phone +1******4567 is not the enrollment pending in " + pending + " (sms to"
          + " +1******0100). Drop --phone, or start again with it.\n", otherPhone.err());
      assertTrue(withSignIn.err().startsWith("mfa: --state and --username/--password/--mfa-token conflict"));
      assertEquals(0, server.connections());
    }
  }

  @Test
  void noInputWithoutStateAndTheHelpNameTheResume() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Cli.Result r = cli().run("associate", "--domain", server.url(), "-u", "a@example.com", "--password-file",
          Fixture.passwordFile(dir, "a@example.com").toString(), "--voice", "+15551234567", "--no-input");

      assertEquals(2, r.exit(), r::toString);
      assertEquals("mfa: --no-input allows no prompt for the code: pass --state FILE, else the code could never be"
          + " entered and the call would be wasted. Finish later with mfa verify --state FILE --code CODE\n",
          r.err());
      assertEquals(0, server.connections());
    }
    String help = cli().run("associate", "--help").out();
    assertTrue(help.contains("or: mfa associate --state FILE --code CODE"), help);
    assertTrue(help.contains("mfa associate --state s.json --code 123456"), help);
  }
}
