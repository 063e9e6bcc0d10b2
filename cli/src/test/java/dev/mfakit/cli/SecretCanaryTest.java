package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.ScriptedTenant.Step;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Every verb at full verbosity ({@code --verbose}: the redacted HTTP log, and stack traces of internal errors), with
 * a unique canary for each secret: the tenant (scripted) issues canary tokens and codes, and the user's secrets arrive by prompt,
 * file, stdin or environment. No canary may appear on stderr, and on stdout only what the verb exists to hand
 * out when asked (a recovery code, tokens with --json); files hold only what they are for. No secret but the
 * one-time --code/--otp is ever in the argument list, and every option that could take a secret refuses a plain
 * value.
 */
class SecretCanaryTest {
  static final String PASSWORD = "pw-CANARY-5d1e8a-password";
  static final String CLIENT_SECRET = "cs-CANARY-93b7c2-client-secret";
  static final String MFA = "Fe26.2**CANARY-mfa-token-61f0a9";
  static final String OOB = "Fe26.2*CANARY-oob-code-2c84e7";
  static final String BINDING = "604917";
  static final String OTP = "385102";
  static final String RECOVERY = "RCANARYK7M2Q9X4W8Z3T6H5J";
  static final String NEW_RECOVERY = "NCANARYD4F8G2L6P9R3V5X7B";
  static final String ACCESS = "eyJhbGciOiJIUzI1NiJ9.CANARY-access.c1";
  static final String ID = "eyJhbGciOiJIUzI1NiJ9.CANARY-id.c2";
  static final String REFRESH = "v1.CANARY-refresh-token-7a3e55";
  static final String TOTP_SECRET = "CANARYTOTPQXKZ2J4M7N5P3R6S2T4V7W";
  static final String APP_URI = "otpauth://totp/Canary:jane%40example.com?secret=" + TOTP_SECRET
      + "&issuer=Canary&algorithm=SHA1&digits=6&period=30";
  static final String PUSH_TX = "CANARYpushTx4K9";
  static final String PUSH_URI = "otpauth://totp/Canary:jane%40example.com?enrollment_tx_id=" + PUSH_TX
      + "&base_url=https%3A%2F%2Fcanary.guardian.example";

  /** The TOTP secret as a person is shown it to type, in groups of four. */
  static final String TOTP_SECRET_GROUPED = TOTP_SECRET.replaceAll("(.{4})(?!$)", "$1 ");
  /** Runs that exist to show a person a QR code (and an app's key) on the terminal (stderr), and what it encodes. */
  static final Map<String, String> SHOW_THE_SCAN = Map.of(
      "associate --authenticator-app, the QR code drawn and the code typed", APP_URI,
      "associate --authenticator-app, the tenant echoes every secret in a 403", APP_URI,
      "associate --push, the QR code drawn and the approval waited for", PUSH_URI);

  /** A line of a drawn QR code (the log's "██" masks are not one). */
  static final java.util.regex.Pattern QR_LINE = java.util.regex.Pattern.compile("(?m)^(\u001b\\[[0-9;]*m)?[█▀▄ ]{21,}");

  private static String pem;
  private static final Set<String> RUNS = new TreeSet<>();

  @TempDir Path dir;

  @BeforeAll
  static void key() throws Exception {
    KeyPairGenerator gen = KeyPairGenerator.getInstance("RSA");
    gen.initialize(2048);
    pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes())
        .encodeToString(gen.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
  }

