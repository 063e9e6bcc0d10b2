package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.batch.BadInput;
import dev.mfakit.cli.batch.BatchInput;
import dev.mfakit.cli.batch.BatchRun;
import dev.mfakit.cli.batch.CodeCommand;
import dev.mfakit.cli.batch.CodesFile;
import dev.mfakit.cli.batch.InputChanged;
import dev.mfakit.cli.batch.Journal;
import dev.mfakit.cli.batch.OutputFileFailed;
import dev.mfakit.cli.batch.PasswordSource;
import dev.mfakit.cli.batch.Problem;
import dev.mfakit.cli.batch.RecoveryCodesFile;
import dev.mfakit.cli.batch.RowCodes;
import dev.mfakit.cli.batch.RowStatus;
import dev.mfakit.cli.batch.SecretsFile;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.io.CtrlC;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.output.BatchOutput;
import dev.mfakit.cli.output.Errors;
import dev.mfakit.client.RequestPacer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mfa batch FILE}: enrolls every user of a CSV or JSON Lines file, each row through the journey {@code mfa
 * associate} runs, on one client paced to the tenant's rate limit, with a journal that lets a killed run resume
 * without a second message to anyone. The work is {@link BatchRun}'s; this command checks everything first, opens
 * what the run writes, and reports.
 */
@Command(name = "batch",
    customSynopsis = {
        "mfa batch FILE (--code-command CMD | --send-only | --codes CODES) --recovery-codes-file FILE [OPTIONS]"},
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Enroll many users: one row per user in FILE (CSV with a header, or JSON Lines; - for stdin) with"
            + " username and one factor column: phone, voice, email (the address), or authenticator_app (true).",
        "",
        "Every row is checked before anything is sent: bad rows are listed with their line numbers and nothing is"
            + " sent (exit 2), unless --skip-invalid. Authenticator-app rows confirm themselves (the code is computed"
            + " from the secret, which goes to --secrets-file). Phone and e-mail rows get their codes from"
            + " --code-command, or --send-only sends now and a later run with --codes confirms.",
        "",
        "A journal (FILE.journal, 0600) records each row: run the same command again after Ctrl-C, a kill or a"
            + " crash, and finished rows are skipped. A row whose message may have gone out unanswered is never sent"
            + " again unless --resend-unknown: it is reported as outcome_unknown, with the time. Ctrl-C stops taking"
            + " rows, lets the rows in flight finish and prints the summary (exit 130); a second Ctrl-C stops at"
            + " once.",
        "",
        "Results on stdout (--json: one object per row: line, username, factor, status, authenticator_id,"
            + " reason, recovery_code, sent_at; status is confirmed, sent, skipped, outcome_unknown or failed);"
            + " progress on stderr. Exit 0 when every row succeeded, 7 when some failed, were not run (the input"
            + " changed) or lost their recovery code. mfa batch never prompts (--no-input is implied)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa batch users.csv --password-file pw.txt --recovery-codes-file rc.jsonl \\",
        "      --secrets-file apps.jsonl --json \\",
        "      --code-command 'curl -sfG --data-urlencode \"recipient=$MFA_RECIPIENT\" $URL/sandbox/code'",
        "  mfa batch users.csv --password-file pw.txt --recovery-codes-file rc.jsonl --send-only",
        "  mfa batch users.csv --password-file pw.txt --recovery-codes-file rc.jsonl --codes codes.csv",
        "",
        "The code command runs with sh -c once per row, with MFA_CHANNEL (sms, voice, email), MFA_RECIPIENT,",
        "MFA_USERNAME and MFA_SENT_AT in its environment, and prints the 6-digit code as its last line."})
public final class BatchCommand implements Callable<Integer> {
  /** How long a code command may take for one row before it is stopped (codes last 5 minutes). */
  static final Duration CODE_COMMAND_TIMEOUT = Duration.ofMinutes(2);
  private static final int MAX_PARALLEL = 256;

  private final Context ctx;

  @Parameters(index = "0", paramLabel = "FILE",
      description = "The users: .csv (a header row, then one row per user) or .jsonl (one JSON object per line);"
          + " - reads stdin (then --journal is needed).")
  String file;

