package dev.mfakit.examples;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.RateLimit;
import dev.mfakit.client.RetryPolicy;
import dev.mfakit.examples.BulkOnboarding.Report;
import dev.mfakit.examples.BulkOnboarding.Status;
import dev.mfakit.examples.BulkOnboarding.UserResult;
import dev.mfakit.examples.HandleErrors.Advice;
import dev.mfakit.examples.HandleErrors.Next;
import dev.mfakit.examples.HandleErrors.Outcome;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxExtension;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import okhttp3.FormBody;
import okhttp3.OkHttpClient;
import okhttp3.Response;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs every example against a fresh sandbox tenant and checks what it returns AND what the tenant then holds. Codes
 * come from the sandbox outbox and from an RFC 6238 computation: the examples themselves never see the sandbox.
 */
@ExtendWith(SandboxExtension.class)
class ExamplesTest {
  private static final String PASSWORD = "correct horse battery staple";
  private static final Pattern RECOVERY_CODE = Pattern.compile("[1-9A-HJ-NP-Z]{24}");

  private final SandboxTenant tenant;
  private final MfaClient client;

  ExamplesTest(SandboxTenant tenant) {
    this.tenant = tenant;
    this.client = clientFor(tenant, RetryPolicy.defaults());
  }

  /**
   * One client per tenant, on the tenant's clock so that token expiries and rate-limit resets agree with it. Its
   * retry waits move that clock instead of blocking: the tenant sees the time pass, the test does not spend it.
   */
  private static MfaClient clientFor(SandboxTenant tenant, RetryPolicy policy) {
    return MfaClient.builder()
        .baseUrl(tenant.baseUrl())
        .clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET)
        .clock(tenant.clock())
        .sleeper(tenant::advanceClock)
        .retryPolicy(policy)
        .build();
  }

  private String user(String name) {
    String username = name + "@example.com";
    tenant.addUser(username, PASSWORD);
    return username;
  }

  private Inbox outbox() {
    return phone -> tenant.lastMessageTo(phone).code();
  }

  private long messagesTo(String recipient) {
    return tenant.messages().stream().filter(m -> m.recipient().equals(recipient)).count();
  }

  private List<SandboxAuthenticator> active(String username) {
    return tenant.authenticators(username).stream().filter(SandboxAuthenticator::active).toList();
  }

  private boolean hasActive(String username, String channelOrType) {
    return active(username).stream().anyMatch(a -> channelOrType.equals(a.oobChannel())
        || channelOrType.equals(a.authenticatorType()));
  }

  /** A user whose first factor is an authenticator app and who then added a phone; returns the TOTP secret. */
  private String userWithAppAndPhone(String username, String phone) {
    AtomicReference<String> secret = new AtomicReference<>();
    EnrollAuthenticatorApp.run(client, username, PASSWORD, (uri, s) -> {
      secret.set(s);
      return totp(s, tenant.now());
    });
    tenant.advanceClock(Duration.ofSeconds(30)); // each TOTP step is accepted once
    // A second factor needs an access token with scope enroll, which also confirms it (docs/protocol.md).
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(username, PASSWORD)
        .withAudience(client.baseUrl() + "/mfa/").withScope("enroll"));
    AccessToken enroll = client.verifyOtp(required.mfaToken(), totp(secret.get(), tenant.now())).accessToken();
    Association sms = client.associate(enroll, Enrollment.sms(phone));
    client.verifyOob(enroll, sms.oobCode(), outbox().codeSentTo(phone));
    tenant.advanceClock(Duration.ofSeconds(30));
    return secret.get();
  }

  // ---- EnrollPhone ------------------------------------------------------------------------------------------

  @Test
  void enrollPhoneActivatesTheSmsAuthenticatorAndKeepsTheRecoveryCode() {
    String alice = user("alice");
    EnrollPhone.Enrolled enrolled = EnrollPhone.run(client, alice, PASSWORD, "+15550100001", outbox());

    assertTrue(enrolled.authenticator().active());
    assertEquals(OobChannel.SMS, enrolled.authenticator().oobChannel());
    assertTrue(enrolled.authenticator().id().startsWith("sms|dev_"), enrolled.authenticator().id());
    assertTrue(RECOVERY_CODE.matcher(enrolled.recoveryCode()).matches());
    assertNotNull(enrolled.tokens().accessToken().value());
    assertFalse(enrolled.toString().contains(enrolled.recoveryCode()), "the recovery code prints redacted");

    assertEquals(1, messagesTo("+15550100001"));
    assertTrue(active(alice).stream().anyMatch(a -> a.id().equals(enrolled.authenticator().id())));
    assertTrue(hasActive(alice, "recovery-code"));
  }

  @Test
  void readmeQuotesEnrollPhoneWordForWord() throws IOException {
    String source = Files.readString(Path.of("src/main/java/dev/mfakit/examples/EnrollPhone.java"), UTF_8);
    Matcher block = Pattern.compile("// README:start\n(.*?)\n\\s*// README:end", Pattern.DOTALL).matcher(source);
    assertTrue(block.find(), "README:start ... README:end in EnrollPhone.run");
    List<String> example = block.group(1).lines().map(String::strip).toList();
    assertFalse(block.find(), "one block only");
    assertTrue(example.size() <= 12, "the SDK in about ten lines, found " + example.size());

    // Surefire runs in examples/; README.md is at the repository root.
    String readme = Files.readString(Path.of("..", "README.md"), UTF_8);
    Matcher quoted = Pattern.compile(
        "<!-- snippet: examples/src/main/java/dev/mfakit/examples/EnrollPhone.java -->\n```java\n(.*?)\n```",
        Pattern.DOTALL).matcher(readme);
    assertTrue(quoted.find(), "README.md quotes EnrollPhone under its snippet marker");
    assertEquals(example, quoted.group(1).lines().map(String::strip).toList(),
        "README.md's SDK block must match EnrollPhone's README:start..end block line for line");
  }

  // ---- SignInWithFactor -------------------------------------------------------------------------------------

  @Test
  void signInChallengesTheUsersPhone() {
    String bob = user("bob");
    EnrollPhone.run(client, bob, PASSWORD, "+15550100002", outbox());

    List<Authenticator> prompted = new ArrayList<>();
    SignInWithFactor.SignedIn signedIn = SignInWithFactor.run(client, bob, PASSWORD, a -> {
      prompted.add(a);
      return outbox().codeSentTo("+15550100002");
    });

    assertTrue(signedIn.authenticatorId().startsWith("sms|"), signedIn.authenticatorId());
    assertNull(signedIn.newRecoveryCode());
    assertNotNull(signedIn.tokens().accessToken());
    assertEquals(OobChannel.SMS, prompted.get(0).oobChannel());
    assertEquals(2, messagesTo("+15550100002"), "the enrollment's SMS and the challenge's");
  }

  @Test
  void signInPrefersTheAuthenticatorAppOverSms() {
    String carol = user("carol");
    String secret = userWithAppAndPhone(carol, "+15550100003");
    long smsBefore = messagesTo("+15550100003");

    SignInWithFactor.SignedIn signedIn = SignInWithFactor.run(client, carol, PASSWORD, a -> {
      assertEquals(AuthenticatorType.OTP, a.authenticatorType());
      return totp(secret, tenant.now());
    });

    assertTrue(signedIn.authenticatorId().startsWith("totp|"), signedIn.authenticatorId());
    assertEquals(smsBefore, messagesTo("+15550100003"), "no SMS sent when the app is there");
  }

  @Test
  void signInWithTheRecoveryCodeRotatesIt() {
    String dave = user("dave");
    String first = EnrollPhone.run(client, dave, PASSWORD, "+15550100004", outbox()).recoveryCode();

    SignInWithFactor.SignedIn signedIn = SignInWithFactor.run(client, dave, PASSWORD, a -> first);

    assertEquals("recovery-code", signedIn.authenticatorId());
    String second = signedIn.newRecoveryCode();
    assertTrue(RECOVERY_CODE.matcher(second).matches());
    assertNotEquals(first, second);
    assertEquals(second, signedIn.tokens().recoveryCode());

    // The tenant now holds only the rotated code: the used one fails, the new one works (and rotates again).
    MfaApiException spent = assertThrows(MfaApiException.class,
        () -> SignInWithFactor.run(client, dave, PASSWORD, a -> first));
    assertEquals(ErrorReason.WRONG_RECOVERY_CODE, spent.reason());
    SignInWithFactor.SignedIn again = SignInWithFactor.run(client, dave, PASSWORD, a -> second);
    assertNotEquals(second, again.newRecoveryCode());
    assertTrue(hasActive(dave, "sms"));
  }

  @Test
  void signInWithoutAFactorSaysSo() {
    String erin = user("erin");
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> SignInWithFactor.run(client, erin, PASSWORD, a -> fail("nothing to prompt for")));
    assertTrue(e.getMessage().contains("enroll"), e.getMessage());
  }

  // ---- EnrollAuthenticatorApp ---------------------------------------------------------------------------------

  @Test
  void enrollAuthenticatorAppActivatesTotp() {
    String frank = user("frank");
    AtomicReference<String> shownUri = new AtomicReference<>();
    AtomicReference<String> shownSecret = new AtomicReference<>();

    EnrollAuthenticatorApp.Enrolled enrolled = EnrollAuthenticatorApp.run(client, frank, PASSWORD, (uri, secret) -> {
      shownUri.set(uri);
      shownSecret.set(secret);
      return totp(secret, tenant.now());
    });

    assertTrue(shownUri.get().startsWith("otpauth://totp/"), shownUri.get());
    assertTrue(shownUri.get().contains("secret=" + shownSecret.get()));
    assertEquals(AuthenticatorType.OTP, enrolled.authenticator().authenticatorType());
    assertTrue(enrolled.authenticator().active());
    assertTrue(RECOVERY_CODE.matcher(enrolled.recoveryCode()).matches());
    assertTrue(hasActive(frank, "otp"));
    assertTrue(tenant.messages().isEmpty(), "a TOTP enrollment sends nothing");

    // The app keeps working: the next 30-second step signs in.
    tenant.advanceClock(Duration.ofSeconds(30));
    SignInWithFactor.SignedIn signedIn = SignInWithFactor.run(client, frank, PASSWORD,
        a -> totp(shownSecret.get(), tenant.now()));
    assertEquals(enrolled.authenticator().id(), signedIn.authenticatorId());
  }

  // ---- ManageAuthenticators ------------------------------------------------------------------------------------

  @Test
  void manageAuthenticatorsRemovesThePhoneAndItsVoiceTwin() {
    String grace = user("grace");
    String secret = userWithAppAndPhone(grace, "+15550100007");

    ManageAuthenticators.Managed managed = ManageAuthenticators.run(client, grace, PASSWORD,
        a -> totp(secret, tenant.now()),
        list -> list.stream().filter(a -> a.oobChannel() == OobChannel.SMS).findFirst().orElseThrow().id());

    assertTrue(managed.before().stream().anyMatch(a -> a.oobChannel() == OobChannel.SMS));
    assertTrue(managed.before().stream().allMatch(Authenticator::active));
    assertTrue(managed.removedId().startsWith("sms|"));
    assertTrue(managed.after().stream().noneMatch(a -> a.oobChannel() == OobChannel.SMS
        || a.oobChannel() == OobChannel.VOICE), managed.after().toString());
    assertTrue(managed.after().stream().anyMatch(a -> a.authenticatorType() == AuthenticatorType.OTP));

    assertFalse(hasActive(grace, "sms"));
    assertFalse(hasActive(grace, "voice"));
    assertTrue(hasActive(grace, "otp"));
    assertTrue(tenant.authenticators(grace).stream().noneMatch(a -> a.id().equals(managed.removedId())));
  }

  @Test
  void manageAuthenticatorsKeepsEverythingWhenNothingIsChosen() {
    String heidi = user("heidi");
    EnrollPhone.run(client, heidi, PASSWORD, "+15550100008", outbox());
    List<SandboxAuthenticator> before = tenant.authenticators(heidi);

    ManageAuthenticators.Managed managed = ManageAuthenticators.run(client, heidi, PASSWORD,
        a -> outbox().codeSentTo("+15550100008"), list -> null);

    assertNull(managed.removedId());
    assertEquals(managed.before(), managed.after());
    assertEquals(before, tenant.authenticators(heidi));
  }

  // ---- BulkOnboarding --------------------------------------------------------------------------------------------

  private static final String CSV = String.join("\n",
      "email,phone",
      "ann@example.com,+15550200001",
      " bob@example.com , +15550200002 ",
      "",
      "cat@example.com,+15550200003",
      "dan@example.com,+15550200004",
      "eve@example.com,+15550200005",
      "not-an-email,+15550200006",
      "fay@example.com,12345",
      "gus@example.com,+15550200007,extra",
      "ANN@example.com,+15550200008",
      "hal@example.com,+15550200009",
      "");

  @Test
  void bulkOnboardingReportsEveryUserAndHonoursTheRateLimit() throws IOException {
    AtomicInteger refused = new AtomicInteger();
    try (SandboxTenant limited = SandboxTenant.builder()
        .log(line -> {
          if (line.endsWith(" 429")) {
            refused.incrementAndGet();
          }
        })
        .start()) {
      MfaClient shared = clientFor(limited, RetryPolicy.defaults());
      for (String name : List.of("ann", "bob", "cat", "dan", "eve", "hal")) {
        limited.addUser(name + "@example.com", "pw-" + name);
      }
      EnrollPhone.run(shared, "dan@example.com", "pw-dan", "+15550200004",
          phone -> limited.lastMessageTo(phone).code());
      limited.setRateLimit(5, 5); // the client must wait out 429s (Retry-After: 1 s) to get through

      Report report = BulkOnboarding.run(shared, new StringReader(CSV),
          email -> email.startsWith("eve") ? "not-her-password" : "pw-" + email.substring(0, 3),
          phone -> limited.lastMessageTo(phone).code(), 4);

      Map<String, UserResult> byEmail = new HashMap<>();
      report.users().forEach(u -> byEmail.put(u.email(), u));
      assertEquals(List.of(2, 3, 5, 6, 7, 12), report.users().stream().map(UserResult::line).toList());
      for (String email : List.of("ann@example.com", "bob@example.com", "cat@example.com", "hal@example.com")) {
        UserResult u = byEmail.get(email);
        assertEquals(Status.ENROLLED, u.status(), u.describe());
        assertTrue(RECOVERY_CODE.matcher(u.recoveryCode()).matches());
        assertTrue(limited.authenticators(email).stream().anyMatch(a -> a.active() && "sms".equals(a.oobChannel())),
            email);
      }
      assertEquals(Status.ALREADY_ENROLLED, byEmail.get("dan@example.com").status());
      assertEquals(1, limited.messages().stream().filter(m -> m.recipient().equals("+15550200004")).count(),
          "no SMS for a user already enrolled");
      UserResult eve = byEmail.get("eve@example.com");
      assertEquals(Status.FAILED, eve.status());
      assertEquals(ErrorReason.WRONG_CREDENTIALS, eve.reason());
      assertEquals("line 7 eve@example.com: failed: WRONG_CREDENTIALS (" + eve.message() + ")", eve.describe());
      assertTrue(limited.authenticators("eve@example.com").isEmpty());

      assertEquals(List.of(
          "line 8: the e-mail address is missing or invalid",
          "line 9: the phone must be E.164, like +15551234567",
          "line 10: expected 2 fields, found 3",
          "line 11: ANN@example.com already appears on line 2"), report.malformed());
      assertEquals("4 enrolled, 1 already enrolled, 1 failed, 4 malformed lines; waited "
          + report.rateLimitWaits() + " times for the rate limit", report.summary());
      assertTrue(refused.get() > 0, "the tenant refused some requests, and every user still got through");
      for (UserResult u : report.users()) {
        assertFalse(u.describe().contains("+1555"), "no phone numbers in the report");
      }
    }
  }

  @Test
  void bulkOnboardingWaitsForTheResetWhenTheClientGivesUp() throws IOException {
    for (String name : List.of("ann", "bob", "cat")) {
      tenant.addUser(name + "@example.com", PASSWORD);
    }
    tenant.setRateLimit(10, 2);
    // A client that never retries hands every 429 to the example, whose own wait must then carry the batch.
    MfaClient impatient = clientFor(tenant, RetryPolicy.none());

    Report report = BulkOnboarding.run(impatient, new StringReader(
        "email,phone\nann@example.com,+15550300001\nbob@example.com,+15550300002\ncat@example.com,+15550300003\n"),
        email -> PASSWORD, outbox(), 2);

    assertEquals(3, report.count(Status.ENROLLED), report.users().toString());
    assertTrue(report.rateLimitWaits() > 0, "the example waited for the reset itself");
    for (String email : List.of("ann@example.com", "bob@example.com", "cat@example.com")) {
      assertTrue(hasActive(email, "sms"), email);
    }
  }

  // ---- HandleErrors -------------------------------------------------------------------------------------------

  @Test
  void everyErrorReasonHasAMessageForTheUser() {
    for (ErrorReason reason : ErrorReason.values()) {
      Advice advice = HandleErrors.advise(
          new MfaApiException(400, reason, "server_code", "Server text the user must not see", null, null));
      assertEquals(reason.name(), advice.failure());
      assertFalse(advice.tellUser().isBlank(), reason.name());
      assertFalse(advice.tellUser().contains("Server text"), reason.name());
      assertNotNull(advice.next(), reason.name());
    }
    Instant now = Instant.now();
    Advice soon = HandleErrors.advise(new MfaApiException(429, ErrorReason.RATE_LIMITED, "too_many_requests", null,
        null, new RateLimit(10, 0, now.plusSeconds(2), Duration.ofSeconds(2))));
    Advice inAnHour = HandleErrors.advise(new MfaApiException(429, ErrorReason.RATE_LIMITED, "too_many_requests",
        null, null, new RateLimit(10, 0, now.plus(Duration.ofHours(1)), Duration.ofHours(1))));
    assertEquals(Next.WAIT_AND_RETRY, soon.next());
    assertEquals(Next.TRY_LATER, inAnHour.next());
  }

  private static String wrong(String code) {
    StringBuilder out = new StringBuilder();
    code.chars().forEach(c -> out.append((char) ('0' + (c - '0' + 1) % 10)));
    return out.toString();
  }

  @Test
  void handleErrorsAsksAgainAfterAWrongCode() {
    String ivan = user("ivan");
    AtomicInteger asked = new AtomicInteger();
    Outcome outcome = HandleErrors.run(client, ivan, PASSWORD, "+15550400001",
        phone -> asked.incrementAndGet() == 1 ? wrong(outbox().codeSentTo(phone)) : outbox().codeSentTo(phone));

    assertTrue(outcome.enrolled());
    assertEquals(List.of(new Advice("WRONG_BINDING_CODE", "That code isn't right. Check the message and type it again.",
        Next.ENTER_CODE_AGAIN)), outcome.shown());
    assertEquals(1, messagesTo("+15550400001"), "the same code, typed again: no new SMS");
    assertTrue(hasActive(ivan, "sms"));
  }

  @Test
  void handleErrorsSignsInAgainWhenTheMfaTokenExpired() {
    String judy = user("judy");
    AtomicInteger asked = new AtomicInteger();
    Outcome outcome = HandleErrors.run(client, judy, PASSWORD, "+15550400002", phone -> {
      if (asked.incrementAndGet() == 1) {
        tenant.advanceClock(Duration.ofMinutes(11)); // the user came back after eleven minutes
      }
      return outbox().codeSentTo(phone);
    });

    assertTrue(outcome.enrolled());
    assertEquals(List.of(new Advice("MFA_TOKEN_EXPIRED", "Your sign-in timed out. Please sign in again.",
        Next.SIGN_IN_AGAIN)), outcome.shown());
    assertEquals(2, messagesTo("+15550400002"));
    assertTrue(hasActive(judy, "sms"));
  }

  @Test
  void handleErrorsSendsANewCodeWhenTheOldOneExpired() {
    String ken = user("ken");
    AtomicInteger asked = new AtomicInteger();
    Outcome outcome = HandleErrors.run(client, ken, PASSWORD, "+15550400003", phone -> {
      if (asked.incrementAndGet() == 1) {
        tenant.advanceClock(Duration.ofMinutes(6)); // past the code's 5 minutes, within the mfa_token's 10
      }
      return outbox().codeSentTo(phone);
    });

    assertTrue(outcome.enrolled());
    assertEquals(List.of("OOB_CODE_EXPIRED"), outcome.shown().stream().map(Advice::failure).toList());
    assertEquals(Next.SEND_NEW_CODE, outcome.shown().get(0).next());
    assertEquals(2, messagesTo("+15550400003"));
    assertTrue(hasActive(ken, "sms"));
  }

  @Test
  void handleErrorsWaitsOutTheRateLimit() {
    String lena = user("lena");
    tenant.setRateLimit(4, 2);
    // A client that never retries hands the 429 to the example. While the user reads the SMS, other sign-ins of
    // the same application use up the rate, so the verification is refused until the limit resets.
    MfaClient impatient = clientFor(tenant, RetryPolicy.none());
    AtomicBoolean busy = new AtomicBoolean(true);
    Outcome outcome = HandleErrors.run(impatient, lena, PASSWORD, "+15550400004", phone -> {
      if (busy.getAndSet(false)) {
        useUpTheRate(impatient);
      }
      return outbox().codeSentTo(phone);
    });

    assertTrue(outcome.enrolled(), outcome.shown().toString());
    assertEquals(List.of(new Advice("RATE_LIMITED", "Just a moment...", Next.WAIT_AND_RETRY)), outcome.shown());
    assertTrue(hasActive(lena, "sms"));
  }

  private static void useUpTheRate(MfaClient impatient) {
    for (int i = 0; i < 10; i++) {
      try {
        impatient.signIn(PasswordSignIn.of("someone-else@example.com", "their password"));
      } catch (MfaApiException e) {
        if (e.reason() == ErrorReason.RATE_LIMITED) {
          return;
        }
      }
    }
    fail("the rate limit never applied");
  }

  @Test
  void handleErrorsStopsOnAWrongPassword() {
    String mia = user("mia");
    Outcome outcome = HandleErrors.run(client, mia, "not " + PASSWORD, "+15550400005",
        phone -> fail("no code is sent"));

    assertFalse(outcome.enrolled());
    assertEquals(List.of(new Advice("WRONG_CREDENTIALS", "Wrong email or password.", Next.SIGN_IN_AGAIN)),
        outcome.shown());
    assertTrue(tenant.authenticators(mia).isEmpty());
  }

  @Test
  void handleErrorsCallsAnAccessTokenAsMfaTokenOurBug() {
    String nick = user("nick");
    Outcome outcome = HandleErrors.run(client, nick, PASSWORD, "+15550400006", outbox());

    Advice advice = HandleErrors.passTheWrongToken(client, outcome.tokens());

    assertEquals("MFA_TOKEN_INVALID", advice.failure());
    assertEquals(Next.FIX_THE_APP, advice.next());
  }

  @Test
  void handleErrorsReportsAnUnreachableTenant() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    MfaClient unreachable = MfaClient.builder().baseUrl(URI.create("http://127.0.0.1:" + closedPort))
        .clientId(SandboxTenant.CLIENT_ID).clientSecret(SandboxTenant.CLIENT_SECRET).build();

    Outcome outcome = HandleErrors.run(unreachable, "olga@example.com", PASSWORD, "+15550400007",
        phone -> fail("no code is sent"));

    assertFalse(outcome.enrolled());
    assertEquals(List.of("NETWORK"), outcome.shown().stream().map(Advice::failure).toList());
    assertEquals(Next.TRY_LATER, outcome.shown().get(0).next());
  }

  @Test
  void handleErrorsChecksBeforeRetryingWhenTheAnswerWasLost() {
    String pat = user("pat");
    // The tenant processes the verification, but its answer never arrives: a reset after sending.
    AtomicBoolean lost = new AtomicBoolean();
    OkHttpClient lossy = new OkHttpClient.Builder().addInterceptor(chain -> {
      Response response = chain.proceed(chain.request());
      if (isGrant(chain.request().body(), "mfa-oob") && lost.compareAndSet(false, true)) {
        response.close();
        throw new IOException("connection reset (simulated)");
      }
      return response;
    }).build();
    MfaClient flaky = MfaClient.builder().baseUrl(tenant.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).httpClient(lossy).build();

    Outcome outcome = HandleErrors.run(flaky, pat, PASSWORD, "+15550400008", outbox());

    assertTrue(lost.get());
    assertTrue(outcome.enrolled());
    assertNull(outcome.tokens(), "confirmed by listing, not by the lost answer");
    assertEquals(List.of("OUTCOME_UNKNOWN"), outcome.shown().stream().map(Advice::failure).toList());
    assertEquals(Next.CHECK_THEN_RETRY, outcome.shown().get(0).next());
    assertEquals(1, messagesTo("+15550400008"), "no second enrollment, no second SMS");
    assertTrue(hasActive(pat, "sms"));
  }

  private static boolean isGrant(okhttp3.RequestBody body, String grantSuffix) {
    if (body instanceof FormBody form) {
      for (int i = 0; i < form.size(); i++) {
        if (form.name(i).equals("grant_type") && form.value(i).endsWith(grantSuffix)) {
          return true;
        }
      }
    }
    return false;
  }

  // ---- every main ------------------------------------------------------------------------------------------------

  /** A terminal whose answers a test scripts by prompt, recording what was printed. */
  private static final class ScriptedTerminal implements Terminal {
    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, UTF_8);
    private final Function<String, String> answers;

    ScriptedTerminal(Function<String, String> answers) {
      this.answers = answers;
    }

    @Override
    public String readLine(String prompt) {
      return answers.apply(prompt);
    }

    @Override
    public char[] readSecret(String prompt) {
      String answer = answers.apply(prompt);
      return answer == null ? null : answer.toCharArray();
    }

    @Override
    public PrintStream out() {
      return out;
    }

    @Override
    public PrintStream err() {
      return err;
    }

    String printed() {
      return outBytes.toString(UTF_8);
    }

    String errors() {
      return errBytes.toString(UTF_8);
    }
  }

  @FunctionalInterface
  private interface Main {
    int exitCode(Map<String, String> env, Terminal terminal);
  }

  @Test
  void everyMainNamesTheMissingVariablesAndExitsWith2() {
    List<Map.Entry<Main, String>> mains = List.of(
        Map.entry(EnrollPhone::mainExitCode, "MFA_USERNAME, MFA_PHONE"),
        Map.entry(SignInWithFactor::mainExitCode, "MFA_USERNAME"),
        Map.entry(EnrollAuthenticatorApp::mainExitCode, "MFA_USERNAME"),
        Map.entry(ManageAuthenticators::mainExitCode, "MFA_USERNAME"),
        Map.entry(BulkOnboarding::mainExitCode, "MFA_CSV"),
        Map.entry(HandleErrors::mainExitCode, "MFA_USERNAME, MFA_PHONE"));
    for (Map.Entry<Main, String> main : mains) {
      ScriptedTerminal terminal = new ScriptedTerminal(prompt -> fail("prompted for " + prompt));
      assertEquals(2, main.getKey().exitCode(Map.of(), terminal));
      assertEquals("Missing environment variables AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, "
          + main.getValue() + System.lineSeparator(), terminal.errors(), "one line naming them, no stack trace");
      assertEquals("", terminal.printed());
    }

    ScriptedTerminal oneMissing = new ScriptedTerminal(prompt -> fail("prompted for " + prompt));
    assertEquals(2, EnrollPhone.mainExitCode(Map.of("AUTH0_DOMAIN", "acme.us.auth0.com", "AUTH0_CLIENT_ID", "id",
        "AUTH0_CLIENT_SECRET", "secret", "MFA_USERNAME", "alice@example.com"), oneMissing));
    assertEquals("Missing environment variable MFA_PHONE" + System.lineSeparator(), oneMissing.errors());
  }

  private Map<String, String> env(String... more) {
    Map<String, String> env = new HashMap<>(Map.of(
        "AUTH0_DOMAIN", tenant.baseUrl().toString(),
        "AUTH0_CLIENT_ID", SandboxTenant.CLIENT_ID,
        "AUTH0_CLIENT_SECRET", SandboxTenant.CLIENT_SECRET));
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void enrollPhoneMainEnrollsAndShowsTheRecoveryCodeOnce() {
    String quinn = user("quinn");
    ScriptedTerminal terminal = new ScriptedTerminal(prompt -> {
      if (prompt.startsWith("Password for")) {
        return PASSWORD; // typed, since MFA_PASSWORD is not set
      }
      assertEquals("Code sent to +1******0009: ", prompt, "the prompt masks the number");
      return outbox().codeSentTo("+15550500009");
    });

    assertEquals(0, EnrollPhone.mainExitCode(env("MFA_USERNAME", quinn, "MFA_PHONE", "+15550500009"), terminal),
        terminal.errors());

    assertTrue(terminal.printed().startsWith("Enrolled XXXXXXXX0009 (sms|dev_"), terminal.printed());
    Matcher code = Pattern.compile("Your recovery code: ([1-9A-HJ-NP-Z]{24})\\.").matcher(terminal.printed());
    assertTrue(code.find(), terminal.printed());
    assertTrue(hasActive(quinn, "sms"));
    // and it is the code the tenant honours
    assertEquals("recovery-code", SignInWithFactor.run(client, quinn, PASSWORD, a -> code.group(1)).authenticatorId());
  }

  @Test
  void theOtherMainsRunAgainstTheSandbox(@TempDir Path dir) throws IOException {
    String rita = user("rita");
    // EnrollAuthenticatorApp: the key is read back from what the main printed, as a user would.
    AtomicReference<ScriptedTerminal> self = new AtomicReference<>();
    ScriptedTerminal appTerminal = new ScriptedTerminal(prompt -> {
      Matcher key = Pattern.compile("or type the key: (\\w+)").matcher(self.get().printed());
      assertTrue(key.find(), self.get().printed());
      return totp(key.group(1), tenant.now());
    });
    self.set(appTerminal);
    assertEquals(0, EnrollAuthenticatorApp.mainExitCode(env("MFA_USERNAME", rita, "MFA_PASSWORD", PASSWORD),
        appTerminal), appTerminal.errors());
    assertTrue(appTerminal.printed().contains("otpauth://totp/"));
    assertTrue(hasActive(rita, "otp"));
    String secret = Pattern.compile("or type the key: (\\w+)").matcher(appTerminal.printed()).results()
        .findFirst().orElseThrow().group(1);

    tenant.advanceClock(Duration.ofSeconds(30));
    ScriptedTerminal signInTerminal = new ScriptedTerminal(prompt -> totp(secret, tenant.now()));
    assertEquals(0, SignInWithFactor.mainExitCode(env("MFA_USERNAME", rita, "MFA_PASSWORD", PASSWORD),
        signInTerminal), signInTerminal.errors());
    assertTrue(signInTerminal.printed().startsWith("Signed in with totp|"), signInTerminal.printed());

    tenant.advanceClock(Duration.ofSeconds(30));
    ScriptedTerminal manageTerminal = new ScriptedTerminal(
        prompt -> prompt.startsWith("Remove which") ? "" : totp(secret, tenant.now()));
    assertEquals(0, ManageAuthenticators.mainExitCode(env("MFA_USERNAME", rita, "MFA_PASSWORD", PASSWORD),
        manageTerminal), manageTerminal.errors());
    assertTrue(manageTerminal.printed().contains("1. totp|"), manageTerminal.printed());
    assertTrue(manageTerminal.printed().endsWith("Nothing removed" + System.lineSeparator()));

    String sam = user("sam");
    ScriptedTerminal errorsTerminal = new ScriptedTerminal(prompt -> outbox().codeSentTo("+15550500010"));
    assertEquals(0, HandleErrors.mainExitCode(env("MFA_USERNAME", sam, "MFA_PASSWORD", PASSWORD,
        "MFA_PHONE", "+15550500010"), errorsTerminal), errorsTerminal.errors());
    assertTrue(errorsTerminal.printed().startsWith("Enrolled"), errorsTerminal.printed());
    assertTrue(errorsTerminal.printed().contains("MFA_TOKEN_INVALID"), errorsTerminal.printed());

    Path csv = dir.resolve("users.csv");
    Files.writeString(csv, "email,phone\n" + user("tom") + ",+15550500011\nbroken line\n", UTF_8);
    ScriptedTerminal bulkTerminal = new ScriptedTerminal(prompt -> outbox().codeSentTo("+15550500011"));
    assertEquals(1, BulkOnboarding.mainExitCode(env("MFA_CSV", csv.toString(), "MFA_PASSWORD", PASSWORD),
        bulkTerminal), "a malformed line makes the run fail");
    assertEquals("line 3: expected 2 fields, found 1" + System.lineSeparator(), bulkTerminal.errors());
    assertTrue(bulkTerminal.printed().startsWith("line 2 tom@example.com: enrolled"), bulkTerminal.printed());
    assertTrue(bulkTerminal.printed().contains("recovery code for tom@example.com: "), bulkTerminal.printed());
    assertTrue(hasActive("tom@example.com", "sms"));
  }

  // ---- RFC 6238 -------------------------------------------------------------------------------------------------

  /** The code an authenticator app shows at {@code at} for a base32 secret: HMAC-SHA1, 6 digits, 30 s steps. */
  static String totp(String base32Secret, Instant at) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(base32(base32Secret), "HmacSHA1"));
      byte[] h = mac.doFinal(ByteBuffer.allocate(8).putLong(at.getEpochSecond() / 30).array());
      int offset = h[h.length - 1] & 0x0f;
      int binary = ((h[offset] & 0x7f) << 24) | ((h[offset + 1] & 0xff) << 16) | ((h[offset + 2] & 0xff) << 8)
          | (h[offset + 3] & 0xff);
      return String.format("%06d", binary % 1_000_000);
    } catch (GeneralSecurityException e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] base32(String text) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int buffer = 0;
    int bits = 0;
    for (char c : text.replace("=", "").toUpperCase().toCharArray()) {
      buffer = (buffer << 5) | alphabet.indexOf(c);
      bits += 5;
      if (bits >= 8) {
        out.write((buffer >> (bits - 8)) & 0xff);
        bits -= 8;
      }
    }
    return out.toByteArray();
  }

  @Test
  void totpMatchesRfc6238() {
    // RFC 6238 appendix B, SHA1 secret "12345678901234567890", last 6 of the 8 digits.
    String secret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
    assertEquals("287082", totp(secret, Instant.ofEpochSecond(59)));
    assertEquals("081804", totp(secret, Instant.ofEpochSecond(1111111109)));
    assertEquals("050471", totp(secret, Instant.ofEpochSecond(1111111111)));
  }
}
