package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Json;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.sandbox.SandboxAuthenticator;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** Test helpers around one sandbox tenant: fresh users, their codes, secret files. */
final class Fixture {
  private static final AtomicInteger SEQ = new AtomicInteger(1000);

  final SandboxTenant sandbox;

  Fixture(SandboxTenant sandbox) {
    this.sandbox = sandbox;
  }

  String url() {
    return sandbox.baseUrl().toString();
  }

  /** A new user with MFA required and no authenticator; the password is {@link #password(String)}. */
  String newUser() {
    String user = "user" + SEQ.incrementAndGet() + "@example.com";
    sandbox.addUser(user, password(user));
    return user;
  }

  static String password(String user) {
    return "pw-" + user;
  }

  /** A phone number no other test uses: +1555 then 7 digits. */
  static String newPhone() {
    return "+1555" + String.format("%07d", SEQ.incrementAndGet());
  }

  /** How the sandbox's list masks a phone number: every character but the last four as X. */
  static String tenantMask(String phone) {
    return "X".repeat(phone.length() - 4) + phone.substring(phone.length() - 4);
  }

  /** The code of the newest message to {@code recipient}. */
  String codeSentTo(String recipient) {
    SentMessage m = sandbox.lastMessageTo(recipient);
    if (m == null) {
      throw new AssertionError("no message to " + recipient);
    }
    return m.code();
  }

  /** A 6-digit code that is not {@code code}. */
  static String wrong(String code) {
    return String.format("%06d", (Integer.parseInt(code) + 1) % 1_000_000);
  }

  int messageCount() {
    return sandbox.messages().size();
  }

  /** A file with mode 600 holding {@code content}. */
  static Path secretFile(Path dir, String name, String content) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, content);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
    return f;
  }

  /**
   * A state file (mode 600) as the documented format has it: {@code fields} are key/value pairs in file order; a
   * null value is left out, an {@link Instant} is written in RFC 3339.
   */
  static Path stateFile(Path file, Object... fields) throws IOException {
    Map<String, Object> json = new LinkedHashMap<>();
    for (int i = 0; i < fields.length; i += 2) {
      Object v = fields[i + 1];
      if (v != null) {
        json.put((String) fields[i], v instanceof Instant t ? t.truncatedTo(ChronoUnit.SECONDS).toString() : v);
      }
    }
    return secretFile(file.getParent(), file.getFileName().toString(), Json.pretty(json) + "\n");
  }

  /** The password of {@code user} in a 600 file. */
  static Path passwordFile(Path dir, String user) throws IOException {
    return secretFile(dir, "pw-" + user.replace('@', '_'), password(user) + "\n");
  }

  /** A client of the sandbox, for setting things up the way another program would. */
  MfaClient client() {
    return MfaClient.builder().baseUrl(sandbox.baseUrl()).clientId(SandboxTenant.CLIENT_ID)
        .clientSecret(SandboxTenant.CLIENT_SECRET).build();
  }

  /** Signs {@code user} in and returns the mfa_token. */
  MfaToken mfaToken(String user) {
    return ((MfaRequired) client().signIn(PasswordSignIn.of(user, password(user)))).mfaToken();
  }

  /**
   * The scripted first half of an SMS enrollment, {@code mfa associate --no-input --state STATE} plus {@code extra},
   * signing in with a password file in {@code dir}. Unchecked: the caller asserts on the result.
   */
  Cli.Result associateNoInput(Path dir, String user, String phone, Path state, String... extra) throws IOException {
    return Cli.forSandboxClient(dir).run(args(List.of("associate", "--domain", url(), "--username", user,
        "--password-file", passwordFile(dir, user).toString(), "--phone", phone, "--no-input", "--state",
        state.toString()), extra));
  }

  /** {@code mfa login --no-input --state STATE} plus {@code extra}, with a password file in {@code dir}. Unchecked. */
  Cli.Result loginNoInput(Path dir, String user, Path state, String... extra) throws IOException {
    return Cli.forSandboxClient(dir).run(args(List.of("login", "--domain", url(), "-u", user, "--password-file",
        passwordFile(dir, user).toString(), "--no-input", "--state", state.toString()), extra));
  }

  private static String[] args(List<String> args, String... extra) {
    return Stream.concat(args.stream(), Stream.of(extra)).toArray(String[]::new);
  }

  /** The id of the user's SMS authenticator. */
  String smsId(String user) {
    return sandbox.authenticators(user).stream().map(SandboxAuthenticator::id).filter(id -> id.startsWith("sms|"))
        .findFirst().orElseThrow(() -> new AssertionError("no SMS authenticator for " + user));
  }

  /** A user with an active SMS authenticator, enrolled through the CLI's split journey; returns the phone. */
  String enrollSms(String user, Path dir) throws IOException {
    String phone = newPhone();
    Path state = dir.resolve("enroll-" + user + ".json");
    Cli.Result r1 = associateNoInput(dir, user, phone, state);
    assertEquals(0, r1.exit(), r1::toString);
    Cli.Result r2 = Cli.forSandboxClient(dir).run("verify", "--state", state.toString(), "--code", codeSentTo(phone),
        "--no-input");
    assertEquals(0, r2.exit(), r2::toString);
    assertFalse(Files.exists(state));
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("sms|")));
    return phone;
  }

  /** Asserts a failure printed exactly one line, {@code mfa: ...}, with no stack trace. */
  static void assertOneLineError(Cli.Result r) {
    List<String> lines = r.errLines();
    assertEquals(1, lines.size(), () -> "expected one line on stderr:\n" + r);
    assertTrue(lines.get(0).startsWith("mfa: "), r::toString);
    assertFalse(r.err().contains("\tat "), r::toString);
  }

  /**
   * Adds an active authenticator app to {@code user}, who has an active SMS authenticator on {@code phone}, the way a
   * program would: an access token with {@code enroll} (passing the SMS), associate, then confirm with the app's code
   * under a new sign-in. Returns the app's base32 secret.
   */
  String addApp(String user, String phone) {
    MfaClient client = client();
    MfaRequired required = (MfaRequired) client.signIn(PasswordSignIn.of(user, password(user))
        .withAudience(url() + "/mfa/").withScope("enroll"));
    var sms = client.listAuthenticators(required.mfaToken()).stream()
        .filter(a -> a.active() && a.id().startsWith("sms|")).findFirst().orElseThrow();
    var challenge = client.challenge(required.mfaToken(), dev.mfakit.client.ChallengeRequest.forAuthenticator(sms));
    var access = client.verifyOob(required.mfaToken(), challenge.oobCode(), codeSentTo(phone)).accessToken();
    String secret = client.associate(access, dev.mfakit.client.Enrollment.otp()).secret();
    client.verifyOtp(mfaToken(user), dev.mfakit.client.Totp.fromBase32(secret).codeAt(sandbox.now()));
    assertTrue(sandbox.authenticators(user).stream().anyMatch(a -> a.active() && a.id().startsWith("totp|")));
    return secret;
  }
}
