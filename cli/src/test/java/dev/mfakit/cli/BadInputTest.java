package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input: one line on stderr naming the field and the fix, exit 2, no stack trace, and nothing sent (the
 * tenant address is a loopback listener that counts connections).
 */
class BadInputTest {
  @TempDir Path dir;
  @AutoClose private final LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE);

  /** One bad invocation: how to build it, and what the error line must say. */
  record Case(String name, Setup setup, String expected) {
    @Override
    public String toString() {
      return name;
    }
  }

  /** Builds the arguments (and any files or environment) for a case. */
  @FunctionalInterface
  interface Setup {
    String[] args(Env env) throws IOException;
  }

  /** What a case can use. */
  record Env(String url, Path dir, Cli cli) {
    Path pw() throws IOException {
      return Fixture.secretFile(dir, "pw.txt", "hunter2\n");
    }

    Path file(String name, String content, String perms) throws IOException {
      Path f = dir.resolve(name);
      Files.writeString(f, content);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
      return f;
    }

    /** {@code associate} against the counter, signing in from a password file, plus {@code extra}. */
    String[] associate(String... extra) throws IOException {
      List<String> a = new ArrayList<>(List.of("associate", "--domain", url, "-u", "jane@example.com",
          "--password-file", pw().toString(), "--no-input", "--state", dir.resolve("s.json").toString()));
      a.addAll(List.of(extra));
      return a.toArray(String[]::new);
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("phone without +", e -> e.associate("--phone", "5551234567"),
            "mfa: --phone must be in E.164 form: '+', country code and number, digits only, e.g. +15551234567"),
        new Case("phone with spaces", e -> e.associate("--phone", "+1 555 123 4567"), "--phone must be in E.164"),
        new Case("voice too short", e -> e.associate("--voice", "+1555"), "--voice must be in E.164"),
        new Case("email without @", e -> e.associate("--email", "jane.example.com"),
            "mfa: --email: email must be an e-mail address"),
        new Case("email without a dotted domain", e -> e.associate("--email", "jane@localhost"), "--email:"),
        new Case("code not 6 digits", e -> e.associate("--phone", "+15551234567", "--code", "12ab56"),
            "mfa: --code must be the 6-digit code, e.g. --code 123456"),
        new Case("code with an inner space", e -> e.associate("--phone", "+15551234567", "--code", "123 456"),
            "mfa: --code must be the 6-digit code, e.g. --code 123456"),
        new Case("otp with an inner dash", e -> new String[] {"verify", "--otp", "123-456", "--domain", e.url(),
            "--mfa-token-file", e.file("t7", "tok", "rw-------").toString()}, "mfa: --otp must be the 6-digit code"),
        new Case("otp not 6 digits", e -> new String[] {"verify", "--otp", "1234567", "--domain", e.url(),
            "--mfa-token-file", e.file("t", "tok", "rw-------").toString()}, "mfa: --otp must be the 6-digit code"),
        new Case("http domain that is not loopback", e -> swap(e.associate("--phone", "+15551234567"),
            e.url(), "http://acme.us.auth0.com"),
            "mfa: --domain must use https:// (http:// is allowed only for 127.0.0.1, ::1 and localhost)\n"),
        new Case("domain URL with a path", e -> swap(e.associate("--phone", "+15551234567"), e.url(),
            "https://acme.us.auth0.com/tenant"), "mfa: --domain must not have a path (the MFA API lives at the"
            + " root). Give the tenant's domain, e.g. acme.us.auth0.com\n"),
        new Case("domain that is not a host", e -> swap(e.associate("--phone", "+15551234567"), e.url(),
            "acme us auth0"), "mfa: --domain must be a host name or an https URL. Give the tenant's domain, e.g."
            + " acme.us.auth0.com\n"),
        new Case("missing domain", e -> dropDomain(e.associate("--phone", "+15551234567")),
            "mfa: no tenant: pass --domain DOMAIN, set AUTH0_DOMAIN, or set domain in"),
        new Case("missing client id", e -> {
          e.cli().env.remove("AUTH0_CLIENT_ID");
          return e.associate("--phone", "+15551234567");
        }, "mfa: no client id: pass --client-id ID, set AUTH0_CLIENT_ID, or set client_id in"),
        new Case("missing password file", e -> new String[] {"associate", "--domain", e.url(), "-u", "j@example.com",
            "--password-file", e.dir().resolve("nope").toString(), "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()},
            "does not exist. Check the path."),
        new Case("password file is a directory", e -> new String[] {"associate", "--domain", e.url(), "-u", "j@e.com",
            "--password-file", e.dir().toString(), "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()},
            "is a directory, not a file"),
        new Case("empty password file", e -> new String[] {"associate", "--domain", e.url(), "-u", "j@e.com",
            "--password-file", e.file("empty", "\n", "rw-------").toString(), "--phone", "+15551234567",
            "--no-input", "--state", e.dir().resolve("s.json").toString()}, "is empty"),
        new Case("huge password file", e -> new String[] {"associate", "--domain", e.url(), "-u", "j@e.com",
            "--password-file", e.file("big", "x".repeat(70_000), "rw-------").toString(), "--phone",
            "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()}, "is larger than 64 KiB"),
        new Case("group-readable password file", e -> {
          Path f = e.file("pw-group", "hunter2", "rw-r-----");
          return new String[] {"associate", "--domain", e.url(), "-u", "j@e.com", "--password-file", f.toString(),
              "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()};
        }, "is readable by group or others; run: chmod 600 "),
        new Case("world-readable client secret file", e -> {
          Path f = e.file("secret", "s3cret", "rw----r--");
          return e.associate("--phone", "+15551234567", "--client-secret-file", f.toString());
        }, "mfa: --client-secret-file: "),
        new Case("world-readable mfa token file", e -> new String[] {"associate", "--domain", e.url(),
            "--mfa-token-file", e.file("tok", "Fe26.2**abc", "rw-r--r--").toString(), "--phone", "+15551234567",
            "--no-input", "--state", e.dir().resolve("s.json").toString()}, "is readable by group or others; run: chmod 600"),
        new Case("state file that is not JSON", e -> new String[] {"verify", "--state",
            e.file("bad.json", "{not json", "rw-------").toString(), "--code", "123456"},
            "is not a valid state file (not valid JSON)"),
        new Case("state file without mfa_token", e -> new String[] {"verify", "--state",
            e.file("nomfa.json", "{\"domain\":\"" + e.url() + "\",\"client_id\":\"c\",\"oob_code\":\"x\"}",
                "rw-------").toString(), "--code", "123456"}, "(missing mfa_token)"),
        new Case("state file with a bad time", e -> new String[] {"verify", "--state",
            e.file("time.json", "{\"mfa_token\":\"t\",\"domain\":\"" + e.url() + "\",\"client_id\":\"c\","
                + "\"oob_code\":\"x\",\"expires_at\":\"tomorrow\"}", "rw-------").toString(), "--code", "123456"},
            "expires_at must be an RFC 3339 time"),
        new Case("group-readable state file", e -> new String[] {"verify", "--state",
            e.file("open.json", "{}", "rw-rw----").toString(), "--code", "123456"}, "is readable by group or others"),
        new Case("state file without a pending code", e -> new String[] {"verify", "--state",
            e.file("login.json", "{\"mfa_token\":\"t\",\"domain\":\"" + e.url() + "\",\"client_id\":\"c\"}",
                "rw-------").toString(), "--code", "123456"}, "has no pending code"),
        new Case("profile with an unknown key", e -> {
          Files.writeString(e.dir().resolve("profiles"), "[default]\ndomain = x.auth0.com\ncolour = blue\n");
          return e.associate("--phone", "+15551234567");
        }, "profiles:3: unknown key 'colour'. Known keys: domain, client_id,"),
        new Case("profile with a malformed line", e -> {
          Files.writeString(e.dir().resolve("profiles"), "# mine\n[default]\ndomain x.auth0.com\n");
          return e.associate("--phone", "+15551234567");
        }, "profiles:3: expected '[name]' or 'key = value'"),
        new Case("profile that does not exist", e -> {
          Files.writeString(e.dir().resolve("profiles"), "[default]\n[work]\ndomain = w.auth0.com\n");
          return e.associate("--phone", "+15551234567", "--profile", "home");
        }, "mfa: no profile 'home' in " /* ... */),
        new Case("password as a plain flag value", e -> new String[] {"associate", "--domain", e.url(), "-u", "j@e.com",
            "--password", "hunter2", "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()},
            "mfa: --password takes no value but '-': pass a secret as '-' (stdin) or with --password-file"),
        new Case("client secret as a plain flag value", e -> e.associate("--phone", "+15551234567",
            "--client-secret", "abc"), "pass a secret as '-' (stdin) or with --client-secret-file"),
        new Case("mfa token as a plain flag value", e -> new String[] {"associate", "--domain", e.url(),
            "--mfa-token", "Fe26.2**abc", "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()},
            "--mfa-token takes no value but '-'"),
        new Case("recovery code inline", e -> new String[] {"verify", "--domain", e.url(), "--recovery-code",
            "ABCDEFGHJKLMNPQRSTUVWXYZ", "--mfa-token-file", e.file("t2", "tok", "rw-------").toString()},
            "mfa: recovery codes are secrets: use '--recovery-code -' (stdin) or the prompt"),
        new Case("recovery code from stdin, malformed", e -> {
          e.cli().stdin("not-a-code");
          return new String[] {"verify", "--domain", e.url(), "--recovery-code", "-", "--mfa-token-file",
              e.file("t3", "tok", "rw-------").toString()};
        }, "a recovery code is 24 letters and digits"),
        new Case("two options reading stdin", e -> e.associate("--phone", "+15551234567", "--client-secret", "-",
            "--mfa-token", "-"), "read stdin ('-'); only one can"),
        new Case("password and password file", e -> e.associate("--phone", "+15551234567", "--password", "-"),
            "--password and --password-file conflict"),
        new Case("sandbox with domain", e -> new String[] {"associate", "--sandbox", "--domain", e.url(),
            "--phone", "+15555550100"}, "mfa: --sandbox and --domain conflict"),
        new Case("sandbox with state", e -> new String[] {"associate", "--sandbox", "--state", "s.json",
            "--phone", "+15555550100"}, "mfa: --sandbox cannot be used with --state"),
        new Case("token file and username", e -> new String[] {"associate", "--domain", e.url(), "-u", "j@e.com",
            "--mfa-token-file", e.file("t4", "tok", "rw-------").toString(), "--phone", "+15551234567",
            "--no-input", "--state", e.dir().resolve("s.json").toString()}, "conflict: either use a token or sign in"),
        new Case("no username without a terminal", e -> new String[] {"associate", "--domain", e.url(),
            "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()}, "mfa: no username to sign in with"),
        new Case("bad authenticator id", e -> new String[] {"authenticators", "delete", "sms|../x",
            "--domain", e.url(), "--access-token-file", e.file("at", "tok", "rw-------").toString()},
            "mfa: ID: 'sms|../x' is not an authenticator id"),
        new Case("delete with nothing to sign in with", e -> new String[] {"authenticators", "delete",
            "sms|dev_abc", "--domain", e.url(), "-u", "j@e.com", "--password-file", e.pw().toString()},
            "no access token, and there is no terminal to type a code in"),
        new Case("challenge without a state file", e -> new String[] {"challenge", "--domain", e.url(),
            "--mfa-token-file", e.file("t5", "tok", "rw-------").toString()}, "mfa challenge needs --state FILE"),
        new Case("code without a state file", e -> new String[] {"verify", "--code", "123456", "--domain",
            e.url(), "--mfa-token-file", e.file("t6", "tok", "rw-------").toString()},
            "--code needs --state FILE"),
        new Case("bad port", e -> new String[] {"sandbox", "--port", "70000"}, "--port must be between 0 and 65535"),
        new Case("client auth method", e -> e.associate("--phone", "+15551234567", "--client-auth", "jwt"),
            "mfa: invalid value for option '--client-auth'"),
        new Case("factor missing", e -> new String[] {"associate", "--domain", e.url()},
            "mfa: missing required argument"),
        new Case("two factors", e -> e.associate("--phone", "+15551234567", "--email", "j@example.com"),
            "are mutually exclusive"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isExit2OneLineAndSendsNothing(Case c) throws IOException {
    Cli cli = Cli.forSandboxClient(dir);
    cli.env.put("AUTH0_CLIENT_SECRET", "whatever");
    String[] args = c.setup().args(new Env(server.url(), dir, cli));

    Cli.Result r = cli.run(args);

    assertEquals(2, r.exit(), r::toString);
    Fixture.assertOneLineError(r);
    assertFalse(r.err().contains("Exception"), r::toString);
    assertTrue(r.err().contains(c.expected()), () -> "expected '" + c.expected() + "' in:\n" + r);
    assertEquals("", r.out());
    assertEquals(0, server.connections(), "nothing may be sent");
    assertFalse(r.err().contains("hunter2"), "the password is never echoed");
  }

  private static String[] swap(String[] args, String from, String to) {
    String[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i].equals(from)) {
        copy[i] = to;
      }
    }
    return copy;
  }

  private static String[] dropDomain(String[] args) {
    List<String> a = new ArrayList<>(List.of(args));
    int i = a.indexOf("--domain");
    a.remove(i + 1);
    a.remove(i);
    return a.toArray(String[]::new);
  }
}
