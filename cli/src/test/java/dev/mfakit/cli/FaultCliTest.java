package dev.mfakit.cli;

import static dev.mfakit.cli.ScriptedTenant.Step.ASSOCIATE;
import static dev.mfakit.cli.ScriptedTenant.Step.DELETE;
import static dev.mfakit.cli.ScriptedTenant.Step.LIST;
import static dev.mfakit.cli.ScriptedTenant.Step.SIGN_IN;
import static dev.mfakit.cli.ScriptedTenant.Step.VERIFY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.ScriptedTenant.Step;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import mockwebserver3.MockResponse;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Faults at each step of a journey, through the real command line against a scripted tenant: the exit code, one
 * {@code mfa:} line on stderr (the last one) with no stack trace, exactly the requests the tenant read (one for
 * every POST that may have been applied), and what the state file looks like afterwards. The observations are
 * the CLI fault table of {@code docs/reliability.md}.
 */
class FaultCliTest {
  private static final Map<String, String> OBSERVED = new TreeMap<>();
  private static int duplicated;

  @TempDir Path dir;

  /** The setting a case can use. */
  record Env(ScriptedTenant tenant, Path dir, Cli cli) {
    Path passwordFile() throws IOException {
      return Fixture.secretFile(dir, "pw.txt", "correct horse\n");
    }

    /**
     * The guided journey in one run: sign in, associate, verify with the code typed at the prompt, list. (A code
     * on the command line only resumes a pending enrollment, so the whole journey in one run needs the prompt.)
     */
    String[] associate() throws IOException {
      cli.prompter(ScriptedPrompter.terminal().line("Enter the 6-digit code: ", "123456"));
      return new String[] {"associate", "--domain", tenant.url(), "-u", "jane@example.com", "--password-file",
          passwordFile().toString(), "--phone", "+15551234567"};
    }

    Path state() throws IOException {
      return Fixture.stateFile(dir.resolve("state.json"), "flow", "associate", "mfa_token",
          "Fe26.2**scripted-mfa-token", "mfa_token_expires_at", Instant.now().plusSeconds(600), "domain", tenant.url(),
          "client_id", "cli-client", "oob_code", "Fe26.2*scripted-oob-code", "expires_at",
          Instant.now().plusSeconds(300), "oob_channel", "sms", "recipient", "+1******4567");
    }
  }

  /** One fault at one step. */
  record Case(String fault, String step, Setup setup, int exit, Map<Step, Integer> seen, String message) {
    @Override
    public String toString() {
      return step + ": " + fault;
    }
  }

  @FunctionalInterface
  interface Setup {
    String[] args(Env env) throws IOException;
  }

  static MockResponse dropAfterRequest() {
    return new MockResponse.Builder().onResponseStart(SocketEffect.ShutdownConnection.INSTANCE).build();
  }

