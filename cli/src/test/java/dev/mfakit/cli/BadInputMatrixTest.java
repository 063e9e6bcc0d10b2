package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bad-input matrix of {@code docs/bad-input.md}: every row is run here through the real command line against
 * a loopback listener that counts connections. Each must exit 2 with one line on stderr that names the field (or
 * file, or option) and says what to do, with no stack trace, nothing on stdout, no connection made, and no secret
 * echoed. The table in the docs is what these runs printed, so it cannot drift.
 */
class BadInputMatrixTest {
  static final String SECRET = "s3cr3t-CANARY-in-a-file";
  private static final Map<Integer, String> ROWS = new TreeMap<>();

  @TempDir Path dir;
  @AutoClose private final LoopbackServer server = new LoopbackServer(LoopbackServer.Mode.CLOSE);

  /** One bad input: its category, the value as the docs show it, the args, and the word the message must name. */
  record Case(String category, String example, Setup setup, String names) {
    @Override
    public String toString() {
      return category + ": " + example;
    }
  }

  @FunctionalInterface
  interface Setup {
    String[] args(Env e) throws IOException;
  }

  /** Files and argument lists a case builds on. */
  record Env(String url, Path dir, Cli cli) {
    Path file(String name, String content, String perms) throws IOException {
      Path f = dir.resolve(name);
      Files.createDirectories(f.getParent());
      Files.writeString(f, content);
      Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(perms));
      return f;
    }

    Path pw() throws IOException {
      return file("pw.txt", SECRET + "\n", "rw-------");
    }

    Path token() throws IOException {
      return file("token.txt", "Fe26.2**token\n", "rw-------");
    }

    /** associate, signing in from a password file, with a state file to split at, plus {@code extra}. */
    String[] associate(String... extra) throws IOException {
      return join(new String[] {"associate", "--domain", url, "-u", "jane@example.com", "--password-file",
          pw().toString(), "--no-input", "--state", dir.resolve("s.json").toString()}, extra);
    }

    /** A directory every user can read and write (mode 777), like /tmp. */
    Path shared() throws IOException {
      Path d = Files.createDirectories(dir.resolve("shared"));
      Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxrwxrwx"));
      return d;
    }

    /** A directory every user can write, sticky (mode 1777): /tmp itself. */
    Path sticky() throws IOException {
      Path d = Files.createDirectories(dir.resolve("tmp"));
      Files.setAttribute(d, "unix:mode", 01777);
      return d;
    }

    /** login from a password file, plus {@code extra}. */
    String[] login(String... extra) throws IOException {
      return join(new String[] {"login", "--domain", url, "-u", "jane@example.com", "--password-file",
          pw().toString()}, extra);
    }

    /** associate --state --code: finishing the enrollment pending in a state file with {@code code}. */
    String[] associateWithCode(String code) throws IOException {
      return new String[] {"associate", "--state", pending().toString(), "--code", code};
    }

    /** A state file (mode 600) with an enrollment pending, as associate --no-input --state leaves it. */
    Path pending() throws IOException {
      return file("pending.json", state(",\"oob_channel\":\"sms\",\"recipient\":\"+1******4567\""), "rw-------");
    }

    String[] verifyOtp(String otp) throws IOException {
      return new String[] {"verify", "--domain", url, "--mfa-token-file", token().toString(), "--otp", otp};
    }

    /** delete with an access token file holding {@code token}. */
    String[] deleteWith(String token) throws IOException {
      return new String[] {"authenticators", "delete", "sms|dev_abc", "--domain", url, "--access-token-file",
          file("at.txt", token + "\n", "rw-------").toString()};
    }

