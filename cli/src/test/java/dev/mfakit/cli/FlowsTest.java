package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.flow.CodeRequest;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.Confirming;
import dev.mfakit.cli.flow.EnrollFlow;
import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.EnrollmentInterrupted;
import dev.mfakit.cli.flow.Factor;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.MfaApiAccess;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.OobFactor;
import dev.mfakit.cli.flow.OtpFactor;
import dev.mfakit.cli.flow.Passed;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.flow.PushFactor;
import dev.mfakit.cli.flow.ResumeFlow;
import dev.mfakit.cli.flow.Scan;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.cli.io.PromptedCodes;
import dev.mfakit.client.Association;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.Mask;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.Tokens;
import dev.mfakit.client.Totp;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journeys as a program (a batch row, the next verb) runs them: the flows against the sandbox over real HTTP,
 * with codes from a scripted person or from a function, progress recorded, results as records.
 */
class FlowsTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);
  private final MfaClient client = fx.client();
  private final List<String> said = new ArrayList<>();
  private final Progress progress = recording(new ArrayList<>(), null);

  @TempDir Path dir;

  private static MfaTokenSource signIn(String user) {
    return new MfaTokenSource.SignIn(PasswordSignIn.of(user, Fixture.password(user)));
  }

  @Test
  void aPersonAtAPromptEnrollsAfterATypoAndAWrongCode() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    ScriptedPrompter person = ScriptedPrompter.terminal()
        .line("Enter the 6-digit code: ", "12 34")
        .line("Enter the 6-digit code: ", () -> Fixture.wrong(fx.codeSentTo(phone)))
        .line("Enter the 6-digit code: ", () -> fx.codeSentTo(phone));
    EnrollFlow flow = new EnrollFlow(client, new PromptedCodes(person, progress, "Start again. ", null), progress);

    EnrollResult.Confirmed r = assertInstanceOf(EnrollResult.Confirmed.class,
        flow.enroll(signIn(user), OobFactor.sms(phone), EnrollFlow.Until.CONFIRMED));

    assertTrue(person.done(), "every scripted answer was asked for");
    assertTrue(r.factor().id().startsWith("sms|dev_"), r::toString);
    assertEquals(true, r.factor().active());
    assertEquals(Fixture.tenantMask(phone), r.factor().recipient(), "the tenant's mask once it lists the factor");
    assertEquals(FactorKind.SMS, r.factor().kind());
    assertEquals(1, r.recoveryCodes().size());
    assertNotNull(r.tokens().accessToken());
    assertNull(r.listFailure());
    assertEquals(List.of("Signing in as " + user + "...", "Sent a 6-digit code by SMS to " + Mask.phone(phone) + ".",
        "Note: phone codes are the weakest second factor; an authenticator app is stronger.",
        "warn: A code is 6 digits, like 123456 (or r for a new one).", "warn: That code is not right; 2 tries left."),
        said);
    assertFalse(r.toString().contains(r.recoveryCodes().get(0)), "a result prints without its secrets");
  }

  @Test
  void aBatchRowEnrollsWithCodesFromAFunctionAndNothingToAsk() {
    String user = fx.newUser();
    String address = "row-" + System.nanoTime() + "@example.com";
    List<CodeRequest> asked = new ArrayList<>();
    CodeSource codes = CodeSource.from(request -> {
      asked.add(request);
      return fx.codeSentTo(address);
    });

    EnrollResult r = new EnrollFlow(client, codes, Progress.silent()).enroll(signIn(user), OobFactor.email(address),
        EnrollFlow.Until.CONFIRMED);

    EnrollResult.Confirmed confirmed = assertInstanceOf(EnrollResult.Confirmed.class, r);
    assertTrue(confirmed.factor().id().startsWith("email|"), r::toString);
    assertEquals(1, asked.size());
    CodeRequest request = asked.get(0);
    assertEquals(FactorKind.EMAIL, request.pending().factor());
    assertEquals(Mask.email(address), request.pending().recipient());
    assertTrue(request.sent());
    assertEquals(ErrorReason.WRONG_BINDING_CODE, request.wrong());
    assertNotNull(request.pending().association(), "the row's code function sees the association it answers");
  }

  @Test
  void anAuthenticatorAppEnrollsWithTheCodeComputedFromItsSecret() {
    String user = fx.newUser();
    List<CodeRequest> asked = new ArrayList<>();
    CodeSource totp = CodeSource.from(request -> {
      asked.add(request);
      return Totp.fromBase32(request.pending().association().secret()).codeAt(Instant.now());
    });

    EnrollResult.Confirmed r = assertInstanceOf(EnrollResult.Confirmed.class,
        new EnrollFlow(client, totp, Progress.silent()).enroll(signIn(user), OtpFactor.authenticatorApp(),
            EnrollFlow.Until.CONFIRMED));

    assertTrue(r.factor().id().startsWith("totp|dev_"), r::toString);
    assertEquals(true, r.factor().active());
    assertEquals(FactorKind.AUTHENTICATOR_APP, r.factor().kind());
    assertEquals(1, asked.size());
    assertFalse(asked.get(0).sent(), "nothing was sent: the code comes from the app");
    assertEquals(ErrorReason.WRONG_OTP, asked.get(0).wrong());
    assertNull(FactorKind.AUTHENTICATOR_APP.answering(null).enrollment(), "built to answer, it enrolls nothing");
  }

  @Test
  void aSplitJourneyKeepsWhatConfirmingNeedsAndAnotherRunFinishesIt() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();

    EnrollResult.Associated associated = assertInstanceOf(EnrollResult.Associated.class,
        new EnrollFlow(client, null, progress).enroll(signIn(user), OobFactor.voice(phone),
            EnrollFlow.Until.ASSOCIATED));

    Pending pending = associated.pending();
    assertEquals(FactorKind.VOICE, pending.factor());
    assertNotNull(pending.oobCode());
    assertNotNull(pending.expiresAt());
    assertNotNull(pending.mfaToken().expiresAt());
    assertEquals(1, associated.recoveryCodes().size());
    assertFalse(pending.toString().contains(pending.oobCode()), "a pending step prints without its code");
    assertTrue(sandbox.authenticators(user).stream().noneMatch(SandboxAuthenticator::active));

    Pending kept = new Pending(pending.factor(), pending.mfaToken(), pending.oobCode(), pending.expiresAt(),
        pending.recipient(), null);
    EnrollResult.Confirmed confirmed = new ResumeFlow(client).finishEnrollment(kept, fx.codeSentTo(phone));

    assertTrue(confirmed.factor().id().startsWith("voice|"), confirmed::toString);
    assertEquals(true, confirmed.factor().active());
    assertEquals(List.of(), confirmed.recoveryCodes(), "handed out when the code was sent");
  }

  @Test
  void aFailureAfterTheAssociationCarriesTheRecoveryCodeItIssued() {
    String user = fx.newUser();
    String phone = Fixture.newPhone();
    CodeSource wrong = CodeSource.from(request -> Fixture.wrong(fx.codeSentTo(phone)));

    EnrollmentInterrupted e = assertThrows(EnrollmentInterrupted.class, () -> new EnrollFlow(client, wrong, progress)
        .enroll(signIn(user), OobFactor.sms(phone), EnrollFlow.Until.CONFIRMED));

    assertEquals(1, e.recoveryCodes().size());
    assertEquals(ErrorReason.WRONG_BINDING_CODE, assertInstanceOf(MfaApiException.class, e.failure()).reason());
    assertNull(e.factor().active(), "whether it went through is unknown");
    assertEquals(OobChannel.SMS, e.factor().channel());
    assertFalse(String.valueOf(e.getMessage()).contains(e.recoveryCodes().get(0)));
  }

  @Test
  void aFactorTheFlowHasNeverSeenEnrollsThroughTheSameFlow() {
    // Push as its strategy would be written: associate, tell the person, wait for the approval. The flow is as is.
    String user = fx.newUser();
    Factor push = new Factor() {
      @Override
      public FactorKind kind() {
        return FactorKind.PUSH;
      }

      @Override
      public String recipient() {
        return null;
      }

      @Override
      public Enrollment enrollment() {
        return Enrollment.push();
      }

      @Override
      public void associated(Association association, boolean again, Progress p) {
        p.info("Scan the code in the Guardian app" + (association.barcodeUri() == null ? "?" : "."));
      }

      @Override
      public Tokens confirm(Pending pending, Confirming with) {
        sandbox.approvePush(user); // the person taps "approve"
        return with.client().awaitPushApproval(pending.mfaToken(), pending.oobCode(), Duration.ofMinutes(1));
      }
    };

    EnrollResult.Confirmed r = assertInstanceOf(EnrollResult.Confirmed.class,
        new EnrollFlow(client, null, progress).enroll(signIn(user), push, EnrollFlow.Until.CONFIRMED));

    assertEquals(AuthenticatorType.OOB, r.factor().type());
    assertEquals(OobChannel.AUTH0, r.factor().channel());
    assertEquals(true, r.factor().active(), r::toString);
    assertTrue(said.contains("Scan the code in the Guardian app."), said::toString);
  }

  /** A progress that records what is said, the scans shown, and approves the push it is told to wait for. */
  private Progress recording(List<Scan> scans, String approving) {
    return new Progress() {
      @Override
      public void info(String line) {
        said.add(line);
      }

      @Override
      public void warn(String line) {
        said.add("warn: " + line);
      }

      @Override
      public void scan(Scan scan) {
        scans.add(scan);
      }

      @Override
      public void waiting(String what, java.time.Instant until) {
        said.add(what);
        if (approving != null) {
          sandbox.approvePush(approving); // the person taps "approve" in the Guardian app
        }
      }
    };
  }

  @Test
  void anAppAddedAfterSmsPassesTheSmsFirstThenConfirmsWithTheAccessToken() throws Exception {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    List<Scan> scans = new ArrayList<>();
    // The SMS code for the factor passed first; for the app, the code it shows for the secret it was given.
    CodeSource codes = CodeSource.from(request -> request.pending().factor() == FactorKind.SMS
        ? fx.codeSentTo(phone) : Totp.fromBase32(request.pending().association().secret()).codeAt(sandbox.now()));

    EnrollResult.Confirmed r = assertInstanceOf(EnrollResult.Confirmed.class,
        new EnrollFlow(client, codes, recording(scans, null))
            .passingFirst(new MfaApiAccess.Passing(null, null, null, "--recovery-code"), Clock.systemUTC())
            .enroll(signIn(user), OtpFactor.authenticatorApp(), EnrollFlow.Until.CONFIRMED));

    assertEquals(AuthenticatorType.OTP, r.factor().type());
    assertEquals(true, r.factor().active(), r::toString);
    assertNotNull(r.added());
    assertEquals(OobChannel.SMS, r.added().passedWith().channel(), "the SMS factor was passed first");
    assertTrue(said.contains("This user already has a second factor: to add another, pass it first."), said::toString);
    assertEquals(1, scans.size(), "the app's secret was shown to add to the app");
    assertEquals(FactorKind.AUTHENTICATOR_APP, scans.get(0).factor());
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("totp|")));
  }

  @Test
  void pushAddedAfterSmsIsConfirmedByPollingWithTheAccessToken() throws Exception {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    List<Scan> scans = new ArrayList<>();

    EnrollResult.Confirmed r = assertInstanceOf(EnrollResult.Confirmed.class,
        new EnrollFlow(client, CodeSource.from(request -> fx.codeSentTo(phone)), recording(scans, user))
            .passingFirst(new MfaApiAccess.Passing(null, null, null, "--recovery-code"), Clock.systemUTC())
            .enroll(signIn(user), PushFactor.guardian(), EnrollFlow.Until.CONFIRMED));

    assertEquals(OobChannel.AUTH0, r.factor().channel());
    assertEquals(true, r.factor().active(), r::toString);
    assertEquals(OobChannel.SMS, r.added().passedWith().channel(), "the SMS factor was passed first");
    assertEquals(1, scans.size(), "the Guardian app's QR code was shown");
    assertTrue(said.contains("Waiting for the Guardian app to scan the code and approve"), said::toString);
  }

  @Test
  void aSignInPassesTheSecondFactorWithTheCodeOfAFunction() throws Exception {
    String user = fx.newUser();
    String phone = fx.enrollSms(user, dir);
    MfaToken token = new SignInFlow(client, progress).mfaToken(signIn(user), "so there is nothing to do");
    SecondFactorFlow flow = new SecondFactorFlow(client, CodeSource.from(request -> fx.codeSentTo(phone)), progress,
        Clock.systemUTC());

    Passed passed = flow.pass(token, null, "mfa login --recovery-code");

    assertEquals(fx.smsId(user), passed.factor().id());
    assertEquals(true, passed.factor().active());
    assertNotNull(passed.tokens().accessToken());
    assertTrue(said.stream().anyMatch(l -> l.startsWith("Sent a 6-digit code by SMS to ")), said::toString);
  }

  @Test
  void aBatchRowEnrollsAnAuthenticatorAppWithTheCodeComputedFromItsSecret() {
    String user = fx.newUser();
    List<Scan> scans = new ArrayList<>();
    Progress logging = recording(scans, null);

    EnrollResult r = new EnrollFlow(client, CodeSource.totp(sandbox.clock()), logging).enroll(signIn(user),
        OtpFactor.authenticatorApp(), EnrollFlow.Until.CONFIRMED);

    EnrollResult.Confirmed confirmed = assertInstanceOf(EnrollResult.Confirmed.class, r);
    assertTrue(confirmed.factor().id().startsWith("totp|dev_"), r::toString);
    assertEquals(true, confirmed.factor().active());
    assertEquals(FactorKind.AUTHENTICATOR_APP, confirmed.factor().kind());
    assertEquals(1, scans.size());
    assertTrue(scans.get(0).barcodeUri().contains("secret=" + scans.get(0).secret()));
    assertEquals("Scan[factor=AUTHENTICATOR_APP, barcodeUri=██, secret=██]", scans.get(0).toString());
    assertEquals(List.of("Signing in as " + user + "..."), said, "nothing of the secret in the lines a log keeps");
  }

  @Test
  void anAppAssociatedInOneStepIsFinishedWithTheCodeOfItsSecret() {
    String user = fx.newUser();

    EnrollResult.Associated associated = assertInstanceOf(EnrollResult.Associated.class, new EnrollFlow(client,
        null, Progress.silent()).enroll(signIn(user), OtpFactor.authenticatorApp(), EnrollFlow.Until.ASSOCIATED));
    Pending pending = associated.pending();
    String code = Totp.fromBase32(pending.association().secret()).codeAt(sandbox.now());

    assertNull(pending.oobCode(), "nothing was sent");
    assertFalse(pending.toString().contains(pending.association().secret()), pending::toString);
    EnrollResult.Confirmed confirmed = new ResumeFlow(client).finishEnrollment(pending, code);
    assertEquals(true, confirmed.factor().active());
  }

  @Test
  void totpCodesAnswerOnlyAnAppEnrolledInTheSameRun() {
    String user = fx.newUser();
    CodeSource totp = CodeSource.totp(sandbox.clock());
    Pending sms = new Pending(FactorKind.SMS, fx.mfaToken(user), "Fe26.2*x", null, null, null);

    assertThrows(IllegalStateException.class, () -> totp.enter(new CodeRequest(sms, "the code", true,
        ErrorReason.WRONG_BINDING_CODE), code -> null));
  }
}
