package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An expired mfa_token: the hint names the real state file, the user when known, and the next step for what the
 * state file held; a state whose mfa_token_expires_at is already past fails before anything is sent.
 */
class ExpiredMfaTokenTest {
  @TempDir Path dir;

  private Path state(String flow, Instant mfaTokenExpiresAt, String url) throws IOException {
    Path s = dir.resolve(flow + ".json");
    return Fixture.stateFile(s, "flow", flow, "mfa_token", "Fe26.2**expiring", "mfa_token_expires_at",
        mfaTokenExpiresAt, "domain", url, "client_id", "cli-client", "oob_code", "Fe26.2*oob", "expires_at",
        Instant.now().plusSeconds(300), "oob_channel", "sms", "recipient", "+1******4567", "challenge_type",
        flow.equals("challenge") ? "oob" : null, "authenticator_id", flow.equals("challenge") ? "sms|dev_x" : null);
  }

  private Cli cli() {
    return new Cli(dir).env("AUTH0_CLIENT_ID", "cli-client");
  }

  @Test
  void aStateWhoseMfaTokenIsPastFailsBeforeSending() throws IOException {
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE)) {
      Instant past = Instant.now().minusSeconds(60);
      String at = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC).format(past);
      Path challenge = state("challenge", past, server.url());
      Path pending = state("associate", past, server.url());

      Cli.Result verify = cli().run("verify", "--state", challenge.toString(), "--code", "123456");
      Cli.Result resume = cli().run("associate", "--state", pending.toString(), "--code", "123456");

      assertEquals(3, verify.exit(), verify::toString);
      assertEquals("mfa: the mfa_token in " + challenge + " expired at " + at + " (they last 10 minutes); sign in"
          + " again: mfa login --state " + challenge + ", then mfa challenge --state " + challenge + "\n",
          verify.err());
      assertEquals(3, resume.exit(), resume::toString);
      assertEquals("mfa: the mfa_token in " + pending + " expired at " + at + " (they last 10 minutes); sign in"
          + " again and start over: mfa login --state " + pending + ", then mfa associate --phone E164 --no-input"
          + " --state " + pending + "\n", resume.err());
      assertEquals(0, server.connections(), "a doomed request is not made");
    }
  }

  @Test
  void theTenantsExpiredNamesTheStateFileAndTheUser() throws IOException {
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      tenant.script(ScriptedTenant.Step.VERIFY, ScriptedTenant.json(403,
          "{\"error\":\"expired_token\",\"error_description\":\"mfa_token is expired\"}"));
      Files.writeString(dir.resolve("profiles"), "[default]\nusername = jane@example.com\n");
      Path s = state("challenge", Instant.now().plusSeconds(60), tenant.url());

      Cli.Result r = cli().run("verify", "--state", s.toString(), "--code", "123456");

      assertEquals(3, r.exit(), r::toString);
      assertEquals("mfa: mfa_token expired (they last 10 minutes); sign in again: mfa login -u jane@example.com"
          + " --state " + s + ", then mfa challenge --state " + s + "\n", r.err());
      assertEquals(1, tenant.seen(ScriptedTenant.Step.VERIFY));
    }
  }
}