    /** A JWT (unsigned for this purpose: only its claims are read before sending) with {@code payload}. */
    static String jwt(String payload) {
      return "eyJhbGciOiJSUzI1NiJ9." + java.util.Base64.getUrlEncoder().withoutPadding()
          .encodeToString(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8)) + ".c2ln";
    }

    String[] delete(String id) throws IOException {
      return new String[] {"authenticators", "delete", id, "--domain", url, "--access-token-file",
          token().toString()};
    }

    /** A state file with {@code json} (mode 600), for verify --state --code. */
    String[] verifyState(String json) throws IOException {
      return new String[] {"verify", "--state", file("state.json", json, "rw-------").toString(), "--code", "123456"};
    }

    String state(String extra) {
      return "{\"flow\":\"associate\",\"mfa_token\":\"Fe26.2**t\",\"domain\":\"" + url + "\",\"client_id\":"
          + "\"bad-input-client\",\"oob_code\":\"Fe26.2*o\"" + extra + "}";
    }

    String[] profile(String text, String... extra) throws IOException {
      Files.writeString(dir.resolve("profiles"), text);
      return join(new String[] {"associate", "--phone", "+15551234567", "-u", "jane@example.com",
          "--password-file", pw().toString(), "--no-input", "--state", dir.resolve("s.json").toString()}, extra);
    }
  }

  static String[] join(String[] a, String... b) {
    String[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  static String[] swap(String[] args, String from, String to) {
    String[] copy = args.clone();
    for (int i = 0; i < copy.length; i++) {
      if (copy[i].equals(from)) {
        copy[i] = to;
      }
    }
    return copy;
  }

  static Case c(String category, String example, Setup setup, String names) {
    return new Case(category, example, setup, names);
  }

  /** A secret-file case for {@code option}: {@code kind} is missing, empty, directory, 644, 640, big or binary. */
  static Case secretFile(String option, String kind) {
    String example = switch (kind) {
      case "missing" -> "a file that does not exist";
      case "empty" -> "an empty file";
      case "directory" -> "a directory";
      case "644" -> "mode 644 (world-readable)";
      case "640" -> "mode 640 (group-readable)";
      case "big" -> "a 70 KiB file";
      default -> "a binary (non-UTF-8) file";
    };
    return c("file: " + option, example, e -> {
      Path f = switch (kind) {
        case "missing" -> e.dir().resolve("missing.txt");
        case "empty" -> e.file("empty.txt", "", "rw-------");
        case "directory" -> Files.createDirectories(e.dir().resolve("a-directory"));
        case "644" -> e.file("open.txt", SECRET, "rw-r--r--");
        case "640" -> e.file("group.txt", SECRET, "rw-r-----");
        case "big" -> e.file("big.txt", "x".repeat(70 * 1024), "rw-------");
        default -> {
          Path b = e.dir().resolve("binary.bin");
          Files.write(b, new byte[] {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3, 0x28});
          Files.setPosixFilePermissions(b, PosixFilePermissions.fromString("rw-------"));
          yield b;
        }
      };
      String path = f.toString();
      return switch (option) {
        case "--password-file" -> new String[] {"associate", "--domain", e.url(), "-u", "jane@example.com",
            "--password-file", path, "--phone", "+15551234567", "--no-input", "--state",
            e.dir().resolve("s.json").toString()};
        case "--client-secret-file" -> e.associate("--phone", "+15551234567", "--client-secret-file", path);
        case "--private-key-file" -> e.associate("--phone", "+15551234567", "--private-key-file", path);
        case "--mfa-token-file" -> new String[] {"associate", "--domain", e.url(), "--mfa-token-file", path,
            "--phone", "+15551234567", "--no-input", "--state", e.dir().resolve("s.json").toString()};
        case "--access-token-file" -> new String[] {"authenticators", "delete", "sms|dev_abc", "--domain", e.url(),
            "--access-token-file", path};
        default -> new String[] {"verify", "--state", path, "--code", "123456"};
      };
    }, option);
  }

  static Stream<Case> cases() {
    List<Case> all = new ArrayList<>(List.of(
        // ---- phone numbers ----
        c("phone", "--phone 5551234567 (no '+')", e -> e.associate("--phone", "5551234567"), "--phone"),
        c("phone", "--phone +05551234567 (leading 0)", e -> e.associate("--phone", "+05551234567"), "--phone"),
        c("phone", "--phone 05551234567", e -> e.associate("--phone", "05551234567"), "--phone"),
        c("phone", "--phone '+1 555 123 4567' (spaces)", e -> e.associate("--phone", "+1 555 123 4567"), "--phone"),
        c("phone", "--phone +1-555-123-4567 (dashes)", e -> e.associate("--phone", "+1-555-123-4567"), "--phone"),
        c("phone", "--phone +1234567890123456 (16 digits)", e -> e.associate("--phone", "+1234567890123456"),
            "--phone"),
        c("phone", "--phone +1555123 (7 digits)", e -> e.associate("--phone", "+1555123"), "--phone"),
        c("phone", "--phone +1555CALLNOW (letters)", e -> e.associate("--phone", "+1555CALLNOW"), "--phone"),
        c("phone", "--phone +١٥٥٥١٢٣٤٥٦٧ (Arabic-Indic digits)", e -> e.associate("--phone", "+١٥٥٥١٢٣٤٥٦٧"),
            "--phone"),
        c("phone", "--phone +１５５５１２３４５６７ (full-width digits)", e -> e.associate("--phone",
            "+１５５５１２３４５６７"), "--phone"),
        c("phone", "--phone '' (empty)", e -> e.associate("--phone", ""), "--phone"),
        c("phone", "--voice '+1 (555) 123-4567'", e -> e.associate("--voice", "+1 (555) 123-4567"), "--voice"),
        // ---- one-time codes ----
        c("code", "--code 12345 (5 digits)", e -> e.associateWithCode("12345"), "--code"),
        c("code", "--code 1234567 (7 digits)", e -> e.associateWithCode("1234567"), "--code"),
        c("code", "--code 12a456 (a letter)", e -> e.associateWithCode("12a456"), "--code"),
        c("code", "--code '123 456' (inner space)", e -> e.associateWithCode("123 456"), "--code"),
        c("code", "--code ١٢٣٤٥٦ (Arabic-Indic digits)", e -> e.associateWithCode("١٢٣٤٥٦"), "--code"),
        c("code", "--code １２３４５６ (full-width digits)", e -> e.associateWithCode("１２３４５６"), "--code"),
        c("code", "--code '' (empty)", e -> e.associateWithCode(""), "--code"),
        c("code", "verify --otp 12345", e -> e.verifyOtp("12345"), "--otp"),
        c("code", "verify --otp 123-456 (inner dash)", e -> e.verifyOtp("123-456"), "--otp"),
        c("code", "verify --otp abcdef", e -> e.verifyOtp("abcdef"), "--otp"),
        c("code", "login --otp 1234567", e -> new String[] {"login", "--domain", e.url(), "-u", "jane@example.com",
            "--password-file", e.pw().toString(), "--otp", "1234567"}, "--otp"),
        c("code", "authenticators delete --otp 12345", e -> new String[] {"authenticators", "delete",
            "sms|dev_abc", "--domain", e.url(), "-u", "jane@example.com", "--password-file", e.pw().toString(),
            "--otp", "12345"}, "--otp"),
        c("code", "--recovery-code - with 23 characters on stdin", e -> {
          e.cli().stdin("ABCDEFGHJKLMNPQRSTUVWXY\n");
          return new String[] {"verify", "--domain", e.url(), "--mfa-token-file", e.token().toString(),
              "--recovery-code", "-"};
        }, "--recovery-code"),
        c("code", "--recovery-code - with non-ASCII letters on stdin", e -> {
          e.cli().stdin("ÄBCDEFGHJKLMNPQRSTUVWXYZ\n");
          return new String[] {"verify", "--domain", e.url(), "--mfa-token-file", e.token().toString(),
              "--recovery-code", "-"};
        }, "--recovery-code"),
        c("code", "--recovery-code - with nothing on stdin", e -> new String[] {"verify", "--domain", e.url(),
            "--mfa-token-file", e.token().toString(), "--recovery-code", "-"}, "--recovery-code"),
        // ---- e-mail addresses ----
        c("email", "--email jane.example.com (no @)", e -> e.associate("--email", "jane.example.com"), "--email"),
        c("email", "--email jane@@example.com", e -> e.associate("--email", "jane@@example.com"), "--email"),
        c("email", "--email @example.com (no local part)", e -> e.associate("--email", "@example.com"), "--email"),
        c("email", "--email jane@localhost (no dot)", e -> e.associate("--email", "jane@localhost"), "--email"),
        c("email", "--email 'jane doe@example.com' (space)", e -> e.associate("--email", "jane doe@example.com"),
            "--email"),
        c("email", "--email with 255 characters", e -> e.associate("--email", "j".repeat(243) + "@example.com"),
            "--email"),
        c("email", "--email jane@example..com", e -> e.associate("--email", "jane@example..com"), "--email"),
        c("email", "--email with a control character", e -> e.associate("--email", "jane\u0007@example.com"),
            "--email"),
        c("email", "--email '' (empty)", e -> e.associate("--email", ""), "--email"),
        // ---- authenticator ids ----
        c("authenticator id", "delete 'sms|dev/abc' (/)", e -> e.delete("sms|dev/abc"), "ID"),
        c("authenticator id", "delete 'sms|../admin' (..)", e -> e.delete("sms|../admin"), "ID"),
        c("authenticator id", "delete 'sms%7Cdev%2Fabc' (%2F)", e -> e.delete("sms%7Cdev%2Fabc"), "ID"),
        c("authenticator id", "delete 'sms|dev_abc?x=1' (?)", e -> e.delete("sms|dev_abc?x=1"), "ID"),
        c("authenticator id", "delete 'sms|dev_abc#x' (#)", e -> e.delete("sms|dev_abc#x"), "ID"),
        c("authenticator id", "delete 'sms\\dev_abc' (backslash)", e -> e.delete("sms\\dev_abc"), "ID"),
        c("authenticator id", "delete 'sms dev_abc' (space)", e -> e.delete("sms dev_abc"), "ID"),
        c("authenticator id", "delete '' (empty)", e -> e.delete(""), "ID"),
        c("authenticator id", "delete with 129 characters", e -> e.delete("sms|dev_" + "a".repeat(121)), "ID"),
        c("authenticator id", "login --authenticator ../x", e -> new String[] {"login", "--domain", e.url(), "-u",
            "jane@example.com", "--password-file", e.pw().toString(), "--authenticator", "../x"}, "--authenticator"),
        c("authenticator id", "challenge --authenticator a/b", e -> new String[] {"challenge", "--state",
            e.dir().resolve("c.json").toString(), "--mfa-token-file", e.token().toString(), "--domain", e.url(),
            "--authenticator", "a/b"}, "--authenticator"),
        // ---- tenant address ----
        c("domain", "--domain http://acme.us.auth0.com (plain http, not loopback)", e -> swap(e.associate("--phone",
            "+15551234567"), e.url(), "http://acme.us.auth0.com"), "--domain"),
        c("domain", "--domain https://admin:hunter2@acme.us.auth0.com (user info)", e -> swap(e.associate("--phone",
            "+15551234567"), e.url(), "https://admin:hunter2@acme.us.auth0.com"), "--domain"),
        c("domain", "--domain 'https://acme.us.auth0.com/?tenant=x' (query)", e -> swap(e.associate("--phone",
            "+15551234567"), e.url(), "https://acme.us.auth0.com/?tenant=x"), "--domain"),
        c("domain", "--domain https://acme.us.auth0.com#x (fragment)", e -> swap(e.associate("--phone",
            "+15551234567"), e.url(), "https://acme.us.auth0.com#x"), "--domain"),
        c("domain", "--domain https://acme.us.auth0.com/api (path)", e -> swap(e.associate("--phone",
            "+15551234567"), e.url(), "https://acme.us.auth0.com/api"), "--domain"),
        c("domain", "--domain ftp://acme.us.auth0.com", e -> swap(e.associate("--phone", "+15551234567"), e.url(),
            "ftp://acme.us.auth0.com"), "--domain"),
        c("domain", "--domain http://127.0.0.1.nip.io (not loopback)", e -> swap(e.associate("--phone",
            "+15551234567"), e.url(), "http://127.0.0.1.nip.io"), "--domain"),
        c("domain", "--domain http://localhost.example.com", e -> swap(e.associate("--phone", "+15551234567"),
            e.url(), "http://localhost.example.com"), "--domain"),
        c("domain", "--domain 'acme us auth0' (spaces)", e -> swap(e.associate("--phone", "+15551234567"), e.url(),
            "acme us auth0"), "--domain"),
        c("domain", "--domain '' (empty)", e -> swap(e.associate("--phone", "+15551234567"), e.url(), ""),
            "--domain"),
        c("domain", "AUTH0_DOMAIN=http://acme.us.auth0.com", e -> {
          e.cli().env("AUTH0_DOMAIN", "http://acme.us.auth0.com");
          String[] a = e.associate("--phone", "+15551234567");
          return Arrays.stream(a).filter(x -> !x.equals("--domain") && !x.equals(e.url())).toArray(String[]::new);
        }, "AUTH0_DOMAIN"),
        c("domain", "profile domain = http://acme.us.auth0.com", e -> e.profile(
            "[default]\ndomain = http://acme.us.auth0.com\n"), "profile 'default' domain"),
        c("domain", "no tenant at all", e -> Arrays.stream(e.associate("--phone", "+15551234567"))
            .filter(x -> !x.equals("--domain") && !x.equals(e.url())).toArray(String[]::new), "--domain"),
        c("client id", "no client id at all", e -> {
          e.cli().env.remove("AUTH0_CLIENT_ID");
          return e.associate("--phone", "+15551234567");
        }, "--client-id"),
        c("client id", "--client-id 'my client' (space)", e -> e.associate("--phone", "+15551234567",
            "--client-id", "my client"), "--client-id"),
        c("client id", "--client-id '' (empty)", e -> e.associate("--phone", "+15551234567", "--client-id", ""),
            "--client-id is empty")));
    // ---- secret files ----
    for (String kind : List.of("missing", "empty", "directory", "644", "640", "big", "binary")) {
      all.add(secretFile("--password-file", kind));
    }
    for (String option : List.of("--client-secret-file", "--private-key-file", "--mfa-token-file",
        "--access-token-file", "--state")) {
      for (String kind : List.of("missing", "directory", "644", "640", "big")) {
        all.add(secretFile(option, kind));
      }
    }
    all.addAll(List.of(
        c("file: --private-key-file", "a file that is not a PKCS#8 PEM key", e -> e.associate("--phone",
            "+15551234567", "--private-key-file", e.file("key.pem", "-----BEGIN RSA PRIVATE KEY-----\nMIIB\n"
                + "-----END RSA PRIVATE KEY-----\n", "rw-------").toString()), "--private-key-file"),
        c("file: --token-file", "a directory", e -> join(e.associateWithCode("123456"), "--token-file",
            e.dir().toString()), "--token-file"),
        c("file: --recovery-code-file", "a path under a regular file", e -> e.associate("--phone", "+15551234567",
            "--recovery-code-file", e.file("plain.txt", "x", "rw-------").resolve("rc.txt").toString()),
            "--recovery-code-file"),
        c("file: --recovery-code-file", "a file that exists (an empty one: touch rc.txt)", e -> e.associate("--phone",
            "+15551234567", "--recovery-code-file", e.file("rc.txt", "", "rw-r--r--").toString()),
            "--recovery-code-file"),
        c("file: --recovery-code-file", "in a sticky directory every user can write (mode 1777, like /tmp)",
            e -> e.associate("--phone", "+15551234567", "--recovery-code-file", e.sticky().resolve("rc.txt")
                .toString()), "--recovery-code-file"),
        c("file: --recovery-code-file", "login --recovery-code: a file that holds no recovery code", e -> e.login(
            "--recovery-code", "-", "--recovery-code-file", e.pw().toString()), "--recovery-code-file"),
        c("file: --token-file", "a file that holds no tokens", e -> e.login("--token-file", e.pw().toString()),
            "--token-file"),
        c("file: --token-file", "in a directory every user can read and write (mode 777)", e -> e.login(
            "--token-file", e.shared().resolve("at.json").toString()), "--token-file"),
        c("file: --state", "in a sticky directory every user can write (mode 1777, like /tmp)", e -> swap(
            e.associate("--phone", "+15551234567"), e.dir().resolve("s.json").toString(),
            e.sticky().resolve("s.json").toString()), "--state"),
        c("file: --state", "an enrollment still waiting for its code", e -> {
          e.file("s.json", e.state(",\"oob_channel\":\"sms\",\"recipient\":\"+1******4567\""), "rw-------");
          return e.associate("--phone", "+15557654321");
        }, "mfa verify --state"),
        c("file: --state", "login --state: a file that is not a state file", e -> e.login("--state",
            e.file("notes.txt", "my notes", "rw-------").toString()), "--state"),
        c("file: profile client_secret_file", "mode 644", e -> e.profile("[default]\ndomain = " + e.url()
            + "\nclient_secret_file = " + e.file("profile-secret", SECRET, "rw-r--r--") + "\n"),
            "client_secret_file"),
        // ---- state files ----
        c("state file", "not JSON", e -> e.verifyState("{mfa_token: t"), "--state"),
        c("state file", "a JSON array", e -> e.verifyState("[]"), "--state"),
        c("state file", "an empty object", e -> e.verifyState("{}"), "--state"),
        c("state file", "mfa_token is a number", e -> e.verifyState("{\"mfa_token\":7,\"domain\":\"" + e.url()
            + "\",\"client_id\":\"c\"}"), "--state"),
        c("state file", "expires_at is not RFC 3339", e -> e.verifyState(e.state(",\"expires_at\":\"tomorrow\"")),
            "--state"),
        c("state file", "domain is plain http to a remote host", e -> e.verifyState(e.state("")
            .replace(e.url(), "http://evil.example.com")), "state file"),
        c("state file", "mfa_token with a space", e -> e.verifyState(e.state("").replace("Fe26.2**t", "Fe26 t")),
            "--state"),
        c("state file", "oob_code with a line break", e -> e.verifyState(e.state("").replace("Fe26.2*o",
            "Fe26.2*o\\nx")), "--state"),
        c("state file", "no pending code (a login state)", e -> e.verifyState(e.state("")
            .replace(",\"oob_code\":\"Fe26.2*o\"", "").replace("\"associate\"", "\"login\"")), "mfa challenge --state"),
        c("state file", "verify --code with an authenticator app's enrollment", e -> e.verifyState(e.state(
            ",\"challenge_type\":\"otp\"").replace(",\"oob_code\":\"Fe26.2*o\"", "")), "--otp CODE"),
        c("state file", "--client-id other than the state's", e -> join(e.verifyState(e.state("")), "--client-id",
            "other-client"), "--client-id"),
        c("state file", "--domain other than the state's", e -> join(e.verifyState(e.state("")), "--domain",
            "https://other.us.auth0.com"), "--domain"),
        // ---- profiles ----
        c("profile", "unknown key (colour = blue)", e -> e.profile("[default]\ncolour = blue\n"), "profiles:2"),
        c("profile", "a line that is not key = value", e -> e.profile("[default]\ndomain acme.us.auth0.com\n"),
            "profiles:2"),
        c("profile", "a key outside any [section]", e -> e.profile("domain = acme.us.auth0.com\n"), "profiles:1"),
        c("profile", "a section twice", e -> e.profile("[default]\n[default]\n"), "profiles:2"),
        c("profile", "a key twice", e -> e.profile("[default]\nrealm = a\nrealm = b\n"), "profiles:3"),
        c("profile", "a key without a value", e -> e.profile("[default]\nrealm =\n"), "profiles:2"),
        c("profile", "client_auth = jwt", e -> e.profile("[default]\ndomain = " + e.url() + "\nclient_auth = jwt\n"
            + "client_secret_file = " + e.file("ps", SECRET, "rw-------") + "\n"), "client_auth"),
        c("profile", "--profile stagng (a typo)", e -> e.profile("[default]\n[staging]\n", "--profile", "stagng"),
            "Did you mean 'staging'?"),
        c("profile", "--profile that does not exist", e -> e.profile("[default]\n[work]\n", "--profile", "home"),
            "home"),
        c("profile", "MFA_PROFILE that does not exist", e -> {
          e.cli().env("MFA_PROFILE", "home");
          return e.profile("[default]\n");
        }, "home"),
        c("profile", "both private_key_file and client_secret_file", e -> e.profile("[default]\ndomain = " + e.url()
            + "\nprivate_key_file = /k.pem\nclient_secret_file = /s.txt\n"), "private_key_file"),
        c("profile", "client_secret = ... in the profile in use", e -> e.profile("[default]\ndomain = " + e.url()
            + "\nclient_secret = " + SECRET + "\n"), "client_secret_file"),
        // ---- access tokens, checked before they are sent ----
        c("access token", "a JWT for another audience", e -> e.deleteWith(Env.jwt("{\"aud\":\"https://api"
            + ".example.com/\",\"scope\":\"remove:authenticators\"}")), "audience"),
        c("access token", "an opaque (encrypted) token", e -> e.deleteWith("eyJhbGciOiJkaXIifQ..iv.ct.tag"),
            "opaque"),
        c("access token", "scope without remove:authenticators", e -> e.deleteWith(Env.jwt("{\"aud\":\"" + e.url()
            + "/mfa/\",\"scope\":\"enroll\"}")), "remove:authenticators"),
        c("access token", "--access-token-file with JSON but no access_token", e -> e.deleteWith(
            "{\"id_token\":\"x\"}"), "access_token"),
        // ---- secrets as plain flag values ----
        c("secret on the command line", "--password hunter2", e -> new String[] {"login", "--domain", e.url(), "-u",
            "jane@example.com", "--password", "hunter2"}, "--password"),
        c("secret on the command line", "--client-secret hunter2", e -> e.associate("--phone", "+15551234567",
            "--client-secret", "hunter2"), "--client-secret"),
        c("secret on the command line", "--mfa-token Fe26.2**hunter2", e -> new String[] {"authenticators", "list",
            "--domain", e.url(), "--mfa-token", "Fe26.2**hunter2"}, "--mfa-token"),
        c("secret on the command line", "--access-token hunter2", e -> new String[] {"authenticators", "delete",
            "sms|dev_abc", "--domain", e.url(), "--access-token", "hunter2"}, "--access-token"),
        c("secret on the command line", "--recovery-code HUNTER2HUNTER2HUNTER2HUNT", e -> new String[] {"login",
            "--domain", e.url(), "-u", "jane@example.com", "--password-file", e.pw().toString(), "--recovery-code",
            "HUNTER2HUNTER2HUNTER2HUNT"}, "--recovery-code"),
        // ---- conflicting options ----
        c("conflict", "--phone with --email", e -> e.associate("--phone", "+15551234567", "--email",
            "jane@example.com"), "--email"),
        c("conflict", "--password - with --password-file", e -> e.associate("--phone", "+15551234567",
            "--password", "-"), "--password-file"),
        c("conflict", "--client-secret - with --client-secret-file", e -> e.associate("--phone", "+15551234567",
            "--client-secret", "-", "--client-secret-file", e.pw().toString()), "--client-secret-file"),
        c("conflict", "--private-key-file with --client-secret-file", e -> e.associate("--phone", "+15551234567",
            "--private-key-file", e.pw().toString(), "--client-secret-file", e.pw().toString()), "--private-key-file"),
        c("conflict", "--password - with --mfa-token - (one stdin)", e -> new String[] {"authenticators", "list",
            "--domain", e.url(), "-u", "jane@example.com", "--password", "-", "--mfa-token", "-"}, "stdin"),
        c("conflict", "--mfa-token-file with --username", e -> new String[] {"associate", "--domain", e.url(), "-u",
            "jane@example.com", "--mfa-token-file", e.token().toString(), "--phone", "+15551234567", "--no-input",
            "--state", e.dir().resolve("s.json").toString()}, "--mfa-token-file"),
        c("conflict", "--sandbox with --client-id", e -> new String[] {"associate", "--sandbox", "--client-id", "x",
            "--phone", "+15555550100"}, "--client-id"),
        c("conflict", "--sandbox with --profile", e -> new String[] {"associate", "--sandbox", "--profile", "x",
            "--phone", "+15555550100"}, "--profile"),
        c("conflict", "--sandbox with --state", e -> new String[] {"associate", "--sandbox", "--state",
            e.dir().resolve("s.json").toString(), "--phone", "+15555550100"}, "--state"),
        c("conflict", "login --otp with --recovery-code", e -> new String[] {"login", "--domain", e.url(), "-u",
            "jane@example.com", "--password-file", e.pw().toString(), "--otp", "123456", "--recovery-code", "-"},
            "--recovery-code"),
        c("conflict", "login --state with --otp", e -> new String[] {"login", "--domain", e.url(), "-u",
            "jane@example.com", "--password-file", e.pw().toString(), "--otp", "123456", "--state",
            e.dir().resolve("s.json").toString()}, "--state"),
        c("conflict", "challenge --authenticator with --type", e -> new String[] {"challenge", "--state",
            e.dir().resolve("c.json").toString(), "--authenticator", "sms|dev_abc", "--type", "otp"}, "--type"),
        c("conflict", "verify --state with --mfa-token-file", e -> join(e.verifyState(e.state("")),
            "--mfa-token-file", e.token().toString()), "--state"),
        c("conflict", "delete --access-token-file with --username", e -> join(e.delete("sms|dev_abc"), "-u",
            "jane@example.com"), "--access-token"),
        c("conflict", "verify --code without --state", e -> new String[] {"verify", "--domain", e.url(),
            "--mfa-token-file", e.token().toString(), "--code", "123456"}, "--state"),
        c("conflict", "associate --no-input without --state", e -> new String[] {"associate", "--domain",
            e.url(), "-u", "jane@example.com", "--password-file", e.pw().toString(), "--phone", "+15551234567",
            "--no-input"}, "--no-input"),
        c("conflict", "associate --code without --state", e -> new String[] {"associate", "--domain", e.url(), "-u",
            "jane@example.com", "--password-file", e.pw().toString(), "--phone", "+15551234567", "--code",
            "123456"}, "--state"),
        c("conflict", "associate --code with a state file of a sign-in", e -> new String[] {"associate", "--state",
            e.file("login.json", e.state("").replace(",\"oob_code\":\"Fe26.2*o\"", "")
                .replace("\"associate\"", "\"login\""), "rw-------").toString(), "--code", "123456"}, "--code"),
        c("conflict", "associate --code with another --phone than the pending one", e -> join(
            e.associateWithCode("123456"), "--phone", "+15557654321"), "--phone"),
        c("conflict", "associate --code with --recovery-code-file", e -> join(e.associateWithCode("123456"),
            "--recovery-code-file", e.dir().resolve("rc.txt").toString()), "--recovery-code-file"),
        c("conflict", "prune --yes with --dry-run", e -> new String[] {"authenticators", "prune", "--domain", e.url(),
            "-u", "jane@example.com", "--yes", "--dry-run"}, "--dry-run"),
        c("conflict", "prune --no-input without --yes or --dry-run", e -> new String[] {"authenticators", "prune",
            "--domain", e.url(), "-u", "jane@example.com", "--password-file", e.pw().toString(), "--no-input"},
            "--yes"),
        c("conflict", "associate --recovery-code with --authenticator", e -> e.associate("--phone", "+15551234567",
            "--recovery-code", "-", "--authenticator", "sms|dev_abc"), "--authenticator"),
        c("conflict", "login --sandbox", e -> new String[] {"login", "--sandbox", "-u", "demo@example.com"},
            "--sandbox"),
        // ---- an authenticator app and push ----
        c("conflict", "--authenticator-app with --phone", e -> e.associate("--authenticator-app", "--phone",
            "+15551234567"), "--authenticator-app"),
        c("conflict", "--push with --authenticator-app", e -> e.associate("--push", "--authenticator-app"), "--push"),
        c("conflict", "--push with --no-input and no --state", e -> new String[] {"associate", "--domain", e.url(),
            "-u", "jane@example.com", "--password-file", e.pw().toString(), "--push", "--no-input"}, "--push"),
        c("conflict", "--authenticator-app with --no-input and no --state", e -> new String[] {"associate",
            "--domain", e.url(), "-u", "jane@example.com", "--password-file", e.pw().toString(),
            "--authenticator-app", "--no-input"}, "--state"),
        c("conflict", "--authenticator-app --no-input --state with nothing to show the QR code", e -> e.associate(
            "--authenticator-app"), "--qr-file"),
        c("conflict", "--qr-file with --phone", e -> e.associate("--phone", "+15551234567", "--qr-file",
            e.dir().resolve("qr.png").toString()), "--qr-file"),
        c("conflict", "--secret-file with --push", e -> e.associate("--push", "--secret-file",
            e.dir().resolve("totp.txt").toString()), "--secret-file"),
        c("conflict", "associate --code with --qr-file", e -> join(e.associateWithCode("123456"), "--qr-file",
            e.dir().resolve("qr.png").toString()), "--qr-file"),
        c("conflict", "associate --code with an authenticator app's enrollment", e -> new String[] {"associate",
            "--state", e.file("app.json", e.state(",\"challenge_type\":\"otp\"").replace(",\"oob_code\":\"Fe26.2*o\"",
            ""), "rw-------").toString(), "--code", "123456"}, "--otp"),
        c("conflict", "verify --code with a push pending", e -> e.verifyState(e.state(",\"oob_channel\":\"auth0\"")),
            "--push"),
        c("conflict", "verify --push without --state", e -> new String[] {"verify", "--domain", e.url(),
            "--mfa-token-file", e.token().toString(), "--push"}, "--state"),
        c("conflict", "verify --push with an SMS code pending", e -> new String[] {"verify", "--state",
            e.pending().toString(), "--push"}, "--push"),
        c("conflict", "verify --push with --otp", e -> join(e.verifyOtp("123456"), "--push"), "--push"),
        c("file: --qr-file", "qr.txt (neither .png nor .svg)", e -> e.associate("--authenticator-app", "--qr-file",
            e.dir().resolve("qr.txt").toString()), "--qr-file"),
        c("file: --qr-file", "a path under a regular file (unwritable)", e -> e.associate("--authenticator-app",
            "--qr-file", e.file("plain.txt", "x", "rw-------").resolve("qr.png").toString()), "--qr-file"),
        c("file: --qr-file", "a file that exists", e -> e.associate("--push", "--qr-file",
            e.file("exists.png", "a picture", "rw-------").toString()), "--qr-file"),
        c("file: --qr-file", "a directory", e -> e.associate("--push", "--qr-file",
            Files.createDirectories(e.dir().resolve("qr.png")).toString()), "--qr-file"),
        c("file: --qr-file", "in a directory every user can read and write (mode 777)", e -> e.associate(
            "--authenticator-app", "--qr-file", e.shared().resolve("qr.png").toString()), "--qr-file"),
        c("file: --secret-file", "a file that exists", e -> e.associate("--authenticator-app", "--secret-file",
            e.file("old-totp.txt", "JBSWY3DPEHPK3PXP\n", "rw-------").toString()), "--secret-file"),
        c("file: --secret-file", "in a directory every user can read and write (mode 777)", e -> e.associate(
            "--authenticator-app", "--secret-file", e.shared().resolve("totp.txt").toString()), "--secret-file"),
        c("file: --secret-file", "mfa otp with mode 644 (world-readable)", e -> new String[] {"otp",
            "--secret-file", e.file("open-totp.txt", "JBSWY3DPEHPK3PXP\n", "rw-r--r--").toString()},
            "--secret-file"),
        c("file: --secret-file", "mfa otp with mode 640 (group-readable)", e -> new String[] {"otp",
            "--secret-file", e.file("group-totp.txt", "JBSWY3DPEHPK3PXP\n", "rw-r-----").toString()},
            "--secret-file"),
        c("file: --secret-file", "mfa otp with a file that does not exist", e -> new String[] {"otp",
            "--secret-file", e.dir().resolve("none.txt").toString()}, "--secret-file"),
        c("file: --secret-file", "mfa otp with a secret that is not base32 (a 1)", e -> new String[] {"otp",
            "--secret-file", e.file("bad-totp.txt", "JBSWY3DPEHPK3PX1\n", "rw-------").toString()},
            "--secret-file"),
        c("usage", "mfa otp without --secret-file", e -> new String[] {"otp"}, "--secret-file"),
        // ---- the command line itself ----
        c("usage", "--domain 127.0.0.1:8787 (loopback, no scheme)", e -> new String[] {"authenticators", "list",
            "--domain", "127.0.0.1:8787", "-u", "jane@example.com", "--no-input"}, "http://127.0.0.1:8787"),
        c("usage", "unknown option --phon", e -> e.associate("--phon", "+15551234567"), "--phon"),
        c("usage", "--phone=+15551234567 --phone +15551234567 (twice)", e -> e.associate("--phone=+15551234567",
            "--phone", "+15551234567"), "--phone given twice; give one factor option"),
        c("usage", "login --otp 123456 --otp 654321 (twice)", e -> e.login("--otp", "123456", "--otp", "654321"),
            "--otp given twice"),
        c("usage", "--state given twice", e -> e.associate("--phone", "+15551234567", "--state",
            e.dir().resolve("t.json").toString()), "--state given twice"),
        c("usage", "unknown command asociate", e -> new String[] {"asociate", "--phone", "+15551234567"},
            "asociate"),
        c("usage", "no command", e -> new String[] {}, "command"),
        c("usage", "associate without a factor", e -> e.associate(), "--phone"),
        c("usage", "--client-auth jwt", e -> e.associate("--phone", "+15551234567", "--client-auth", "jwt"),
            "--client-auth"),
        c("usage", "challenge --type sms", e -> new String[] {"challenge", "--state",
            e.dir().resolve("c.json").toString(), "--type", "sms"}, "--type"),
        c("usage", "sandbox --port 70000", e -> new String[] {"sandbox", "--port", "70000"}, "--port"),
        c("usage", "sandbox --port http", e -> new String[] {"sandbox", "--port", "http"}, "--port"),
        c("usage", "sandbox --rate-limit 0", e -> new String[] {"sandbox", "--rate-limit", "0"}, "--rate-limit"),
        c("usage", "sandbox --burst without --rate-limit", e -> new String[] {"sandbox", "--burst", "5"},
            "--burst")));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isExit2OneLineNamingTheFieldAndTheFixWithNothingSent(Case c) throws IOException {
    Cli cli = new Cli(dir).env("AUTH0_CLIENT_ID", "bad-input-client");
    String[] args = c.setup().args(new Env(server.url(), dir, cli));

    Cli.Result r = cli.run(args);

    assertEquals(2, r.exit(), r::toString);
    assertEquals(1, r.errLines().size(), () -> "one line on stderr:\n" + r);
    String line = r.errLines().get(0);
    assertTrue(line.startsWith("mfa: "), r::toString);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r::toString);
    assertTrue(line.contains(c.names()), () -> "the message must name '" + c.names() + "':\n" + r);
    // What to do: a second clause ("... . Check the path", "...; run: chmod 600 ..."), a hint in parentheses, or the
    // verb's --help for the usage errors picocli reports.
    assertTrue(line.matches("mfa: .+((\\. |; |: |\\? ).+|\\(.+\\)\\.?)"), () -> "the message must say what to do:\n" + r);
    assertEquals("", r.out(), r::toString);
    assertEquals(0, server.connections(), "nothing may be sent");
    for (String secret : List.of(SECRET, "hunter2")) {
      assertFalse(line.contains(secret), () -> "a secret was echoed:\n" + r);
    }
    int index = cases().map(Case::toString).toList().indexOf(c.toString());
    synchronized (ROWS) {
      ROWS.put(index, "| " + c.category() + " | " + md(c.example()) + " | " + r.exit() + " | "
          + md(normalise(line, dir, server.url())) + " |");
    }
  }

  static String normalise(String line, Path dir, String url) {
    return line.replace(dir.toString(), "DIR").replace(url, "http://127.0.0.1:PORT");
  }

  private static String md(String s) {
    return s.replace("|", "\\|").replace("\u0007", "\\u0007");
  }

  @AfterAll
  static void documentTheTable() {
    long count = cases().count();
    if (ROWS.size() != count) {
      return;
    }
    StringBuilder md = new StringBuilder();
    md.append("| input | bad value | exit | the one line on stderr |\n|---|---|---|---|\n");
    ROWS.values().forEach(row -> md.append(row).append('\n'));
    md.append("\nBad inputs tried: ").append(count).append(" (plus the ").append(BadInputTest.cases().count())
        .append(" cases of BadInputTest). Each: exit 2, one line naming the field and the fix, no stack trace,")
        .append(" nothing on stdout, no connection to the tenant.\n");
    DocBlock.check("bad-input.md", "bad-input", md.toString());
  }
}
