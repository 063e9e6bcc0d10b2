package dev.mfakit.examples;

import dev.mfakit.client.Association;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Enroll a list of users' phones from a CSV file ({@code email,phone}), e.g. a helpdesk setting up company phones
 * for new hires whose accounts were created with an initial password. One {@link MfaClient} serves every user (it is
 * thread-safe and holds no per-user state); a few workers run in parallel; rate limits are honoured; each user gets
 * a line in the report. Running it again is safe: users enrolled last time report "already enrolled".
 *
 * <p>Run it against your tenant:
 *
 * <pre>
 * AUTH0_DOMAIN=acme.us.auth0.com AUTH0_CLIENT_ID=... AUTH0_CLIENT_SECRET=... MFA_CSV=new-hires.csv \
 * MFA_PASSWORD=the-initial-password [MFA_WORKERS=4] \
 *   ./mvnw -q -pl examples -am package -DskipTests -Dexample=BulkOnboarding
 * </pre>
 *
 * <p>Dashboard: grant types Password and MFA on the application; Phone Message (SMS) on; "Require Multi-factor Auth"
 * Always. Mind the tenant's rate limits (Authentication API: 300/min on Free, 25/s and up on paid plans) and the
 * per-user SMS limit (10, then 1 an hour).
 */
public final class BulkOnboarding {
  private BulkOnboarding() {}

  /** Where each user's password comes from: your account-creation system, or one initial password for the batch. */
  @FunctionalInterface
  interface Passwords {
    /**
     * The user's current password.
     *
     * @param email the user
     * @return the password
     */
    String of(String email);
  }

  /** One user's result. */
  enum Status { ENROLLED, ALREADY_ENROLLED, FAILED }

  /**
   * One line of the report.
   *
   * @param line the CSV line number (1-based)
   * @param email the user
   * @param status what happened
   * @param reason for a refusal by the tenant, its typed cause; null otherwise
   * @param message for a failure, what went wrong (never contains secrets); null otherwise
   * @param recoveryCode for a new enrollment, the recovery code to hand to the user; null otherwise
   */
  record UserResult(int line, String email, Status status, ErrorReason reason, String message, String recoveryCode) {
    @Override
    public String toString() {
      return "UserResult[line=" + line + ", email=" + email + ", status=" + status + ", reason=" + reason
          + ", message=" + message + ", recoveryCode=" + (recoveryCode == null ? null : "██") + "]";
    }

    /** The report line: no phone number, no code. */
    String describe() {
      return "line " + line + " " + email + ": " + switch (status) {
        case ENROLLED -> "enrolled";
        case ALREADY_ENROLLED -> "already enrolled";
        case FAILED -> "failed: " + (reason == null ? message : reason + " (" + message + ")");
      };
    }
  }

  /**
   * The whole run.
   *
   * @param users one result per well-formed line, in file order
   * @param malformed a message per line that could not be read, with its line number
   * @param rateLimitWaits how often a worker waited for the rate limit to reset (beyond the client's own waits)
   */
  record Report(List<UserResult> users, List<String> malformed, int rateLimitWaits) {
    long count(Status status) {
      return users.stream().filter(u -> u.status() == status).count();
    }

    String summary() {
      return count(Status.ENROLLED) + " enrolled, " + count(Status.ALREADY_ENROLLED) + " already enrolled, "
          + count(Status.FAILED) + " failed, " + malformed.size() + " malformed lines; waited "
          + rateLimitWaits + " times for the rate limit";
    }
  }

  /** One well-formed CSV line. */
  private record Row(int line, String email, String phone) {}

  // The client already waits on a 429 (up to 30 s, 3 attempts). A RATE_LIMITED that still reaches us means the
  // tenant stayed busy past that; wait for the reset ourselves, but not for an hour-long per-user SMS limit.
  private static final Duration LONGEST_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
  private static final int RATE_LIMIT_RETRIES = 5;
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{7,14}");

