package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.sandbox.SandboxTenant;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The redacting logger on real bodies: a whole journey's log holds none of its secrets. */
class SandboxLoggingTest extends SandboxTest {

  @Test
  void aWholeJourneyLogsNoSecret() {
    List<String> log = Collections.synchronizedList(new ArrayList<>());
    MfaClient logged = builder().logger(log::add).build();
    String user = newUser();
    String phone = newPhone();
    List<String> secrets = new ArrayList<>(List.of(PASSWORD, SandboxTenant.CLIENT_SECRET, phone));

    MfaToken token = signIn(logged, PasswordSignIn.of(user, PASSWORD)).mfaToken();
    secrets.add(token.value());
    Association sms = logged.associate(token, Enrollment.sms(phone));
    secrets.add(sms.oobCode());
    secrets.add(sms.recoveryCodes().get(0));
    String code = codeSentTo(phone);
    secrets.add(code);
    Tokens tokens = logged.verifyOob(token, sms.oobCode(), code);
    secrets.add(tokens.accessToken().value());
    secrets.add(tokens.idToken());

    MfaToken again = signIn(logged, PasswordSignIn.of(user, PASSWORD)
        .withAudience(tenant.baseUrl() + "/mfa/").withScope("enroll offline_access")).mfaToken();
    secrets.add(again.value());
    Challenge challenge = logged.challenge(again, ChallengeRequest.oob());
    secrets.add(challenge.oobCode());
    String second = codeSentTo(phone);
    secrets.add(second);
    Tokens mfaTokens = logged.verifyOob(again, challenge.oobCode(), second);
    secrets.add(mfaTokens.accessToken().value());
    secrets.add(mfaTokens.refreshToken());
    Association otp = logged.associate(mfaTokens.accessToken(), Enrollment.otp());
    secrets.add(otp.secret());
    secrets.add(otp.barcodeUri());
    String totp = Rfc6238.code(otp.secret(), tenant.now());
    secrets.add(totp);
    logged.verifyOtp(again, totp);
    Tokens recovered = logged.verifyRecoveryCode(signIn(logged, PasswordSignIn.of(user, PASSWORD)).mfaToken(),
        sms.recoveryCodes().get(0));
    secrets.add(recovered.recoveryCode());
    // And a failure: its body echoes nothing of ours into the log either.
    MfaToken third = signIn(logged, PasswordSignIn.of(user, PASSWORD)).mfaToken();
    secrets.add(third.value());
    String wrongOtp = Rfc6238.code(otp.secret(), tenant.now().plus(Duration.ofMinutes(5)));
    secrets.add(wrongOtp);
    try {
      logged.verifyOtp(third, wrongOtp);
    } catch (MfaApiException expected) {
      // WRONG_OTP
    }

    assertTrue(log.size() > 50, "the journey was logged");
    assertTrue(log.stream().anyMatch(l -> l.startsWith("<-- 403 ")), "the failure was logged");
    String all = String.join("\n", log);
    for (String secret : secrets) {
      assertFalse(all.contains(secret), "a secret of " + secret.length() + " characters is in the log");
    }
    assertTrue(all.contains("+1*"), "the phone number shows masked");
  }
}
