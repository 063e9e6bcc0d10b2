package dev.mfakit.cli;

import static dev.mfakit.cli.ScriptedTenant.Step.ASSOCIATE;
import static dev.mfakit.cli.ScriptedTenant.Step.VERIFY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Once {@code /mfa/associate} answered with a recovery code, the code reaches the user on every way out of the run,
 * as a confirmed enrollment hands it out (stdout, {@code --recovery-code-file}, the {@code --json} field): the tenant
 * shows a user's recovery code with their first association only (docs/protocol.md), so a run that kept it back would
 * lose it for good. The note says what it is worth: valid if the factor is active, where the confirming request may
 * have been applied; else, nothing was enrolled, and it becomes valid with the first factor confirmed. Through the
 * real command line against a scripted tenant.
 */
class UnconfirmedRecoveryCodeTest {
  private static final String NOTE = "Keep this recovery code somewhere safe: the tenant shows it only once. It is"
      + " valid if this factor is active (mfa authenticators list shows whether it is); if not, it becomes valid with"
      + " the first factor you confirm.";
  private static final String NOT_ENROLLED = "Nothing was enrolled, but keep this recovery code: the tenant shows it"
      + " only once, and it becomes valid with the first factor you confirm.";

  @TempDir Path dir;
  @AutoClose private final ScriptedTenant tenant = new ScriptedTenant();

  private Cli cli(ScriptedPrompter prompter) {
    return new Cli(dir).env("AUTH0_CLIENT_ID", "cli-client").prompter(prompter);
  }

  private static ScriptedPrompter typesCodes(int times) {
    ScriptedPrompter p = ScriptedPrompter.terminal();
    for (int i = 0; i < times; i++) {
      p.line("Enter the 6-digit code: ", "123456");
    }
    return p;
  }

  private String[] associate(String... extra) throws IOException {
    List<String> args = new java.util.ArrayList<>(List.of("associate", "--domain", tenant.url(), "-u",
        "jane@example.com", "--password-file", Fixture.secretFile(dir, "pw.txt", "correct horse\n").toString(),
        "--phone", "+15551234567"));
    args.addAll(List.of(extra));
    return args.toArray(String[]::new);
  }

  /** The run ended with {@code exit} and {@code failure} as its last line, after handing out the code. */
  private void assertCodeThenFailure(Cli.Result r, int exit, String failure) {
    assertCodeThenFailure(r, exit, NOTE, failure);
  }

  /** As {@link #assertCodeThenFailure(Cli.Result, int, String)}, with {@code note} saying what the code is worth. */
  private void assertCodeThenFailure(Cli.Result r, int exit, String note, String failure) {
    assertEquals(exit, r.exit(), r::toString);
    assertEquals("Recovery code: " + tenant.recoveryCode + "\n", r.out(), r::toString);
    List<String> err = r.errLines();
    assertEquals(note, err.get(err.size() - 2), r::toString);
    assertTrue(err.get(err.size() - 1).startsWith(failure), r::toString);
    assertEquals(1, err.stream().filter(l -> l.startsWith("mfa: ")).count(), r::toString);
  }

  @Test
  void theVerifyReplyDroppedPrintsTheCodeThenExits4() throws IOException {
    tenant.script(VERIFY, FaultCliTest.dropAfterRequest());

    Cli.Result r = cli(typesCodes(1)).run(associate());

    assertCodeThenFailure(r, 4, "mfa: no answer from the tenant after the request was sent (");
    assertEquals(1, tenant.seen(VERIFY), "the verify is not sent again");
  }

  @Test
  void aServerErrorOrAnUnreadableAnswerAtTheVerifyPrintsTheCode() throws IOException {
    tenant.script(VERIFY, new MockResponse.Builder().code(502).body("<html>502</html>").build());
    assertCodeThenFailure(cli(typesCodes(1)).run(associate()), 4, "mfa: the tenant failed (HTTP 502)");

    tenant.script(VERIFY, ScriptedTenant.json(200, "{\"access_token\":"));
    assertCodeThenFailure(cli(typesCodes(1)).run(associate()), 4,
        "mfa: the tenant answered something unexpected (HTTP 200)");
  }