  @Option(names = "--password-file", paramLabel = "FILE", order = 1,
      description = "The password of every row, in FILE (mode 600). Without it, each row has its own in a password"
          + " column, and FILE must then be mode 600.")
  Path passwordFile;

  @Option(names = "--code-command", paramLabel = "CMD", order = 2,
      description = "Get each phone or e-mail row's code by running CMD (sh -c) after its message is sent; it prints"
          + " the code as its last line. Its environment: MFA_CHANNEL, MFA_RECIPIENT, MFA_USERNAME, MFA_SENT_AT."
          + " Stopped after 2 minutes.")
  String codeCommand;

  @Option(names = "--send-only", order = 3,
      description = "Send each phone or e-mail row its code and stop there (status sent); confirm them later, within"
          + " the codes' 5 minutes, with --codes.")
  boolean sendOnly;

  @Option(names = "--codes", paramLabel = "CODES", order = 4,
      description = "Confirm the rows an earlier --send-only run sent, with the codes in CODES (CSV username,code or"
          + " JSON Lines). Rows whose code expired are reported, and sent again only with --resend-expired.")
  Path codes;

  @Option(names = "--recovery-codes-file", paramLabel = "FILE", order = 5, required = true,
      description = "Where each new user's recovery code is appended (mode 600; one JSON object per line):"
          + " a batch's recovery codes are never only on the screen.")
  Path recoveryCodesFile;

  @Option(names = "--secrets-file", paramLabel = "FILE", order = 6,
      description = "Where each authenticator-app row's TOTP secret is appended (mode 600; one JSON object per"
          + " line). Needed when FILE has authenticator_app rows.")
  Path secretsFile;

  @Option(names = "--journal", paramLabel = "FILE", order = 7,
      description = "The journal (mode 600) that lets a stopped run resume. Default: beside the input, named after"
          + " it with .journal added.")
  Path journal;

  @Option(names = "--resend-unknown", order = 8,
      description = "Send again to rows whose message may have gone out unanswered (outcome_unknown): they may get"
          + " a second one.")
  boolean resendUnknown;

  @Option(names = "--resend-expired", order = 9,
      description = "Send a new code to rows whose code (from an earlier run) expired before it was confirmed.")
  boolean resendExpired;

  @Option(names = "--skip-invalid", order = 18,
      description = "Run the good rows when some are bad; the bad ones are listed and reported as failed.")
  boolean skipInvalid;

  @Option(names = "--rate", paramLabel = "N", order = 20,
      description = "Start at N requests per second (all rows together); the pace then follows the tenant's"
          + " X-RateLimit-* headers and 429s. Default: learned from the tenant.")
  Double rate;

  @Option(names = "--parallel", paramLabel = "N", order = 21, defaultValue = "8",
      description = "How many rows run at once (default: 8).")
  int parallel;

  @Option(names = "--realm", paramLabel = "CONNECTION", order = 22,
      description = "Database connection to sign the users in with (password-realm grant). Profile: realm.")
  String realm;

  @Mixin TenantOptions tenant;

  /** The shared output settings, set by the batch's own flags below: its --json is a line per row. */
  final OutputOptions output = new OutputOptions();

  @Option(names = "--json", arity = "0", order = 90,
      description = "Print one JSON object per row on stdout as each row ends (every key always there, null when it"
          + " does not apply); the summary goes to stderr.")
  void json(boolean[] given) {
    output.json(given);
  }

  @Option(names = "--no-input", arity = "0", hidden = true,
      description = "Implied: mfa batch never prompts. Accepted, so that scripts may pass it to every verb.")
  void noInput(boolean[] given) {
    output.noInput(given);
  }

  @Option(names = "--verbose", arity = "0", order = 92,
      description = "Log each row's steps and the HTTP traffic (redacted), and the stack trace of an internal"
          + " error, on stderr.")
  void verbose(boolean[] given) {
    output.verbose(given);
  }