  static MockResponse status429(String... headers) {
    MockResponse.Builder b = new MockResponse.Builder().code(429)
        .body("{\"error\":\"too_many_requests\",\"error_description\":\"Too many requests.\"}");
    for (int i = 0; i < headers.length; i += 2) {
      b.addHeader(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  static final String UNKNOWN = "so the request may have been applied. Run mfa authenticators list before trying"
      + " again.";

  static Stream<Case> cases() {
    return Stream.of(
        new Case("connection refused", "sign-in", e -> {
          String[] a = e.associate();
          a[2] = closedPort();
          return a;
        }, 4, Map.of(), "mfa: could not reach the tenant ("),
        // A sign-in changes nothing: run again, no list first.
        new Case("dropped after the request", "sign-in", e -> {
          e.tenant().script(SIGN_IN, dropAfterRequest());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1), "mfa: no answer from the tenant to the sign-in (connection closed). A sign-in"
            + " changes nothing and sends the user nothing: check the tenant's address, then run the command again."),
        new Case("dropped after the request", "associate", e -> {
          e.tenant().script(ASSOCIATE, dropAfterRequest());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1), UNKNOWN),
        new Case("pooled connection closed before the request", "associate", e -> {
          e.tenant().script(SIGN_IN, ScriptedTenant.json(403, "{\"error\":\"mfa_required\",\"mfa_token\":\"Fe26.2**t\"}")
              .newBuilder().onResponseEnd(new SocketEffect.CloseSocket(true, false, false)).build());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1), UNKNOWN),
        new Case("connection closed halfway through the body", "associate", e -> {
          e.tenant().script(ASSOCIATE, ScriptedTenant.json(200, "{\"padding\":\"" + "x".repeat(65536) + "\"}")
              .newBuilder().onResponseBody(SocketEffect.ShutdownConnection.INSTANCE).build());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1), "(connection closed partway through the answer), " + UNKNOWN),
        new Case("200 with truncated JSON", "associate", e -> {
          e.tenant().script(ASSOCIATE, ScriptedTenant.json(200, "{\"authenticator_type\":\"oob\",\"oob_co"));
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1), "mfa: the tenant answered something unexpected (HTTP 200)"),
        new Case("200 with JSON of the wrong types", "associate", e -> {
          e.tenant().script(ASSOCIATE, ScriptedTenant.json(200, "{\"authenticator_type\":[\"oob\"],\"oob_code\":7}"));
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1), "mfa: the tenant answered something unexpected (HTTP 200)"),
        new Case("HTML 502 page", "associate", e -> {
          e.tenant().script(ASSOCIATE, new MockResponse.Builder().code(502).addHeader("Content-Type", "text/html")
              .body("<html><h1>502 Bad Gateway</h1></html>").build());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1), "mfa: the tenant failed (HTTP 502)"),
        new Case("503 with Retry-After: 3 (a POST is not retried)", "associate", e -> {
          e.tenant().script(ASSOCIATE, new MockResponse.Builder().code(503).addHeader("Retry-After", "3").build());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1), "mfa: the tenant failed (HTTP 503)"),
        new Case("429 with Retry-After: 2", "associate", e -> {
          e.tenant().script(ASSOCIATE, status429("Retry-After", "2"));
          return e.associate();
        }, 0, Map.of(SIGN_IN, 1, ASSOCIATE, 2, VERIFY, 1, LIST, 1), null),
        new Case("429 with Retry-After as an HTTP date", "associate", e -> {
          e.tenant().script(ASSOCIATE, status429("Retry-After", DateTimeFormatter.RFC_1123_DATE_TIME
              .format(Instant.now().plusSeconds(5).atOffset(ZoneOffset.UTC))));
          return e.associate();
        }, 0, Map.of(SIGN_IN, 1, ASSOCIATE, 2, VERIFY, 1, LIST, 1), null),
        new Case("429 with only X-RateLimit-Reset", "associate", e -> {
          e.tenant().script(ASSOCIATE, status429("X-RateLimit-Reset",
              String.valueOf(Instant.now().plusSeconds(5).getEpochSecond())));
          return e.associate();
        }, 0, Map.of(SIGN_IN, 1, ASSOCIATE, 2, VERIFY, 1, LIST, 1), null),
        new Case("429 with a reset beyond the 30 s cap", "associate", e -> {
          e.tenant().script(ASSOCIATE, status429("X-RateLimit-Limit", "10", "X-RateLimit-Remaining", "0",
              "X-RateLimit-Reset", String.valueOf(Instant.now().plusSeconds(3600).getEpochSecond())));
          return e.associate();
        }, 5, Map.of(SIGN_IN, 1, ASSOCIATE, 1), "mfa: the tenant is rate limiting these requests. Retry after "),
        new Case("dropped after the request", "verify", e -> {
          e.tenant().script(VERIFY, dropAfterRequest());
          return e.associate();
        }, 4, Map.of(SIGN_IN, 1, ASSOCIATE, 1, VERIFY, 1), UNKNOWN),
        new Case("429 with Retry-After: 120", "verify", e -> {
          e.tenant().script(VERIFY, status429("Retry-After", "120"));
          return e.associate();
        }, 5, Map.of(SIGN_IN, 1, ASSOCIATE, 1, VERIFY, 1), "mfa: the tenant is rate limiting these requests."),
        new Case("500, then healthy (a GET is retried)", "list", e -> {
          e.tenant().script(LIST, new MockResponse.Builder().code(500).build());
          return e.associate();
        }, 0, Map.of(SIGN_IN, 1, ASSOCIATE, 1, VERIFY, 1, LIST, 2), null),
        new Case("dropped 3 times (the enrollment stands; a warning)", "list", e -> {
          e.tenant().script(LIST, dropAfterRequest(), dropAfterRequest(), dropAfterRequest());
          return e.associate();
        }, 0, Map.of(SIGN_IN, 1, ASSOCIATE, 1, VERIFY, 1, LIST, 3), null),
        new Case("dropped after the request; the state file is kept", "verify --state", e -> {
          e.tenant().script(VERIFY, dropAfterRequest());
          return new String[] {"verify", "--state", e.state().toString(), "--code", "123456", "--no-input"};
        }, 4, Map.of(VERIFY, 1), UNKNOWN),
        new Case("dropped once, then healthy", "authenticators list", e -> {
          e.tenant().script(LIST, dropAfterRequest());
          return new String[] {"authenticators", "list", "--state", e.state().toString()};
        }, 0, Map.of(LIST, 2), null),
        new Case("dropped 3 times", "authenticators list", e -> {
          e.tenant().script(LIST, dropAfterRequest(), dropAfterRequest(), dropAfterRequest());
          return new String[] {"authenticators", "list", "--state", e.state().toString()};
        }, 4, Map.of(LIST, 3), "mfa: could not reach the tenant ("),
        new Case("dropped, then 404 (the first attempt deleted it)", "authenticators delete", e -> {
          e.tenant().script(DELETE, dropAfterRequest(), ScriptedTenant.json(404,
              "{\"error\":\"not_found\",\"error_description\":\"Authenticator not found.\"}"));
          return new String[] {"authenticators", "delete", "sms|dev_scripted0001", "--domain", e.tenant().url(),
              "--access-token-file", Fixture.secretFile(e.dir(), "at.txt", "at-123").toString()};
        }, 0, Map.of(LIST, 2, DELETE, 2), null),
        new Case("HTML 502 three times", "authenticators delete", e -> {
          MockResponse html = new MockResponse.Builder().code(502).body("<html>502</html>").build();
          e.tenant().script(DELETE, html, html, html);
          return new String[] {"authenticators", "delete", "sms|dev_scripted0001", "--domain", e.tenant().url(),
              "--access-token-file", Fixture.secretFile(e.dir(), "at.txt", "at-123").toString()};
        }, 4, Map.of(LIST, 1, DELETE, 3), "mfa: the tenant failed (HTTP 502)"),
        new Case("429 beyond the cap", "login", e -> {
          e.tenant().script(SIGN_IN, status429("Retry-After", "900"));
          return new String[] {"login", "--domain", e.tenant().url(), "-u", "jane@example.com", "--password-file",
              e.passwordFile().toString(), "--otp", "123456"};
        }, 5, Map.of(SIGN_IN, 1), "mfa: the tenant is rate limiting these requests. Retry after "),
        // Signing in changes nothing on the tenant: the advice is to run it again, not to list first.
        new Case("dropped after the request", "login --otp", e -> {
          e.tenant().script(VERIFY, dropAfterRequest());
          return new String[] {"login", "--domain", e.tenant().url(), "-u", "jane@example.com", "--password-file",
              e.passwordFile().toString(), "--otp", "123456"};
        }, 4, Map.of(SIGN_IN, 1, VERIFY, 1), "mfa: no answer from the tenant after the request was sent (connection"
            + " closed). mfa login changes nothing on the tenant, so run it again."));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachFaultHasItsExitCodeOneLineAndNoDuplicatePost(Case c) throws IOException {
    try (ScriptedTenant tenant = new ScriptedTenant()) {
      Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "cli-client");
      Env env = new Env(tenant, dir, cli);
      String[] args = c.setup().args(env);
      Path state = args[0].equals("verify") ? Path.of(args[2]) : null;
      String stateBefore = state == null ? null : Files.readString(state);

      Cli.Result r = cli.run(args);

      assertEquals(c.exit(), r.exit(), r::toString);
      assertFalse(r.err().contains("\tat "), r::toString);
      assertFalse(r.err().contains("Exception:"), r::toString);
      List<String> failures = r.errLines().stream().filter(l -> l.startsWith("mfa: ")).toList();
      if (c.exit() == 0) {
        assertEquals(List.of(), failures, r::toString);
      } else {
        assertEquals(1, failures.size(), r::toString);
        assertEquals(failures.get(0), r.errLines().get(r.errLines().size() - 1), "the failure is the last line");
        assertTrue(failures.get(0).contains(c.message()), () -> "expected '" + c.message() + "' in:\n" + r);
        assertFalse(failures.get(0).matches(".*\\b\\w*(Exception|Error)\\b.*"),
            () -> "a class name instead of words:\n" + r);
        // Nothing on stdout when the journey failed, but the recovery code of an association that answered: the
        // tenant shows it once, so it is handed out whether the confirmation may have gone through (no answer, exit
        // 4) or was refused (a 429: nothing was enrolled).
        String handedOut = args[0].equals("associate") && c.seen().containsKey(VERIFY)
            ? "Recovery code: " + tenant.recoveryCode + "\n" : "";
        assertEquals(handedOut, r.out(), "stdout of a failed journey");
      }
      for (Step step : Step.values()) {
        assertEquals(c.seen().getOrDefault(step, 0), tenant.seen(step), () -> step + " requests\n" + r);
      }
      int associates = tenant.seen(ASSOCIATE) - (c.fault().startsWith("429") && c.step().equals("associate") ? 1 : 0);
      assertTrue(associates <= 1, "an associate that may have been applied was sent again");
      if (state != null) {
        assertEquals(stateBefore, Files.readString(state), "a failed verify leaves the state file as it was");
      }
      if (args[0].equals("associate")) {
        // The code is asked for once, after the associate and before the verify: a fault at the verify step
        // comes after the person typed it, and a fault before it never gets that far.
        List<String> prompts = c.seen().containsKey(VERIFY) ? List.of("Enter the 6-digit code: ") : List.of();
        assertEquals(prompts, cli.prompter.asked(), r::toString);
      }
      if (c.fault().startsWith("429 with") && c.exit() == 0) {
        assertEquals(1, cli.sleeps.size(), () -> "one wait: " + cli.sleeps);
        assertTrue(cli.sleeps.get(0).compareTo(Duration.ofSeconds(6)) <= 0, cli.sleeps::toString);
      }
      synchronized (OBSERVED) {
        duplicated += Math.max(0, associates - 1);
        String last = r.exit() == 0 ? (r.err().contains("could not list") ? "(exit 0, a warning: "
            + normalise(r.errLines().stream().filter(l -> l.contains("could not list")).findFirst().orElseThrow())
            + ")" : "") : normalise(failures.get(0));
        OBSERVED.put(String.format("%02d", cases().toList().indexOf(c)), "| " + c.step() + " | " + c.fault() + " | "
            + r.exit() + " | " + tenant.seenSummary() + " | " + last.replace("|", "\\|") + " |");
      }
    }
  }

  /** Times and ports vary from run to run; the table shows their shape. */
  static String normalise(String line) {
    return line.replaceAll("\\d\\d:\\d\\d:\\d\\d UTC \\(in \\d+ (s|min)\\)", "HH:MM:SS UTC (in N min)")
        .replaceAll("127\\.0\\.0\\.1:\\d+", "127.0.0.1:PORT");
  }

  private static String closedPort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + s.getLocalPort();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  @AfterAll
  static void documentTheTable() {
    if (OBSERVED.size() != cases().count()) {
      return;
    }
    List<String> rows = new ArrayList<>();
    rows.add("| step | fault | exit | requests the tenant read | stderr (last line) |");
    rows.add("|---|---|---|---|---|");
    rows.addAll(OBSERVED.values());
    rows.add("");
    rows.add("CLI fault cases: " + OBSERVED.size() + "; associate requests sent again after they may have been"
        + " applied: " + duplicated + ".");
    DocBlock.check("reliability.md", "cli-faults", String.join("\n", rows) + "\n");
  }
}
