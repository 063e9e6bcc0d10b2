package dev.mfakit.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Consumer;
import mockwebserver3.MockResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Malformed answers become MfaDecodingException (status kept, body never quoted), never NPE/CCE. */
class DecodingTest extends MockServerTest {
  static final MfaToken MFA_TOKEN = MfaToken.of("mfa-token");
  static final String CANARY = "BODYCANARY";

  enum Call {
    TOKENS(c -> c.verifyOtp(MFA_TOKEN, "123456")),
    SIGN_IN(c -> c.signIn(PasswordSignIn.of("u", "p"))),
    ASSOCIATE(c -> c.associate(MFA_TOKEN, Enrollment.otp())),
    CHALLENGE(c -> c.challenge(MFA_TOKEN, ChallengeRequest.otp())),
    LIST(c -> c.listAuthenticators(MFA_TOKEN));

    final Consumer<MfaClient> run;

    Call(Consumer<MfaClient> run) {
      this.run = run;
    }
  }

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(delimiter = '|', textBlock = """
      TOKENS    | 200 | <html><body>BODYCANARY</body></html>
      TOKENS    | 200 | {"access_token":"BODYCANARY","expires_in":86400,"token_type":"Bearer"
      TOKENS    | 200 | {"access_token":"BODYCANARY","expires_in":"86400","token_type":"Bearer"}
      TOKENS    | 200 | {"access_token":"BODYCANARY","expires_in":-1,"token_type":"Bearer"}
      TOKENS    | 200 | {"access_token":"BODYCANARY","expires_in":1.5,"token_type":"Bearer"}
      TOKENS    | 200 | {"access_token":"BODYCANARY","token_type":"Bearer"}
      TOKENS    | 200 | {"expires_in":86400,"token_type":"Bearer","scope":"BODYCANARY"}
      TOKENS    | 200 | {"access_token":42,"expires_in":86400,"token_type":"Bearer","x":"BODYCANARY"}
      TOKENS    | 200 | {"access_token":"two BODYCANARY words","expires_in":86400,"token_type":"Bearer"}
      TOKENS    | 200 | {"access_token":"a","expires_in":86400,"token_type":"Bearer","scope":["BODYCANARY"]}
      TOKENS    | 200 | {"access_token":"a","access_token":"BODYCANARY","expires_in":1,"token_type":"Bearer"}
      TOKENS    | 200 | ["BODYCANARY"]
      TOKENS    | 200 | BODYCANARY
      TOKENS    | 200 | {"access_token":"BODYCANARY","expires_in":1,"token_type":"Bearer"} trailing
      TOKENS    | 200 | ''
      SIGN_IN   | 403 | {"error":"mfa_required","mfa_token":["BODYCANARY"]}
      SIGN_IN   | 403 | {"error":"mfa_required","mfa_token":"t","mfa_requirements":"BODYCANARY"}
      SIGN_IN   | 403 | {"error":"mfa_required","mfa_token":"t","mfa_requirements":{"challenge":["BODYCANARY"]}}
      SIGN_IN   | 403 | {"error":"mfa_required","mfa_token":"t","mfa_requirements":{"enroll":[{"type":7}]},"x":"BODYCANARY"}
      ASSOCIATE | 200 | {"secret":"BODYCANARY"}
      ASSOCIATE | 200 | {"authenticator_type":"otp","secret":"BODYCANARY","recovery_codes":"BODYCANARY"}
      ASSOCIATE | 200 | {"authenticator_type":"oob","oob_code":"BODYCANARY","recovery_codes":[1]}
      CHALLENGE | 200 | {"oob_code":"BODYCANARY"}
      CHALLENGE | 200 | {"challenge_type":"oob","oob_code":{"v":"BODYCANARY"}}
      LIST      | 200 | {"authenticators":["BODYCANARY"]}
      LIST      | 200 | [{"id":"sms|dev_x","authenticator_type":"oob","active":"yes","name":"BODYCANARY"}]
      LIST      | 200 | [{"authenticator_type":"oob","name":"BODYCANARY"}]
      LIST      | 200 | ["BODYCANARY"]
      LIST      | 200 | [{"id":"sms|dev_x","authenticator_type":"oob","name":"BODYCANARY"}
      """)
  void malformedAnswersAreDecodingErrors(Call call, int status, String body) {
    server.enqueue(new MockResponse.Builder().code(status).body(body).build());
    MfaClient client = builder().retryPolicy(RetryPolicy.none()).build();

    MfaDecodingException e = assertThrows(MfaDecodingException.class, () -> call.run.accept(client));

    assertEquals(status, e.status());
    assertFalse(e.getMessage().contains(CANARY), e.getMessage());
    assertTrue(e.getMessage().contains("(HTTP " + status + ")"), e.getMessage());
    assertEquals(null, e.getCause());
  }
}