  public BatchCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    Secrets secrets = new Secrets(ctx);
    checkOptions();
    Credentials.validate(secrets, tenant, null, null);
    String password = passwordFile == null ? null : secrets.readFile("--password-file", passwordFile);
    Path journalPath = journal != null ? journal : Journal.defaultPath(Path.of(file));
    // What the run writes holds secrets (the journal mfa_tokens and codes): never where every user can write.
    SecureFiles.checkPrivateDirectory("--journal", journalPath);
    if (recoveryCodesFile != null) {
      SecureFiles.checkPrivateDirectory("--recovery-codes-file", recoveryCodesFile);
    }
    if (secretsFile != null) {
      SecureFiles.checkPrivateDirectory("--secrets-file", secretsFile);
    }
    PasswordSource passwords = passwordFile == null ? PasswordSource.ROWS : PasswordSource.FILE;

    try (BatchInput in = open(journalPath)) {
      BatchInput.Check check = check(in, passwords);
      RowCodes rowCodes = rowCodes(check);
      if (check.appRows() > 0 && secretsFile == null) {
        throw Failure.usage(in.name() + " has " + check.appRows() + " authenticator_app "
            + (check.appRows() == 1 ? "row" : "rows") + ", whose secrets must be kept: add --secrets-file FILE");
      }
      RequestPacer pacer = rate == null ? RequestPacer.learning() : RequestPacer.startingAt(rate);
      try (Session session = Session.open(ctx, tenant, false, output, secrets, null, pacer);
          // Everything the run writes is opened before anything is sent: one that cannot be used is bad input.
          Journal j = Journal.open(journalPath, new Journal.Binding(in.name(), check.sha256(), session.baseUrl(),
              session.client().clientId()), ctx.clock());
          RecoveryCodesFile recovery = RecoveryCodesFile.open(recoveryCodesFile);
          SecretsFile appSecrets = secretsFile == null ? null : SecretsFile.open(secretsFile)) {
        return run(in, check, passwords, session, j, rowCodes, recovery, appSecrets, password);
      }
    } catch (BadInput e) {
      throw Failure.usage(e.prose(), e.command());
    }
  }

  /** The options alone, before any file is read. */
  private void checkOptions() {
    if (parallel < 1 || parallel > MAX_PARALLEL) {
      throw Failure.usage("--parallel must be between 1 and " + MAX_PARALLEL + " (rows at once); the tenant's rate"
          + " limit, not this, sets the pace");
    }
    if (rate != null && (!(rate > 0) || rate > 100_000 || rate.isInfinite())) {
      throw Failure.usage("--rate must be a number of requests per second above 0, e.g. --rate 25; leave it out to"
          + " learn the tenant's rate");
    }
    int modes = (codeCommand != null ? 1 : 0) + (sendOnly ? 1 : 0) + (codes != null ? 1 : 0);
    if (modes > 1) {
      throw Failure.usage("--code-command, --send-only and --codes conflict: codes come from a command in this run,"
          + " or are sent now and confirmed later with --codes. Keep one");
    }
    if (codeCommand != null && codeCommand.isBlank()) {
      throw Failure.usage("--code-command is empty; give the command that prints a row's code, e.g. ",
          "--code-command 'curl -sfG --data-urlencode \"recipient=$MFA_RECIPIENT\" $URL/sandbox/code'");
    }
    if (file.equals("-") && journal == null) {
      throw Failure.usage("reading stdin (-), the journal has no file to sit beside: name it with --journal FILE,"
          + " and give the same one to resume");
    }
    if (file.equals("-") && tenant.clientSecret != null) {
      throw Failure.usage("the input (-) and --client-secret - both read stdin; only one can. Pass"
          + " --client-secret-file FILE instead");
    }
  }

  private BatchInput open(Path journalPath) throws IOException {
    try {
      Path spool = journalPath.toAbsolutePath().getParent();
      return BatchInput.open(file, ctx.stdin(), spool);
    } catch (BadInput e) {
      throw Failure.usage(e.prose(), e.command());
    }
  }

  /** The first pass: every bad row listed, each on its own line; exit 2 when any is bad, unless --skip-invalid. */
  private BatchInput.Check check(BatchInput in, PasswordSource passwords) throws IOException {
    BatchInput.Check check = in.check(passwords, p -> problem(in.name(), p));
    if (check.valid() == 0) {
      throw Failure.usage("every row of " + in.name() + " is bad (listed above), so nothing was sent. Fix "
          + (check.rows() == 1 ? "it" : "them"));
    }
    if (check.invalid() > 0 && !skipInvalid) {
      throw Failure.usage(String.format(Locale.ROOT, "%,d of %,d rows of %s %s bad (listed above), so nothing was"
          + " sent. Fix %s, or add --skip-invalid to enroll the other %,d", check.invalid(), check.rows(), in.name(),
          check.invalid() == 1 ? "is" : "are", check.invalid() == 1 ? "it" : "them", check.valid()));
    }
    return check;
  }

  private void problem(String name, Problem p) {
    ctx.err().println(name + " line " + p.line() + ": " + p.message());
  }

  /** Where the message rows' codes come from; the run needs one as soon as it has such a row. */
  private RowCodes rowCodes(BatchInput.Check check) throws IOException {
    if (codeCommand != null) {
      return RowCodes.command(new CodeCommand(codeCommand, CODE_COMMAND_TIMEOUT, output.verbose
          ? ProcessBuilder.Redirect.INHERIT : ProcessBuilder.Redirect.DISCARD));
    }
    if (sendOnly) {
      return RowCodes.sendOnly();
    }
    if (codes != null) {
      List<Problem> problems = new ArrayList<>();
      CodesFile file = CodesFile.read(codes, p -> {
        problems.add(p);
        problem(codes.toString(), p);
      });
      if (!problems.isEmpty()) {
        throw Failure.usage(problems.size() + " " + (problems.size() == 1 ? "row" : "rows") + " of --codes " + codes
            + (problems.size() == 1 ? " is" : " are") + " bad (listed above), so nothing was sent. Fix them");
      }
      return RowCodes.file(file, codes.toString());
    }
    if (check.messageRows() > 0) {
      throw Failure.usage(String.format(Locale.ROOT, "%,d %s phone, voice or email, whose codes must come from"
          + " somewhere: add --code-command CMD (it prints a row's code), or --send-only now and --codes CODES.csv"
          + " later", check.messageRows(), check.messageRows() == 1 ? "row enrolls" : "rows enroll"));
    }
    return RowCodes.sendOnly();
  }

  private int run(BatchInput in, BatchInput.Check check, PasswordSource passwords, Session session, Journal j,
      RowCodes rowCodes, RecoveryCodesFile recovery, SecretsFile appSecrets, String password)
      throws IOException, InterruptedException {
    Errors errors = new Errors(ctx);
    String realmName = session.settings().value(Key.REALM, realm);
    try (BatchOutput out = new BatchOutput(ctx, output.json, check.valid())) {
      AtomicBoolean ctrlC = new AtomicBoolean();
      BatchRun.Options options = new BatchRun.Options(session.client(), j, rowCodes, appSecrets, recovery, password,
          realmName, resendUnknown, resendExpired, parallel, ctx.clock(),
          row -> output.verbose ? progress(out, "line " + row.line() + " (" + row.username() + "): ")
              : Progress.silent(), errors::describe, out::alert, ctrlC::get);
      String skipped = check.invalid() == 0 ? "" : String.format(Locale.ROOT, " (%,d bad %s skipped)",
          check.invalid(), check.invalid() == 1 ? "one" : "ones");
      String resuming = j.created() ? "" : String.format(Locale.ROOT, " (resuming: it records %,d %s)",
          j.state().rows(), j.state().rows() == 1 ? "row" : "rows");
      ctx.err().println(String.format(Locale.ROOT, "mfa batch: %,d %s of %s%s; journal %s%s.", check.valid(),
          check.valid() == 1 ? "row" : "rows", in.name(), skipped, j.path(), resuming));
      ctx.err().flush();
      out.start();
      Throwable stop;
      // Ctrl-C: no new row starts, the rows in flight finish (their code commands do not see it), the summary says
      // where the run stopped. A second Ctrl-C ends the process at once, the journal keeping what was done.
      try (BatchInput.Rows rows = in.rows(passwords, out::invalid);
          CtrlC stopping = CtrlC.once(() -> {
            ctrlC.set(true);
            out.alert("stopping: no new row starts, the rows in flight finish (Ctrl-C again to stop at once; the"
                + " journal keeps what was done)");
          })) {
        stop = BatchRun.run(options, rows, out);
      }
      out.summary(notes(in, check, out, j, stop, ctrlC.get()));
      if (stop instanceof BatchRun.Stopped s) {
        throw s.reason();
      }
      if (stop instanceof UncheckedIOException u && u.getCause() instanceof OutputFileFailed f) {
        throw new Failure(ExitCode.INTERNAL, f.getMessage() + ". The batch stopped, and the journal keeps what was"
            + " done: make room, then run the same command again");
      }
      if (stop instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (stop instanceof InputChanged c) {
        throw new Failure(ExitCode.SOME_ROWS_FAILED, c.getMessage());
      }
      if (stop instanceof BadInput b) {
        throw new Failure(ExitCode.INTERNAL, b.getMessage());
      }
      if (stop instanceof RuntimeException r) {
        throw r;
      }
      if (stop != null) {
        // An Error on a row's thread (a bug): reported as an internal error, after the summary of what was done.
        throw new IllegalStateException("a row stopped the batch with " + stop, stop);
      }
      if (ctrlC.get()) {
        return ExitCode.STOPPED;
      }
      return out.allSucceeded() ? ExitCode.OK : ExitCode.SOME_ROWS_FAILED;
    }
  }

  /** Lines of the flows about one row ({@code --verbose}), named after it. */
  private static Progress progress(BatchOutput out, String prefix) {
    return new Progress() {
      @Override
      public void info(String line) {
        out.progress(prefix + line);
      }

      @Override
      public void warn(String line) {
        out.progress(prefix + "@|yellow " + line + "|@");
      }
    };
  }

  /** What to do next, and where the files are. */
  private List<String> notes(BatchInput in, BatchInput.Check check, BatchOutput out, Journal j,
      Throwable stop, boolean ctrlC) {
    List<String> notes = new ArrayList<>();
    long left = check.valid() - out.done();
    if ((stop != null || ctrlC) && left > 0) {
      notes.add(String.format(Locale.ROOT, "%s: %,d %s not run. Run the same command again to go on (the journal"
          + " keeps what was done).", stop == null ? "Stopped with Ctrl-C" : "Stopped early", left,
          left == 1 ? "row was" : "rows were"));
    }
    long sent = out.count(RowStatus.SENT);
    if (sent > 0) {
      notes.add(String.format(Locale.ROOT, "%,d %s for %s codes: confirm them within 5 minutes of sending with mfa"
          + " batch %s --codes CODES.csv (a header username,code, then one row per user).", sent,
          sent == 1 ? "row waits" : "rows wait", sent == 1 ? "its" : "their", in.fromStdin() ? "-" : in.name()));
    }
    long unknownApps = out.unknownApps();
    long unknownMessages = out.count(RowStatus.OUTCOME_UNKNOWN) - unknownApps;
    if (unknownMessages > 0) {
      notes.add(String.format(Locale.ROOT, "%,d %s a message that was never answered (outcome_unknown); not sent"
          + " again: check with mfa authenticators list, or run again with --resend-unknown.", unknownMessages,
          unknownMessages == 1 ? "row may have been sent" : "rows may have been sent"));
    }
    if (unknownApps > 0) {
      notes.add(String.format(Locale.ROOT, "%,d authenticator-app %s never answered (outcome_unknown): run again to"
          + " associate %s anew (that sends nothing).", unknownApps, unknownApps == 1 ? "row's association was"
          : "rows' associations were", unknownApps == 1 ? "it" : "them"));
    }
    long lost = out.recoveryCodesLost();
    if (lost > 0) {
      notes.add(String.format(Locale.ROOT, "%,d %s enrolled, but %s recovery code was shown by an earlier"
          + " association whose answer was lost, and nobody holds it: an administrator must regenerate %s.", lost,
          lost == 1 ? "user is" : "users are", lost == 1 ? "the" : "each one's", lost == 1 ? "it" : "them"));
    }
    long failed = out.count(RowStatus.FAILED);
    if (failed > 0) {
      notes.add(String.format(Locale.ROOT, "%,d %s: each result says why; the same command run again retries what"
          + " can be retried.", failed, failed == 1 ? "row failed" : "rows failed"));
    }
    notes.add("Recovery codes: " + recoveryCodesFile + (secretsFile == null ? "" : "; app secrets: " + secretsFile)
        + "; journal: " + j.path() + ".");
    return notes;
  }
}