  static Report run(MfaClient client, Reader csv, Passwords passwords, Inbox inbox, int workers) throws IOException {
    List<String> malformed = new ArrayList<>();
    List<Row> rows = parse(csv, malformed);
    AtomicInteger waits = new AtomicInteger();

    // A small fixed pool: enough to overlap the users' SMS round trips, few enough not to fight the rate limit.
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    try {
      List<Future<UserResult>> futures = new ArrayList<>();
      for (Row row : rows) {
        futures.add(pool.submit(() -> enroll(client, row, passwords, inbox, waits)));
      }
      List<UserResult> results = new ArrayList<>();
      for (Future<UserResult> f : futures) {
        results.add(f.get()); // in file order, whichever finished first
      }
      return new Report(results, malformed, waits.get());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("A worker failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** One user from sign-in to verified phone; every failure becomes a report line, never an abort of the batch. */
  private static UserResult enroll(MfaClient client, Row row, Passwords passwords, Inbox inbox, AtomicInteger waits) {
    try {
      PasswordSignIn credentials = PasswordSignIn.of(row.email(), passwords.of(row.email()));
      SignInResult signIn = patiently(waits, () -> client.signIn(credentials));
      if (!(signIn instanceof MfaRequired required)) {
        return failed(row, null, "the tenant did not ask this user for MFA, so there is no mfa_token to enroll with");
      }
      MfaToken mfaToken = required.mfaToken();
      Association sms = patiently(waits, () -> client.associate(mfaToken, Enrollment.sms(row.phone())));
      String code = inbox.codeSentTo(row.phone());
      patiently(waits, () -> client.verifyOob(mfaToken, sms.oobCode(), code));
      String recoveryCode = sms.recoveryCode();
      return new UserResult(row.line(), row.email(), Status.ENROLLED, null, null, recoveryCode);
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.ALREADY_ENROLLED) {
        // An mfa_token may only enroll a user's first factor; this one has an active factor already.
        return new UserResult(row.line(), row.email(), Status.ALREADY_ENROLLED, null, null, null);
      }
      return failed(row, e.reason(), e.getMessage());
    } catch (MfaException e) {
      // Network trouble. An MfaOutcomeUnknownException on associate or verify may have gone through: a rerun
      // shows that user as "already enrolled" if it did.
      return failed(row, null, e.getMessage());
    }
  }

  /**
   * Runs one call, waiting for the rate limit to reset and retrying that call when the tenant says RATE_LIMITED.
   * Retrying the call, not the user: a refused request did nothing (no SMS went out), and starting the user over
   * would send a second one.
   */
  private static <T> T patiently(AtomicInteger waits, Supplier<T> call) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (MfaApiException e) {
        if (e.reason() != ErrorReason.RATE_LIMITED || attempt > RATE_LIMIT_RETRIES) {
          throw e;
        }
        // Retry-After, else the time until X-RateLimit-Reset; a short pause when the tenant said neither.
        Duration said = e.rateLimit() == null ? null : e.rateLimit().delayFrom(Instant.now());
        Duration wait = said != null ? said : Duration.ofSeconds(1);
        if (wait.compareTo(LONGEST_RATE_LIMIT_WAIT) > 0) {
          throw e; // e.g. the user's hourly SMS limit: report it, let the others go on
        }
        waits.incrementAndGet();
        sleep(wait);
      }
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Interrupted while waiting for the rate limit", e);
    }
  }

  private static UserResult failed(Row row, ErrorReason reason, String message) {
    return new UserResult(row.line(), row.email(), Status.FAILED, reason, message, null);
  }

  /**
   * Reads {@code email,phone} lines after that header; blank lines are skipped, every other problem is reported
   * with its line number (and the line skipped). No quoting: neither field can contain a comma.
   */
  private static List<Row> parse(Reader csv, List<String> malformed) throws IOException {
    BufferedReader in = new BufferedReader(csv);
    List<Row> rows = new ArrayList<>();
    Map<String, Integer> seen = new HashMap<>();
    boolean header = true;
    int lineNumber = 0;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (header) {
        header = false;
        if (fields.length == 2 && fields[0].strip().equalsIgnoreCase("email")
            && fields[1].strip().equalsIgnoreCase("phone")) {
          continue;
        }
        malformed.add("line " + lineNumber + ": expected the header email,phone");
        continue;
      }
      if (fields.length != 2) {
        malformed.add("line " + lineNumber + ": expected 2 fields, found " + fields.length);
        continue;
      }
      String email = fields[0].strip();
      String phone = fields[1].strip();
      if (email.isEmpty() || email.indexOf('@') <= 0) {
        malformed.add("line " + lineNumber + ": the e-mail address is missing or invalid");
      } else if (!E164.matcher(phone).matches()) {
        // The phone is not echoed: a report is not the place for phone numbers.
        malformed.add("line " + lineNumber + ": the phone must be E.164, like +15551234567");
      } else if (seen.putIfAbsent(email.toLowerCase(Locale.ROOT), lineNumber) != null) {
        // Two workers enrolling one user at once would race; the first line wins.
        malformed.add("line " + lineNumber + ": " + email + " already appears on line "
            + seen.get(email.toLowerCase(Locale.ROOT)));
      } else {
        rows.add(new Row(lineNumber, email, phone));
      }
    }
    return rows;
  }

  /**
   * Enrolls every user of {@code MFA_CSV}; the SMS codes are typed in at the console (by the person holding the
   * phones), and the recovery codes printed at the end for handing over.
   *
   * @param args ignored: settings come from the environment, secrets never from the command line
   */
  public static void main(String[] args) {
    System.exit(mainExitCode(System.getenv(), Terminal.system()));
  }

  static int mainExitCode(Map<String, String> vars, Terminal terminal) {
    return Env.exitCode(terminal, () -> {
      Env env = Env.require(vars, "MFA_CSV");
      Path csv = Path.of(env.get("MFA_CSV"));
      if (!Files.isReadable(csv)) {
        throw new IllegalArgumentException("MFA_CSV: cannot read " + csv);
      }
      int workers = Integer.parseInt(env.getOrDefault("MFA_WORKERS", "4"));
      String initialPassword = env.secret("MFA_PASSWORD", terminal, "Initial password of these users: ");
      // Several workers may ask at once: one prompt at a time.
      Inbox console = phone -> {
        synchronized (terminal) {
          return terminal.readLine("Code sent to " + Terminal.masked(phone) + ": ");
        }
      };
      Report report;
      try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
        report = run(env.client(), reader, email -> initialPassword, console, workers);
      }
      report.malformed().forEach(terminal.err()::println);
      report.users().forEach(u -> terminal.out().println(u.describe()));
      terminal.out().println(report.summary());
      // For the person handing over the phones: each user needs their code, once, in private.
      report.users().stream().filter(u -> u.recoveryCode() != null)
          .forEach(u -> terminal.out().println("recovery code for " + u.email() + ": " + u.recoveryCode()));
      return report.count(Status.FAILED) == 0 && report.malformed().isEmpty() ? 0 : 1;
    });
  }
}
