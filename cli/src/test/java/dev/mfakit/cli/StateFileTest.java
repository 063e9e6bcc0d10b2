package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.client.ChallengeType;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The state file as a record: what each step writes reads back the same, in the documented keys. */
class StateFileTest {
  private static final Instant T = Instant.parse("2026-01-01T12:00:00Z");
  private static final MfaToken TOKEN = new MfaToken("Fe26.2**state-token", T.plusSeconds(600));

  @TempDir Path dir;

  private StateFile roundTrip(StateFile state, List<String> keys) throws IOException {
    Path file = dir.resolve("s.json");
    state.write(file);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals(keys, new ArrayList<>(Json.parseObject(Files.readString(file)).keySet()), "nulls are left out");
    StateFile read = StateFile.read(file);
    assertEquals(state, read);
    return read;
  }

  @Test
  void aSignInKeepsTheTokenAndTheTenant() throws IOException {
    StateFile read = roundTrip(StateFile.signedIn(TOKEN, "https://acme.us.auth0.com", "client"),
        List.of("flow", "mfa_token", "mfa_token_expires_at", "domain", "client_id"));

    assertEquals(StateFile.Flow.LOGIN, read.flow());
  }

  @Test
  void anAssociationKeepsWhatConfirmingNeedsAndNoSecretButTheTokenAndCode() throws IOException {
    Pending pending = new Pending(FactorKind.EMAIL, TOKEN, "Fe26.2*oob-code", T.plusSeconds(300), "j***@example.com",
        null);

    StateFile read = roundTrip(StateFile.associated(pending, "https://acme.us.auth0.com", "client"),
        List.of("flow", "mfa_token", "mfa_token_expires_at", "domain", "client_id", "oob_code", "expires_at",
            "oob_channel", "recipient"));

    assertEquals(StateFile.Flow.ASSOCIATE, read.flow());
    assertEquals(OobChannel.EMAIL, read.oobChannel());
    assertEquals(pending, read.pending());
    String text = read.toString();
    assertFalse(text.contains("state-token") || text.contains("oob-code"), text);
  }

  @Test
  void anEnrollmentWithNothingSentStillSaysWhichFactorItIs() throws IOException {
    Pending app = new Pending(FactorKind.AUTHENTICATOR_APP, TOKEN, null, null, null, null);
    Pending push = new Pending(FactorKind.PUSH, TOKEN, "Fe26.2*push-code", T.plusSeconds(300), null, null);

    StateFile appRead = roundTrip(StateFile.associated(app, "https://acme.us.auth0.com", "client"),
        List.of("flow", "mfa_token", "mfa_token_expires_at", "domain", "client_id", "challenge_type"));
    StateFile pushRead = roundTrip(StateFile.associated(push, "https://acme.us.auth0.com", "client"),
        List.of("flow", "mfa_token", "mfa_token_expires_at", "domain", "client_id", "oob_code", "expires_at",
            "oob_channel"));

    assertEquals(app, appRead.pending());
    assertEquals(push, pushRead.pending());
  }

  @Test
  void aChallengeKeepsItsTypeAndAuthenticator() throws IOException {
    Pending sms = new Pending(FactorKind.SMS, TOKEN, "Fe26.2*oob-code", T.plusSeconds(300), "XXXXXXXX0100", null);
    Pending app = new Pending(FactorKind.AUTHENTICATOR_APP, TOKEN, null, null, null, null);

    StateFile code = roundTrip(StateFile.challenged(sms, "sms|dev_1", "https://acme.us.auth0.com", "client"),
        List.of("flow", "mfa_token", "mfa_token_expires_at", "domain", "client_id", "oob_code", "expires_at",
            "oob_channel", "recipient", "challenge_type", "authenticator_id"));
    StateFile otp = roundTrip(StateFile.challenged(app, "totp|dev_2", "https://acme.us.auth0.com", "client"),
        List.of("flow", "mfa_token", "mfa_token_expires_at", "domain", "client_id", "challenge_type",
            "authenticator_id"));

    assertEquals(ChallengeType.OOB, code.challengeType());
    assertEquals(sms, code.pending());
    assertEquals(ChallengeType.OTP, otp.challengeType());
    assertEquals(FactorKind.AUTHENTICATOR_APP, otp.factor());
    assertNull(otp.oobChannel());
  }

  @Test
  void aFileFromAnotherVersionIsReadAsFarAsItIsUnderstood() throws IOException {
    Path file = Fixture.stateFile(dir.resolve("other.json"), "flow", "someday", "mfa_token", "t", "domain",
        "https://acme.us.auth0.com", "client_id", "c", "oob_channel", "pigeon", "extra", "ignored");

    StateFile read = StateFile.read(file);

    assertNull(read.flow());
    assertEquals(OobChannel.UNKNOWN, read.oobChannel());
    assertEquals(FactorKind.OTHER_OOB, read.factor());
  }
}
