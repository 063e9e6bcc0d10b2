package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.io.Prompter;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.sandbox.SandboxTenant;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each documented exit code (0 and 2 are everywhere else; 6 in AssociateTest). */
class ExitCodesTest {
  @AutoClose private final SandboxTenant sandbox = SandboxTenant.start();
  private final Fixture fx = new Fixture(sandbox);

  @TempDir Path dir;

  @Test
  void internalErrorIsExit1WithAStackTraceOnlyWhenVerbose() {
    Prompter broken = new Prompter() {
      @Override
      public boolean canPrompt() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        throw new IllegalStateException("console went away");
      }

      @Override
      public char[] readSecret(String prompt) {
        throw new IllegalStateException("console went away");
      }
    };
    Cli cli = Cli.forSandboxClient(dir);
    Cli.Result quiet = run(cli, broken, "associate", "--domain", fx.url(), "-u", "a@example.com", "--phone",
        "+15551234567");
    Cli.Result verbose = run(cli, broken, "associate", "--domain", fx.url(), "-u", "a@example.com", "--phone",
        "+15551234567", "--verbose");

    assertEquals(1, quiet.exit(), quiet::toString);
    Fixture.assertOneLineError(quiet);
    assertEquals("mfa: internal error (IllegalStateException: console went away). This is a bug: rerun with"
        + " --verbose and report it.", quiet.err().strip());
    assertEquals(1, verbose.exit());
    assertTrue(verbose.err().contains("\tat dev.mfakit.cli."), verbose::toString);
  }

  @Test
  void anIllegalArgumentFromOurOwnCodeIsABugNotBadInput() {
    // The client's validation errors are caught where the request is built; any other one is a bug (exit 1).
    Prompter broken = new Prompter() {
      @Override
      public boolean canPrompt() {
        return true;
      }

      @Override
      public String readLine(String prompt) {
        throw new IllegalArgumentException("no such prompt");
      }

      @Override
      public char[] readSecret(String prompt) {
        throw new IllegalArgumentException("no such prompt");
      }
    };

    Cli.Result r = run(Cli.forSandboxClient(dir), broken, "associate", "--domain", fx.url(), "--phone",
        "+15551234567");

    assertEquals(1, r.exit(), r::toString);
    assertEquals("mfa: internal error (IllegalArgumentException: no such prompt). This is a bug: rerun with"
        + " --verbose and report it.", r.err().strip());
  }

  private static Cli.Result run(Cli cli, Prompter prompter, String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    Context base = cli.context(out, err);
    Context ctx = new Context(base.env(), base.stdin(), base.out(), base.err(), prompter, base.configHome(),
        base.clock(), base.sleeper(), base.shutdown(), base.ansi());
    int code = Main.run(ctx, args);
    return new Cli.Result(code, out.toString(), err.toString());
  }

  @Test
  void theReadmeTableHasEveryExitCodeOfTheHelp() throws IOException {
    String readme = java.nio.file.Files.readString(DocBlock.repositoryRoot().resolve("README.md"));
    String table = readme.substring(readme.indexOf("### Exit codes"), readme.indexOf("Every bad input and its"));
    java.util.List<String> inReadme = table.lines().filter(l -> l.matches("\\| \\d+ \\|.*"))
        .map(l -> l.split("\\|")[1].strip()).toList();

    assertEquals(ExitCode.descriptions().keySet().stream().map(String::strip).toList(), inReadme);
    assertTrue(table.contains("| 7 | `mfa batch`: some rows failed"), table);
    // The verbs that use 6 are named alike in both.
    assertTrue(table.contains("(`" + ExitCode.NOTHING_TO_DO_VERBS + "`; a plain `mfa login` exits 0"), table);
    assertTrue(ExitCode.descriptions().get(" 6").contains("(" + ExitCode.NOTHING_TO_DO_VERBS + "; a plain mfa login"
        + " exits 0)"));
  }

  @Test
  void withoutMfaLoginSucceedsAndTheVerbsThatNeedMfaExit6() throws IOException {
    String user = "plain" + System.nanoTime() + "@example.com";
    sandbox.addUserWithoutMfa(user, "pw");
    java.nio.file.Path pw = Fixture.secretFile(dir, "pw", "pw");
    java.util.function.Function<String[], Cli.Result> run = extra -> {
      java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of(extra));
      args.addAll(java.util.List.of("--domain", fx.url(), "-u", user, "--password-file", pw.toString(),
          "--no-input"));
      return Cli.forSandboxClient(dir).run(args.toArray(String[]::new));
    };

    assertEquals(0, run.apply(new String[] {"login"}).exit());
    for (String[] verb : java.util.List.of(new String[] {"login", "--state", dir.resolve("l.json").toString()},
        new String[] {"associate", "--phone", "+15551234567", "--state", dir.resolve("a.json").toString()},
        new String[] {"verify", "--otp", "123456"},
        new String[] {"challenge", "--state", dir.resolve("c.json").toString()},
        new String[] {"authenticators", "list"})) {
      Cli.Result r = run.apply(verb);
      assertEquals(6, r.exit(), r::toString);
      assertTrue(r.err().contains("mfa: signed in without MFA: the tenant did not ask for a second factor for this"
          + " user"), r::toString);
      String name = "mfa " + verb[0] + (verb[0].equals("authenticators") ? " " + verb[1] : "");
      assertTrue(ExitCode.NOTHING_TO_DO_VERBS.contains(name.substring(4) + (verb[0].equals("login") ? " --state" : "")),
          name);
    }
  }

  @Test
  void wrongPasswordIsExit3() {
    String user = fx.newUser();

    Cli.Result r = Cli.forSandboxClient(dir).stdin("not-the-password").run("login", "--domain", fx.url(), "-u", user,
        "--password", "-");

    assertEquals(3, r.exit(), r::toString);
    assertEquals("mfa: wrong username or password. Check them and try again.", r.errLines().get(1));
  }

  @Test
  void badClientSecretIsExit3() {
    Cli.Result r = Cli.forSandboxClient(dir).env("AUTH0_CLIENT_SECRET", "wrong").stdin("x")
        .run("login", "--domain", fx.url(), "-u", "a@example.com", "--password", "-");

    assertEquals(3, r.exit(), r::toString);
    assertTrue(r.err().contains("mfa: the tenant refused the application's credentials. Check the client id and"
        + " the client secret (or --private-key-file) against the application's settings."), r::toString);
  }

  @Test
  void unreachableTenantIsExit4() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }

    Cli.Result r = Cli.forSandboxClient(dir).stdin("pw").run("login", "--domain", "http://127.0.0.1:" + port,
        "-u", "a@example.com", "--password", "-");

    assertEquals(4, r.exit(), r::toString);
    assertTrue(r.err().contains("mfa: could not reach the tenant ("), r::toString);
    assertTrue(r.err().strip().endsWith("Check the domain and your network, then try again."), r::toString);
  }

  @Test
  void noAnswerToASignInIsExit4WithoutTheListHint() throws IOException {
    // A plain server that reads the request and closes: not one that speaks HTTPS (the TLS hello finds no TLS).
    try (LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.READ_THEN_CLOSE)) {
      Cli.Result r = Cli.forSandboxClient(dir).stdin("pw").run("login", "--domain", server.url(),
          "-u", "a@example.com", "--password", "-");

      assertEquals(4, r.exit(), r::toString);
      assertTrue(r.err().endsWith("\nmfa: no answer from the tenant to the sign-in (connection closed). A sign-in"
          + " changes nothing and sends the user nothing: check the tenant's address, then run the command again.\n"),
          r::toString);
      assertEquals(2, server.connections(), "the sign-in, never replayed; then the TLS hello that found no TLS");
    }
  }

  @Test
  void rateLimitedIsExit5WithTheRetryTime() {
    String user = fx.newUser();
    MfaClient client = fx.client();
    MfaToken token = fx.mfaToken(user);
    // Use up the user's SMS allowance (10, refilled 1 per hour) the way a script gone wrong would.
    for (int i = 0; i < 20; i++) {
      try {
        client.associate(token, Enrollment.sms(Fixture.newPhone()));
      } catch (MfaApiException e) {
        break;
      }
    }
    Cli cli = Cli.forSandboxClient(dir);

    Cli.Result r = cli.env("MFA_TOKEN", token.value()).run("associate", "--domain", fx.url(), "--phone",
        Fixture.newPhone(), "--no-input", "--state", dir.resolve("s.json").toString());

    assertEquals(5, r.exit(), r::toString);
    assertTrue(r.err().matches("(?s)mfa: the tenant is rate limiting these requests\\. Retry after"
        + " \\d\\d:\\d\\d:\\d\\d UTC \\(in \\d+ (s|min)\\)\\.\\n"), r::toString);
    assertTrue(cli.sleeps.isEmpty(), "a wait longer than the client's cap is not slept: " + cli.sleeps);
    assertFalse(java.nio.file.Files.exists(dir.resolve("s.json")));
  }
}