  static Map<String, String> canaries() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("password", PASSWORD);
    m.put("client secret", CLIENT_SECRET);
    m.put("private key", pem.lines().skip(4).findFirst().orElseThrow());
    m.put("mfa_token", MFA);
    m.put("oob_code", OOB);
    m.put("binding code", BINDING);
    m.put("otp", OTP);
    m.put("recovery code", RECOVERY);
    m.put("new recovery code", NEW_RECOVERY);
    m.put("access token", ACCESS);
    m.put("id token", ID);
    m.put("refresh token", REFRESH);
    m.put("TOTP secret", TOTP_SECRET);
    m.put("app barcode_uri", APP_URI);
    m.put("push barcode_uri", PUSH_TX);
    return m;
  }

  /** What a run may show: on stdout, and in which file what. */
  enum Allowed { NOTHING, RECOVERY_CODE, NEW_RECOVERY_CODE, TOKENS, NEW_RECOVERY_CODE_AND_TOKENS, SCAN }

  /** One verb run with its secrets' sources. */
  record Run(String name, int exit, Allowed stdout, Setup setup) {
    @Override
    public String toString() {
      return name;
    }
  }

  @FunctionalInterface
  interface Setup {
    String[] args(Env e) throws IOException;
  }

  /** The scripted tenant, the CLI and the files of one run. */
  record Env(ScriptedTenant tenant, Cli cli, Path dir) {
    Path secret(String name, String content) throws IOException {
      return Fixture.secretFile(dir, name, content + "\n");
    }

    Path passwordFile() throws IOException {
      return secret("password.txt", PASSWORD);
    }

    Path keyFile() throws IOException {
      return Fixture.secretFile(dir, "key.pem", pem);
    }

    Path state(boolean pending) throws IOException {
      return state(pending ? "sms" : null);
    }

    /** A state file: a sign-in's ({@code channel} null), or an enrollment pending on {@code channel}. */
    Path state(String channel) throws IOException {
      boolean pending = channel != null;
      return Fixture.stateFile(dir.resolve("state.json"), "flow", pending ? "associate" : "login", "mfa_token", MFA,
          "mfa_token_expires_at", Instant.now().plusSeconds(600), "domain", tenant.url(), "client_id", "canary-client",
          "oob_code", pending ? OOB : null, "expires_at", pending ? Instant.now().plusSeconds(300) : null,
          "oob_channel", channel, "recipient", pending && channel.equals("sms") ? "+1******4567" : null);
    }

    /**
     * {@code mfa batch} of a phone row and an app row, passwords in the (private) input, one row at a time so the
     * tenant's answers come in order: the phone's association (SMS), then the app's (its secret), plus {@code extra}.
     */
    String[] batch(String... extra) throws IOException {
      tenant.script(Step.ASSOCIATE, ScriptedTenant.json(200, "{\"authenticator_type\":\"oob\",\"binding_method\":"
          + "\"prompt\",\"oob_channel\":\"sms\",\"oob_code\":\"" + OOB + "\",\"recovery_codes\":[\"" + RECOVERY
          + "\"]}"), ScriptedTenant.json(200, "{\"authenticator_type\":\"otp\",\"secret\":\"" + TOTP_SECRET
          + "\",\"barcode_uri\":\"otpauth://totp/canary:jane?secret=" + TOTP_SECRET + "&issuer=canary\","
          + "\"recovery_codes\":[\"" + RECOVERY + "\"]}"));
      Path input = secret("users.csv", "username,phone,authenticator_app,password\njane@example.com,+15551234567,,"
          + PASSWORD + "\njohn@example.com,,true," + PASSWORD);
      List<String> a = new ArrayList<>(List.of("batch", input.toString(), "--domain", tenant.url(),
          "--recovery-codes-file", dir.resolve("rc.jsonl").toString(), "--secrets-file",
          dir.resolve("secrets.jsonl").toString(), "--parallel", "1", "--verbose"));
      a.addAll(List.of(extra));
      return a.toArray(String[]::new);
    }

    String[] signIn(String verb, String... extra) throws IOException {
      List<String> a = new ArrayList<>(List.of(verb.split(" ")));
      a.addAll(List.of("--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
          passwordFile().toString(), "--verbose"));
      a.addAll(List.of(extra));
      return a.toArray(String[]::new);
    }
  }

  static MockResponse echoAll(int status) {
    String echo = String.join(" ", PASSWORD, CLIENT_SECRET, MFA, OOB, BINDING, OTP, RECOVERY, NEW_RECOVERY, ACCESS,
        ID, REFRESH, TOTP_SECRET, APP_URI, PUSH_URI);
    return ScriptedTenant.json(status, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid " + echo
        + "\",\"echo\":\"" + echo + "\",\"mfa_token\":\"" + MFA + "\"}");
  }

  static Stream<Run> runs() {
    return Stream.of(
        new Run("batch --json, a phone row (code from a command) and an app row", 0, Allowed.RECOVERY_CODE, e -> {
          e.cli().env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
          return e.batch("--code-command", "echo " + BINDING, "--json");
        }),
        new Run("batch --send-only, the client secret in a file", 0, Allowed.NOTHING, e -> e.batch("--send-only",
            "--client-secret-file", e.secret("cs.txt", CLIENT_SECRET).toString())),
        new Run("batch, the tenant echoes every secret in a 403 to the association", 7, Allowed.NOTHING, e -> {
          String[] args = e.batch("--send-only", "--private-key-file", e.keyFile().toString());
          e.tenant().clearScript(Step.ASSOCIATE).script(Step.ASSOCIATE, echoAll(403), echoAll(403));
          return args;
        }),
        new Run("login --otp, secret from the environment", 0, Allowed.NOTHING, e -> {
          e.cli().env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
          return e.signIn("login", "--otp", OTP);
        }),
        new Run("login --otp --json", 0, Allowed.TOKENS, e -> e.signIn("login", "--otp", OTP, "--json",
            "--client-secret-file", e.secret("cs.txt", CLIENT_SECRET).toString())),
        new Run("login --recovery-code - (stdin)", 0, Allowed.NEW_RECOVERY_CODE, e -> {
          e.cli().stdin(RECOVERY + "\n");
          return e.signIn("login", "--recovery-code", "-", "--private-key-file", e.keyFile().toString());
        }),
        new Run("login --recovery-code - --recovery-code-file --token-file", 0, Allowed.NOTHING, e -> {
          e.cli().stdin(RECOVERY + "\n");
          return e.signIn("login", "--recovery-code", "-", "--recovery-code-file",
              e.dir().resolve("new-rc.txt").toString(), "--token-file", e.dir().resolve("tokens.json").toString());
        }),
        new Run("login --state", 0, Allowed.NOTHING, e -> e.signIn("login", "--state",
            e.dir().resolve("login.json").toString())),
        new Run("login, password and code typed at the prompts", 0, Allowed.NOTHING, e -> {
          e.cli().prompter(ScriptedPrompter.terminal().secret("Password for jane@example.com", PASSWORD)
              .line("Enter the 6-digit code", BINDING));
          e.cli().env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
          return new String[] {"login", "--domain", e.tenant().url(), "-u", "jane@example.com", "--verbose"};
        }),
        new Run("associate, guided at the prompts", 0, Allowed.RECOVERY_CODE, e -> {
          e.cli().prompter(ScriptedPrompter.terminal().secret("Password for jane@example.com", PASSWORD)
              .line("Enter the 6-digit code", BINDING));
          e.cli().env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
          return new String[] {"associate", "--domain", e.tenant().url(), "-u", "jane@example.com", "--phone",
              "+15551234567", "--verbose"};
        }),
        new Run("associate, code at the prompt, --recovery-code-file --token-file", 0, Allowed.NOTHING, e -> {
          e.cli().prompter(ScriptedPrompter.terminal().line("Enter the 6-digit code", BINDING));
          return e.signIn("associate", "--phone", "+15551234567", "--recovery-code-file",
              e.dir().resolve("rc.txt").toString(), "--token-file", e.dir().resolve("tokens.json").toString());
        }),
        new Run("associate --json, code at the prompt, client secret on stdin", 0, Allowed.TOKENS, e -> {
          e.cli().stdin(CLIENT_SECRET + "\n");
          e.cli().prompter(ScriptedPrompter.terminal().line("Enter the 6-digit code", BINDING));
          return e.signIn("associate", "--phone", "+15551234567", "--json", "--client-secret", "-",
              "--recovery-code-file", e.dir().resolve("rc.txt").toString());
        }),
        new Run("associate --state --code (resume) --json", 0, Allowed.TOKENS, e -> {
          e.cli().env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
          return new String[] {"associate", "--state", e.state(true).toString(), "--code", BINDING, "--json",
              "--verbose"};
        }),
        new Run("associate --state --code (resume) --token-file", 0, Allowed.NOTHING, e -> {
          e.cli().stdin(CLIENT_SECRET + "\n");
          return new String[] {"associate", "--state", e.state(true).toString(), "--code", BINDING,
              "--client-secret", "-", "--token-file", e.dir().resolve("tokens.json").toString(), "--verbose"};
        }),
        new Run("associate --no-input --state (split)", 0, Allowed.RECOVERY_CODE, e -> e.signIn("associate",
            "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("split.json").toString())),
        new Run("verify --state --code", 0, Allowed.NOTHING, e -> new String[] {"verify", "--state",
            e.state(true).toString(), "--code", BINDING, "--verbose"}),
        new Run("verify --otp with MFA_TOKEN", 0, Allowed.NOTHING, e -> {
          e.cli().env("MFA_TOKEN", MFA).env("AUTH0_CLIENT_SECRET", CLIENT_SECRET);
          return new String[] {"verify", "--domain", e.tenant().url(), "--otp", OTP, "--verbose"};
        }),
        new Run("verify --recovery-code - --mfa-token-file --json", 0, Allowed.NEW_RECOVERY_CODE_AND_TOKENS, e -> {
          e.cli().stdin(RECOVERY);
          return new String[] {"verify", "--domain", e.tenant().url(), "--mfa-token-file",
              e.secret("mfa.txt", MFA).toString(), "--recovery-code", "-", "--json", "--verbose"};
        }),
        new Run("challenge --state", 0, Allowed.NOTHING, e -> new String[] {"challenge", "--state",
            e.state(false).toString(), "--verbose"}),
        new Run("authenticators list --mfa-token - (stdin)", 0, Allowed.NOTHING, e -> {
          e.cli().stdin(MFA + "\n");
          return new String[] {"authenticators", "list", "--domain", e.tenant().url(), "--mfa-token", "-",
              "--verbose"};
        }),
        new Run("authenticators list --json with MFA_TOKEN", 0, Allowed.NOTHING, e -> {
          e.cli().env("MFA_TOKEN", MFA);
          return new String[] {"authenticators", "list", "--domain", e.tenant().url(), "--json", "--verbose"};
        }),
        new Run("authenticators delete --access-token-file", 0, Allowed.NOTHING, e -> new String[] {
            "authenticators", "delete", "sms|dev_scripted0001", "--domain", e.tenant().url(), "--access-token-file",
            e.secret("at.txt", ACCESS).toString(), "--verbose"}),
        new Run("authenticators delete, signing in with --otp and a private key", 0, Allowed.NOTHING,
            e -> e.signIn("authenticators delete", "sms|dev_scripted0001", "--otp", OTP, "--private-key-file",
                e.keyFile().toString())),
        new Run("authenticators delete with MFA_ACCESS_TOKEN", 0, Allowed.NOTHING, e -> {
          e.cli().env("MFA_ACCESS_TOKEN", ACCESS);
          return new String[] {"authenticators", "delete", "sms|dev_scripted0001", "--domain", e.tenant().url(),
              "--verbose"};
        }),
        new Run("authenticators delete --access-token-file (mfa login --token-file's JSON)", 0, Allowed.NOTHING,
            e -> new String[] {"authenticators", "delete", "sms|dev_scripted0001", "--domain", e.tenant().url(),
                "--access-token-file", e.secret("at.json", "{\"access_token\":\"" + ACCESS + "\",\"id_token\":\""
                    + ID + "\",\"refresh_token\":\"" + REFRESH + "\",\"token_type\":\"Bearer\"}").toString(),
                "--verbose"}),
        new Run("authenticators prune --access-token - (stdin) --yes --json", 0, Allowed.NOTHING, e -> {
          e.cli().stdin(ACCESS + "\n");
          return new String[] {"authenticators", "prune", "--domain", e.tenant().url(), "--access-token", "-",
              "--yes", "--json", "--verbose"};
        }),
        new Run("associate --access-token-file --no-input --state (an added factor, split)", 0, Allowed.RECOVERY_CODE,
            e -> new String[] {"associate", "--domain", e.tenant().url(), "--access-token-file",
                e.secret("at.txt", ACCESS).toString(), "--phone", "+15551234567", "--no-input", "--state",
                e.dir().resolve("added.json").toString(), "--verbose"}),
        new Run("verify --state --code (an enrollment made with an access token)", 0, Allowed.NOTHING, e -> {
          Path state = Fixture.stateFile(e.dir().resolve("added.json"), "flow", "associate", "domain",
              e.tenant().url(), "client_id", "canary-client", "oob_code", OOB, "expires_at",
              Instant.now().plusSeconds(300), "oob_channel", "sms", "recipient", "+1******4567", "access_token",
              ACCESS, "access_token_expires_at", Instant.now().plusSeconds(600));
          return new String[] {"verify", "--state", state.toString(), "--code", BINDING, "--verbose"};
        }),
        new Run("authenticators list --access-token-file", 0, Allowed.NOTHING, e -> new String[] {
            "authenticators", "list", "--domain", e.tenant().url(), "--access-token-file",
            e.secret("at.txt", ACCESS).toString(), "--verbose"}),
        new Run("associate for an enrolled user, passing with --recovery-code - (stdin)", 0,
            Allowed.NEW_RECOVERY_CODE, e -> {
              e.tenant().script(Step.ASSOCIATE, ScriptedTenant.json(403, "{\"error\":\"access_denied\","
                  + "\"error_description\":\"User is already enrolled.\"}"), ScriptedTenant.json(200,
                  "{\"authenticator_type\":\"oob\",\"binding_method\":\"prompt\",\"oob_channel\":\"sms\","
                  + "\"oob_code\":\"" + OOB + "\"}"));
              e.cli().stdin(RECOVERY + "\n");
              e.cli().prompter(ScriptedPrompter.terminal().line("Enter the 6-digit code", BINDING));
              return e.signIn("associate", "--phone", "+15551234567", "--recovery-code", "-");
            }),
        new Run("associate --authenticator-app, the QR code drawn and the code typed", 0, Allowed.RECOVERY_CODE,
            e -> {
              e.cli().prompter(ScriptedPrompter.terminal().line("Enter the 6-digit code from your authenticator app",
                  OTP));
              return e.signIn("associate", "--authenticator-app");
            }),
        new Run("associate --authenticator-app --no-input --state --secret-file --qr-file", 0, Allowed.RECOVERY_CODE,
            e -> e.signIn("associate", "--authenticator-app", "--no-input", "--state",
                e.dir().resolve("split.json").toString(), "--secret-file", e.dir().resolve("totp.txt").toString(),
                "--qr-file", e.dir().resolve("qr.svg").toString())),
        new Run("associate --authenticator-app --no-input --state --json", 0, Allowed.SCAN, e -> e.signIn("associate",
            "--authenticator-app", "--no-input", "--state", e.dir().resolve("split.json").toString(), "--json")),
        new Run("associate --push --no-input --state --qr-file", 0, Allowed.RECOVERY_CODE, e -> e.signIn("associate",
            "--push", "--no-input", "--state", e.dir().resolve("split.json").toString(), "--qr-file",
            e.dir().resolve("qr.svg").toString())),
        new Run("associate --push, the QR code drawn and the approval waited for", 0, Allowed.RECOVERY_CODE, e -> {
          e.cli().prompter(ScriptedPrompter.terminal());
          return e.signIn("associate", "--push");
        }),
        new Run("verify --state --push", 0, Allowed.NOTHING, e -> new String[] {"verify", "--state",
            e.state("auth0").toString(), "--push", "--verbose"}),
        new Run("verify --state --otp (an app's enrollment)", 0, Allowed.NOTHING, e -> {
          Path state = Fixture.stateFile(e.dir().resolve("state.json"), "flow", "associate", "mfa_token", MFA,
              "domain", e.tenant().url(), "client_id", "canary-client", "challenge_type", "otp");
          return new String[] {"verify", "--state", state.toString(), "--otp", OTP, "--verbose"};
        }),
        // Refused, so nothing was enrolled: the recovery code is handed out all the same (the tenant shows it once).
        new Run("associate --authenticator-app, the tenant echoes every secret in a 403", 3, Allowed.RECOVERY_CODE,
            e -> {
          e.tenant().script(Step.VERIFY, echoAll(403), echoAll(403), echoAll(403));
          e.cli().prompter(ScriptedPrompter.terminal().line("Enter the 6-digit code", OTP)
              .line("Enter the 6-digit code", OTP).line("Enter the 6-digit code", OTP));
          return e.signIn("associate", "--authenticator-app");
        }),
        new Run("associate --authenticator-app, an undecodable answer full of secrets", 4, Allowed.NOTHING, e -> {
          e.tenant().script(Step.ASSOCIATE, ScriptedTenant.json(200, "{\"authenticator_type\":\"otp\",\"secret\":[\""
              + TOTP_SECRET + "\"],\"barcode_uri\":7,\"x\":\"" + APP_URI + " " + PUSH_URI + "\"}"));
          return e.signIn("associate", "--authenticator-app", "--no-input", "--state",
              e.dir().resolve("split.json").toString(), "--json");
        }),
        new Run("associate, the tenant echoes every secret in a 403", 3, Allowed.NOTHING, e -> {
          e.tenant().script(Step.ASSOCIATE, echoAll(403));
          return e.signIn("associate", "--phone", "+15551234567", "--no-input", "--state",
              e.dir().resolve("split.json").toString());
        }),
        new Run("associate --state --code, the tenant echoes every secret in a 403", 3, Allowed.NOTHING, e -> {
          e.tenant().script(Step.VERIFY, echoAll(403));
          return new String[] {"associate", "--state", e.state(true).toString(), "--code", BINDING, "--verbose"};
        }),
        new Run("login --otp, the tenant echoes every secret in a 429", 5, Allowed.NOTHING, e -> {
          e.tenant().script(Step.VERIFY, echoAll(429).newBuilder().addHeader("Retry-After", "600").build());
          return e.signIn("login", "--otp", OTP);
        }),
        new Run("verify --state, the connection drops (stack trace)", 4, Allowed.NOTHING, e -> {
          e.tenant().script(Step.VERIFY, new MockResponse.Builder()
              .onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build());
          return new String[] {"verify", "--state", e.state(true).toString(), "--code", BINDING, "--verbose"};
        }),
        new Run("associate, an undecodable answer full of secrets", 4, Allowed.NOTHING, e -> {
          e.tenant().script(Step.ASSOCIATE, ScriptedTenant.json(200, "{\"oob_code\":[\"" + OOB + "\"],"
              + "\"recovery_codes\":\"" + RECOVERY + "\",\"x\":\"" + PASSWORD + " " + ACCESS + "\"}"));
          return e.signIn("associate", "--phone", "+15551234567", "--no-input", "--state",
              e.dir().resolve("split.json").toString());
        }));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("runs")
  void noSecretLeaksAtFullVerbosity(Run run) throws IOException {
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      tenant.mfaToken = MFA;
      tenant.oobCode = OOB;
      tenant.recoveryCode = RECOVERY;
      tenant.newRecoveryCode = NEW_RECOVERY;
      tenant.accessToken = ACCESS;
      tenant.idToken = ID;
      tenant.refreshToken = REFRESH;
      tenant.totpSecret = TOTP_SECRET;
      tenant.appBarcodeUri = APP_URI;
      tenant.pushBarcodeUri = PUSH_URI;
      Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "canary-client");
      String[] args = run.setup().args(new Env(tenant, cli, dir));

      Cli.Result r = cli.run(args);

      assertEquals(run.exit(), r.exit(), r::toString);
      assertTrue(r.err().contains("--> "), "--verbose logged the exchanges:\n" + r);
      if (run.exit() > 1) {
        // A refusal is explained in one line; --verbose shows the exchange, not a stack trace (internal errors only).
        assertFalse(r.err().contains("\tat "), "--verbose printed a stack trace for a refusal:\n" + r);
      }
      Set<String> onStdout = switch (run.stdout()) {
        case NOTHING -> Set.of();
        case RECOVERY_CODE -> Set.of(RECOVERY);
        case NEW_RECOVERY_CODE -> Set.of(NEW_RECOVERY);
        case TOKENS -> Set.of(ACCESS, ID, REFRESH);
        case NEW_RECOVERY_CODE_AND_TOKENS -> Set.of(NEW_RECOVERY, ACCESS, ID, REFRESH);
        case SCAN -> Set.of(RECOVERY, TOTP_SECRET, APP_URI);
      };
      assertClean(run + ": stderr", r.err(), Set.of());
      if (SHOW_THE_SCAN.containsKey(run.name())) {
        String uri = SHOW_THE_SCAN.get(run.name());
        assertEquals(uri.equals(APP_URI), r.err().contains(TOTP_SECRET_GROUPED), run + ": the key to type:\n" + r);
        assertEquals(uri, AuthenticatorAppTest.qrOnScreen(r.errLines()), run + ": the QR code to scan");
        String log = r.errLines().stream().filter(l -> l.contains("--> ") || l.contains("<-- "))
            .reduce("", (a, b) -> a + b + "\n");
        assertFalse(log.contains("CANA RYTO") || QR_LINE.matcher(log).find(), run + ": never in the HTTP log:\n" + log);
      } else {
        assertFalse(r.err().contains(TOTP_SECRET_GROUPED) || QR_LINE.matcher(r.err()).find()
            || QR_LINE.matcher(r.out()).find(), run + ": a QR code or key shown where nobody asked to see it:\n" + r);
      }
      assertClean(run + ": stdout", r.out(), onStdout);
      assertClean(run + ": prompts", String.join("\n", cli.prompter.asked()), Set.of());
      for (String shown : onStdout) {
        assertTrue(r.out().contains(shown), run + ": the verb exists to show it:\n" + r);
      }
      // Only the one-time codes may be arguments; everything else arrived another way.
      assertClean(run + ": argv", String.join(" ", args), Set.of(BINDING, OTP));
      checkFiles(run);
      synchronized (RUNS) {
        RUNS.add(run.name());
      }
    }
  }

  /** The files a verb writes hold what they are for and nothing else. */
  private void checkFiles(Run run) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        String name = f.getFileName().toString();
        String text = Files.readString(f);
        Set<String> allowed = switch (name) {
          case "rc.txt" -> Set.of(RECOVERY);
          case "new-rc.txt" -> Set.of(NEW_RECOVERY);
          case "tokens.json" -> Set.of(ACCESS, ID, REFRESH);
          case "rc.jsonl" -> Set.of(RECOVERY);
          case "secrets.jsonl" -> Set.of(TOTP_SECRET);
          // What confirming a message needs, short-lived; never a recovery code or an app's secret.
          case "users.csv.journal" -> Set.of(MFA, OOB);
          case "split.json", "login.json", "state.json" -> Set.of(MFA, OOB);
          case "added.json" -> Set.of(ACCESS, OOB); // the access token an added factor's enrollment is confirmed with
          case "totp.txt" -> Set.of(TOTP_SECRET);
          case "qr.svg" -> Set.of(); // the code is in its geometry, never as text
          case "password.txt", "cs.txt", "key.pem", "mfa.txt", "at.txt", "at.json", "users.csv" -> null; // inputs the test wrote
          default -> Set.of();
        };
        if (allowed != null) {
          assertClean(run + ": file " + name, text, allowed);
          assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(
              Files.getPosixFilePermissions(f)), run + ": " + name + " is private");
        }
      }
    }
  }

  static void assertClean(String where, String text, Set<String> allowed) {
    for (Map.Entry<String, String> c : canaries().entrySet()) {
      if (!allowed.contains(c.getValue())) {
        assertFalse(text.contains(c.getValue()), () -> where + " leaks the " + c.getKey() + ":\n" + text);
      }
    }
  }

  /** Options that take a value and are not secrets (or are one-time codes), by name. */
  static final Set<String> PLAIN_VALUE_OPTIONS = Set.of("--domain", "--client-id", "--username", "--realm",
      "--audience", "--scope", "--phone", "--voice", "--email", "--authenticator", "--type", "--profile",
      "--client-auth", "--port", "--rate-limit", "--burst", "--code", "--otp", "--issuer", "--rate", "--parallel",
      // A command line, shown nowhere by mfa (it may name a mail catcher's key: keep such a key in its own file).
      "--code-command");

  /**
   * Every option of every verb that takes a value is a path, a plain setting from the list above, or a secret that
   * must refuse a value other than '-'. A new option that could carry a secret fails here until it is classified.
   */
  @Test
  void everyOptionThatCouldCarryASecretRefusesAPlainValue() {
    Set<String> refused = new LinkedHashSet<>();
    CommandLine root = Main.newCommandLine(new Cli(dir).context(new StringWriter(), new StringWriter()));
    for (CommandLine verb : leaves(root)) {
      for (OptionSpec o : verb.getCommandSpec().options()) {
        if (o.arity().max() == 0 || o.usageHelp() || o.versionHelp()) {
          continue;
        }
        if (o.type() == Path.class || PLAIN_VALUE_OPTIONS.contains(o.longestName())) {
          continue;
        }
        String canary = "CANARY-plain-" + o.longestName().substring(2);
        List<String> args = new ArrayList<>(List.of(verb.getCommandSpec().qualifiedName(" ").split(" ")));
        args.remove(0);
        args.addAll(minimal(verb.getCommandName(), o.longestName()));
        args.add(o.longestName());
        args.add(canary);
        Cli.Result r = new Cli(dir).env("AUTH0_CLIENT_ID", "c").env("AUTH0_DOMAIN", "https://acme.us.auth0.com")
            .run(args.toArray(String[]::new));
        assertEquals(2, r.exit(), () -> args + "\n" + r);
        assertFalse(r.err().contains(canary), () -> "the refused secret was echoed: " + args + "\n" + r);
        assertTrue(r.err().contains("'-'") || r.err().contains("never"), () -> args + "\n" + r);
        refused.add(verb.getCommandSpec().qualifiedName(" ") + " " + o.longestName());
      }
    }
    assertTrue(refused.containsAll(List.of("mfa login --password", "mfa associate --client-secret",
        "mfa verify --mfa-token", "mfa authenticators delete --access-token", "mfa verify --recovery-code",
        "mfa login --recovery-code")), refused::toString);
    synchronized (RUNS) {
      RUNS.add("structural: " + refused.size() + " secret options refuse plain values");
      refusedCount = refused.size();
    }
  }

  private static int refusedCount;

  private static List<String> minimal(String verb, String option) {
    return switch (verb) {
      case "associate" -> List.of("--phone", "+15551234567");
      case "verify" -> option.equals("--recovery-code") ? List.of() : List.of("--otp", "123456");
      case "delete" -> List.of("sms|dev_abc");
      case "batch" -> List.of("users.csv", "--recovery-codes-file", "rc.jsonl", "--send-only");
      default -> List.of();
    };
  }

  private static List<CommandLine> leaves(CommandLine cl) {
    List<CommandLine> out = new ArrayList<>();
    if (cl.getSubcommands().isEmpty()) {
      out.add(cl);
    }
    for (CommandLine sub : cl.getSubcommands().values()) {
      out.addAll(leaves(sub));
    }
    return out;
  }

  @AfterAll
  static void documentTheCanaries() {
    if (RUNS.size() != runs().count() + 1) {
      return;
    }
    DocBlock.check("reliability.md", "cli-canaries", "CLI: " + canaries().size() + " canary values ("
        + String.join(", ", canaries().keySet()) + ") through " + runs().count() + " runs of every verb at"
        + " --verbose, successes and failures (stack traces of internal errors included); checked on stdout (only what"
        + " the verb hands"
        + " out when asked), stderr, prompts, written files (only what each is for, mode 600) and the argument list"
        + " (only the one-time --code/--otp). Options that could carry a secret: " + refusedCount
        + ", each refusing a plain value with exit 2. Leaks found: 0.\n");
  }
}