  @Test
  void threeWrongCodesCtrlDOrAnEmptyAnswerSayNothingWasEnrolledAndStillHandOutTheCode() throws IOException {
    MockResponse wrong = ScriptedTenant.json(403, "{\"error\":\"invalid_grant\",\"error_description\":"
        + "\"Invalid binding_code.\"}");
    tenant.script(VERIFY, wrong, wrong, wrong);
    Cli.Result three = cli(typesCodes(3)).run(associate());
    // No answer at the prompt (Ctrl-D, or Enter alone): the verify is never sent.
    Cli.Result none = cli(ScriptedPrompter.terminal()).run(associate());
    Cli.Result empty = cli(ScriptedPrompter.terminal().line("Enter the 6-digit code: ", "")).run(associate());

    assertCodeThenFailure(three, 3, NOT_ENROLLED, "mfa: that code was wrong 3 times, so nothing was enrolled.");
    assertCodeThenFailure(none, 3, NOT_ENROLLED, "mfa: no code entered, so nothing was enrolled");
    assertCodeThenFailure(empty, 3, NOT_ENROLLED, "mfa: no code entered, so nothing was enrolled");
    assertEquals(3, tenant.seen(VERIFY), "three verifies in all: none without a code");
  }

  @Test
  void nothingEnrolledWithJsonHasTheCodeInItsFieldAndActiveFalse() throws IOException {
    Cli.Result r = cli(ScriptedPrompter.terminal()).run(associate("--json"));

    assertEquals(3, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(List.of(tenant.recoveryCode), json.get("recovery_codes"));
    assertEquals(false, json.get("active"), "the tenant never saw a code: nothing was enrolled");
    assertEquals(NOT_ENROLLED, r.errLines().get(r.errLines().size() - 2), r::toString);
  }

  @Test
  void nothingEnrolledWithARecoveryCodeFileWritesTheCodeThere() throws IOException {
    Path file = dir.resolve("rc.txt");

    Cli.Result r = cli(ScriptedPrompter.terminal()).run(associate("--recovery-code-file", file.toString()));

    assertEquals(3, r.exit(), r::toString);
    assertEquals("Recovery code saved to " + file + ".\n", r.out());
    assertEquals(tenant.recoveryCode + "\n", Files.readString(file));
    assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(
        file)));
    assertEquals("Nothing was enrolled, but keep the recovery code saved in " + file + ": the tenant shows it only"
        + " once, and it becomes valid with the first factor you confirm.", r.errLines().get(r.errLines().size() - 2),
        r::toString);
  }

  @Test
  void theCodeGoesToTheRecoveryCodeFileWhenOneIsGiven() throws IOException {
    tenant.script(VERIFY, FaultCliTest.dropAfterRequest());
    Path file = dir.resolve("rc.txt");

    Cli.Result r = cli(typesCodes(1)).run(associate("--recovery-code-file", file.toString()));

    assertEquals(4, r.exit(), r::toString);
    assertEquals("Recovery code saved to " + file + ".\n", r.out());
    assertEquals(tenant.recoveryCode + "\n", Files.readString(file));
    assertEquals("Keep the recovery code saved in " + file + ": the tenant shows it only once. It is"
        + " valid if this factor is active (mfa authenticators list shows whether it is); if not, it becomes valid"
        + " with the first factor you confirm.", r.errLines().get(r.errLines().size() - 2), r::toString);
  }

  @Test
  void withJsonTheCodeIsInTheJsonObject() throws IOException {
    tenant.script(VERIFY, FaultCliTest.dropAfterRequest());

    Cli.Result r = cli(typesCodes(1)).run(associate("--json"));

    assertEquals(4, r.exit(), r::toString);
    Map<String, Object> json = Json.parseObject(r.out());
    assertEquals(List.of(tenant.recoveryCode), json.get("recovery_codes"));
    assertEquals(null, json.get("active"), "unknown: the confirming request got no answer");
    assertEquals("sms", json.get("oob_channel"));
  }

  @Test
  void anAssociationWithoutARecoveryCodePrintsNothing() throws IOException {
    tenant.script(ASSOCIATE, ScriptedTenant.json(200, "{\"authenticator_type\":\"oob\",\"binding_method\":"
        + "\"prompt\",\"oob_channel\":\"sms\",\"oob_code\":\"" + tenant.oobCode + "\"}"));
    tenant.script(VERIFY, FaultCliTest.dropAfterRequest());

    Cli.Result r = cli(typesCodes(1)).run(associate());

    assertEquals(4, r.exit(), r::toString);
    assertEquals("", r.out());
    Fixture.assertOneLineError(new Cli.Result(r.exit(), r.out(), r.errLines().get(r.errLines().size() - 1)));
  }
}
