package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.EnrollFlow;
import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.EnrollmentInterrupted;
import dev.mfakit.cli.flow.Factor;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.flow.MfaApiAccess;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.flow.ResumeFlow;
import dev.mfakit.cli.flow.Scan;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.PromptedCodes;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.ScanPresenter;
import dev.mfakit.cli.output.Shell;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mfa associate}: the whole enrollment journey, guided or scripted. */
@Command(name = "associate",
    customSynopsis = {"mfa associate (--phone E164 | --voice E164 | --email ADDR | --authenticator-app | --push)"
        + " [--state FILE] [OPTIONS]",
        "   or: mfa associate --state FILE --code CODE [OPTIONS]"},
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Enroll a second factor: sign in (or use an mfa_token), send a code (or show a QR code to scan), confirm"
            + " it, and keep the recovery code. At the code prompt, r sends a new code (once the last had 30 s to"
            + " arrive; the unconfirmed entry of the one before stays until mfa authenticators prune).",
        "",
        "Scripts can split it: --no-input --state FILE stops after the code is sent (or the QR code is out); then"
            + " mfa verify --state FILE --code CODE (--otp CODE for an authenticator app, --push to wait for the"
            + " approval) finishes it without sending another.",
        "",
        "A user who has a factor already adds another (a backup) the same way: mfa passes the existing one first"
            + " (its code or push, or use --recovery-code), for an access token to the MFA API with scope enroll;"
            + " or give such a token with --access-token-file, and a script splits that enrollment the same way"
            + " (--no-input --state FILE keeps the token, which confirms it)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa associate --sandbox --phone +15555550100",
        "  mfa associate --sandbox --authenticator-app",
        "  mfa associate --domain acme.us.auth0.com --client-id ID -u jane@acme.com --phone +15551234567",
        "  mfa associate -u jane@acme.com --password-file pw --phone +15551234567 --no-input --state s.json",
        "  mfa associate --state s.json --code 123456",
        "  mfa associate -u svc@acme.com --password-file pw --authenticator-app --secret-file totp.txt --no-input"
            + " --state s.json",
        "  mfa verify --state s.json --otp $(mfa otp --secret-file totp.txt)",
        "  mfa associate -u jane@acme.com --voice +15557654321        (a backup, after her first factor)"})
public final class AssociateCommand implements Callable<Integer>, SignInAgain.Known {
  private final Context ctx;
  private final SignInAgain again = new SignInAgain("mfa associate");

  @ArgGroup(exclusive = true, multiplicity = "0..1", order = 1,
      heading = "%nFactor (exactly one; with --code it comes from the state file):%n")
  FactorOptions factor;

  @Option(names = "--qr-file", paramLabel = "FILE", order = 3,
      description = "With --authenticator-app or --push: write the QR code to FILE (.png or .svg, mode 600; it holds"
          + " the secret) instead of drawing it. Delete it once scanned. FILE must not exist.")
  Path qrFile;

  @Option(names = "--secret-file", paramLabel = "FILE", order = 4,
      description = "With --authenticator-app: write the TOTP secret to FILE (mode 600, base32 on one line, as"
          + " oathtool -b reads it), for an account a script must keep able to sign in; mfa otp --secret-file FILE"
          + " prints its codes. FILE must not exist.")
  Path secretFile;

  @Option(names = "--code", paramLabel = "CODE", order = 2,
      description = "Finish the enrollment pending in --state FILE (from mfa associate --no-input --state FILE)"
          + " with the code it sent; nothing new is sent. A wrong code exits 3 and keeps FILE.")
  String code;

  @Option(names = "--authenticator", paramLabel = "ID", order = 3,
      description = "When the user has a factor already: challenge this one to pass it first " + FactorMenu.DEFAULT
          + ".")
  String authenticatorId;

  @Option(names = "--recovery-code", paramLabel = "-", arity = "0..1", fallbackValue = "", order = 4,
      description = "When the user has a factor already: pass it with a recovery code instead (alone: a no-echo"
          + " prompt; '-': stdin). Its replacement is handed out like a new one.")
  String recoveryCode;

  @Mixin OutputFileOptions files;
  @Mixin AccessTokenOptions access;
  @Mixin TenantOptions tenant;
  @Mixin SandboxOption sandbox;
  @Mixin SignInOptions signIn;
  @Mixin MfaTokenOptions token;
  @Mixin OutputOptions output;

  public AssociateCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public SignInAgain signInAgain() {
    return again;
  }

  @Override
  public Integer call() throws IOException {
    Output out = new Output(ctx, output.json).liveStatus(!output.verbose);
    Secrets secrets = new Secrets(ctx);

    // Everything is checked before the first request: a wasted SMS cannot be taken back.
    String givenCode = code == null ? null : Codes.sixDigits("--code", code);
    Credentials.validate(secrets, tenant, signIn, token);
    if (givenCode != null) {
      return resume(givenCode, out, secrets);
    }
    if (factor == null) {
      throw Failure.usage("missing required argument: --phone E164, --voice E164, --email ADDR, --authenticator-app"
          + " or --push (or --state FILE --code CODE to finish a pending enrollment)");
    }
    checkScanFiles();
    Factor enrolling = factor.factor();
    sandbox.checkConflicts(tenant, token.state, signIn, token);
    access.check(secrets, signIn);
    checkAddingOptions(secrets);
    boolean interactive = output.canAsk(secrets);
    boolean split = token.state != null && !interactive;
    // A push waited for at the prompt may keep its state: Ctrl-C leaves it for mfa verify --state FILE --push.
    boolean pushKept = factor.push && interactive && token.state != null;
    if (!interactive && token.state == null && !sandbox.sandbox) {
      throw cannotFinish(secrets);
    }
    if (split && factor.scanned() && qrFile == null && secretFile == null && !output.json) {
      throw Failure.usage(factor.option() + " with " + (output.noInput ? "--no-input" : "no terminal") + ": the QR"
          + " code is drawn only for a person at a prompt, so nothing would show it. Add --qr-file FILE"
          + (factor.authenticatorApp ? ", --secret-file FILE" : "") + " or --json");
    }
    if (split || pushKept) {
      SecureFiles.checkPrivateWritable("--state", token.state);
    }
    // The replacement of a recovery code spent to pass the existing factor may replace that code in its file.
    files.check(recoveryCode != null);
    // An access token given starts a new enrollment: a state file there is only written (replaced).
    boolean stateIsSource = token.stateIsSource(signIn) && !access.given();
    if ((split || pushKept) && !stateIsSource) {
      StateFile.checkReplaceable(token.state, ctx.clock().instant());
    }
    if (interactive && token.state != null && !stateIsSource && !pushKept) {
      // Neither read (no file, or a sign-in given) nor written (the code is typed in this run).
      throw Failure.usage("--state FILE with a prompt does nothing: add --no-input to stop after sending the code,"
          + " or drop --state");
    }
    StateFile state = stateIsSource ? StateFile.read(token.state) : null;

    try (Session session = Session.open(ctx, tenant, sandbox.sandbox, output, secrets, state)) {
      again.user(session.username(signIn)).factor(enrolling.kind()).state(token.state, state);
      if (state != null) {
        again.checkNotExpired(state, token.state, ctx.clock());
      }
      // --sandbox refuses --state (its tenant ends with this run), so a split is no way to finish later there.
      CodeSource codes = session.sandbox() != null
          ? Codes.source(ctx.clock(), output, secrets, out, session.sandbox(), "nothing was enrolled. Run the same"
              + " command again for a new code" + SANDBOX_SPLIT, null, new PromptedCodes.Ending("nothing was enrolled."
              + " Run the same command again" + SANDBOX_SPLIT, null), null)
          // An app's code is not sent: a first factor's enrollment can be split to type it in later (said only at
          // the app's own prompt, and not when this run adds the app to a user who has a factor).
          : factor.authenticatorApp ? Codes.source(ctx.clock(), output, secrets, out, null, "the app was not added."
              + " Run the command again", null, null, new PromptedCodes.Ending("split it: start with mfa associate"
              + " --authenticator-app --secret-file SECRET_FILE --no-input --state FILE, then run ",
              "mfa verify --state FILE --otp CODE"))
          // (No split hint: this run may add a factor to a user who has one, which splits only with an access token.)
          : Codes.source(ctx.clock(), output, secrets, out, null, "nothing was enrolled. Run the same command again"
              + " for a new code", null, new PromptedCodes.Ending("nothing was enrolled. Run the same command again",
              null), null);
      ScanPresenter scans = new ScanPresenter(ctx, out, interactive, qrFile, secretFile);
      if (session.sandbox() != null) {
        scans.then(new SandboxPhone(session.sandbox(), interactive ? secrets.prompter() : null, out));
      }
      out.onScan(scans);
      EnrollFlow.Until until = split || pushKept ? EnrollFlow.Until.ASSOCIATED : EnrollFlow.Until.CONFIRMED;
      // An access token given (the user passed their factor elsewhere) goes first: only an enrolled user has one.
      // A state file of an enrollment made with an access token enrolls with that token again.
      AccessToken accessToken = state != null ? state.accessToken()
          : session.sandbox() != null || token.given() ? null
          : access.read(session, secrets, signIn, new GivenToken.Need("enroll", session.client().mfaAudience(),
              "adding a factor"), ctx.clock());
      String passWith = recoveryCode == null ? null : RecoveryCodes.read(recoveryCode, secrets);
      // Passing an existing factor needs its code typed now (a push kept in --state then keeps the access token it
      // gives); a split journey cannot, so a script gets that access token first (--access-token-file).
      boolean mayPassFirst = codes != null && !split;
      EnrollResult result;
      try {
        EnrollFlow flow = new EnrollFlow(session.client(), codes, out);
        if (accessToken != null) {
          result = flow.enroll(accessToken, enrolling, until);
        } else {
          MfaTokenSource source = Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
          if (mayPassFirst) {
            // Of several factors, the person picks the one to pass, as mfa login offers them.
            flow.passingFirst(new MfaApiAccess.Passing(null, passWith, authenticatorId, PASS_WITH_RECOVERY,
                FactorMenu.picker(secrets.prompter(), "nothing was enrolled (and no code was sent)")), ctx.clock());
          }
          result = enrollOrSayHowToAdd(flow, source, enrolling, until, secrets, session.client().mfaAudience());
        }
      } catch (EnrollmentInterrupted e) {
        handOutBeforeFailing(e, session.sandbox() != null, out, scans::last);
        throw waitEnded(e.failure(), null, true);
      } catch (Failure | MfaApiException e) {
        // A wait stopped here was for the existing factor's push: the enrollment's own is interrupted above.
        throw waitEnded(e, null, false);
      }
      if (result instanceof EnrollResult.Associated associated) {
        return pushKept ? waitKept(session, associated, out, scans::last)
            : saveState(session, associated, out, scans::last);
      }
      EnrollResult.Confirmed confirmed = (EnrollResult.Confirmed) result;
      SignInPresenter presenter = SignInPresenter.enrolled(confirmed, out)
          .recoveryCodes(confirmed.recoveryCodes(), files.recoveryCodeFile);
      if (confirmed.added() != null) {
        presenter.replacementRecoveryCode(confirmed.added().replacementRecoveryCode(), files.recoveryCodeFile);
      }
      return presenter.tokens(confirmed.tokens(), files.tokenFile).scan(scans.last())
          .deliver(out, output.json, null);
    }
  }

  /** Exit 2: this run could not finish the enrollment (no prompt, no --state), so it must not start one. */
  private Failure cannotFinish(Secrets secrets) {
    String piped = secrets.stdinTakenBy();
    if (piped != null && !output.noInput) {
      return Failure.usage(output.whyNotAsk(secrets, "the code") + ": use " + piped + "-file FILE, or split with"
          + " --no-input --state FILE");
    }
    if (factor.push) {
      return Failure.usage("--push with " + (output.noInput ? "--no-input" : "no terminal") + " needs --state FILE:"
          + " the run stops once the QR code is out, and the approval is waited for with ",
          "mfa verify --state FILE --push");
    }
    if (factor.authenticatorApp) {
      return Failure.usage(output.whyNotAsk(secrets, "the app's code") + ": pass --state FILE (with --secret-file"
          + " FILE, --qr-file FILE or --json for the secret), then finish with ", "mfa verify --state FILE --otp CODE");
    }
    return Failure.usage(output.whyNotAsk(secrets, "the code") + ": pass --state FILE, else the code could never be"
        + " entered and the " + factor.wasted() + " would be wasted. Finish later with ",
        "mfa verify --state FILE --code CODE");
  }

  /** {@code --qr-file} and {@code --secret-file}: only for the factors that have them, and only private files. */
  private void checkScanFiles() {
    if (qrFile != null) {
      if (!factor.scanned()) {
        throw Failure.usage("--qr-file goes with --authenticator-app or --push: " + factor.option() + " has no QR code."
            + " Drop --qr-file");
      }
      String name = qrFile.getFileName() == null ? "" : qrFile.getFileName().toString().toLowerCase(Locale.ROOT);
      if (!name.endsWith(".png") && !name.endsWith(".svg")) {
        throw Failure.usage("--qr-file: " + qrFile + " must end in .png or .svg (the format is taken from it), e.g. ",
            "--qr-file qr.png");
      }
      SecureFiles.checkPrivateWritable("--qr-file", qrFile);
      SecureFiles.checkNew("--qr-file", qrFile, "something else (a QR code is never written over a file)");
    }
    if (secretFile != null) {
      if (!factor.authenticatorApp) {
        throw Failure.usage("--secret-file goes with --authenticator-app: " + factor.option() + " has no TOTP secret."
            + " Drop --secret-file");
      }
      SecureFiles.checkPrivateWritable("--secret-file", secretFile);
      SecureFiles.checkNew("--secret-file", secretFile, "another account's secret");
    }
  }

  /**
   * {@code --push --state FILE} at a prompt: the association is kept in FILE, then waited for here; approved, FILE is
   * deleted. Stopped (Ctrl-C), FILE is kept for {@code mfa verify --state FILE --push} (until the push expires), and
   * the push may still be approved; rejected or expired, nothing was enrolled. Either way the recovery code is handed
   * out first, with what it is worth.
   */
  private int waitKept(Session session, EnrollResult.Associated associated, Output out, Supplier<Scan> scan) {
    Pending pending = associated.pending();
    // A recovery code spent to pass the existing factor was replaced: the replacement reaches the user whatever follows.
    String replacement = associated.replacementRecoveryCode();
    writeState(session, associated, out, scan);
    try {
      EnrollResult.Confirmed confirmed = new ResumeFlow(session.client(), out).finishEnrollment(pending, null);
      return SignInPresenter.enrolled(confirmed, out)
          .recoveryCodes(associated.recoveryCodes(), files.recoveryCodeFile)
          .replacementRecoveryCode(replacement, files.recoveryCodeFile)
          .tokens(confirmed.tokens(), files.tokenFile)
          .scan(scan.get())
          .deliver(out, output.json, token.state);
    } catch (RuntimeException e) {
      boolean mayBeActive = EnrollFlow.mayBeActiveAfter(e);
      handOutBeforeFailing(FactorUsed.of(pending.factor(), null, pending.recipient(), mayBeActive ? null : false),
          associated.recoveryCodes(), mayBeActive, replacement, out, scan);
      throw waitEnded(e, pending, true);
    }
  }

  /**
   * A wait for a push that ended without approval, said for an enrollment: stopped (Ctrl-C) with what it leaves (the
   * state file to resume from, or nothing), or rejected on the phone. Any other failure as it is.
   *
   * @param kept the push kept in {@code --state}, or null when nothing was kept
   * @param enrolling whether the wait was for the new push's approval (else for the existing factor's, passed first)
   */
  private RuntimeException waitEnded(RuntimeException e, Pending kept, boolean enrolling) {
    if (e instanceof MfaApiException api && api.reason() == ErrorReason.PUSH_REJECTED) {
      return Failure.refused("the push was rejected in the Guardian app, so nothing was enrolled. Run the command"
          + " again to start over", e);
    }
    if (e instanceof MfaApiException api && api.reason() == ErrorReason.OOB_CODE_EXPIRED && factor.push) {
      return Failure.refused("the QR code expired before the Guardian app approved it (each lasts 5 minutes), so"
          + " nothing was enrolled. Run the command again with the phone at hand", e);
    }
    if (!(e instanceof Failure f) || f.exitCode() != ExitCode.STOPPED) {
      return e;
    }
    if (!enrolling) {
      return new Failure(ExitCode.STOPPED, "stopped waiting for the approval of your existing factor, so nothing was"
          + " enrolled. Run the command again to start over");
    }
    if (kept == null) {
      return new Failure(ExitCode.STOPPED, "stopped waiting for the approval; the push enrollment stays unconfirmed"
          + " (mfa authenticators list shows it inactive). Run the command again to start over");
    }
    return new Failure(ExitCode.STOPPED, "stopped waiting for the approval; " + token.state + " keeps the push"
        + (kept.expiresAt() == null ? "" : " until " + Json.time(kept.expiresAt())) + ". Wait for it again with ",
        "mfa verify --state " + Shell.quote(token.state) + " --push", null);
  }

  /**
   * {@code --state FILE --code CODE}: confirm the enrollment that {@code mfa associate --no-input --state FILE}
   * left pending, exactly as {@code mfa verify --state FILE --code CODE} would. No new association, no new code.
   */
  private int resume(String givenCode, Output out, Secrets secrets) {
    Path file = token.state;
    if (file == null || sandbox.sandbox) {
      throw Failure.usage("--code needs --state FILE from mfa associate --no-input --state FILE; without it the"
          + " code is sent during this run, so answer the prompt");
    }
    Credentials.stateIsTheSignIn(token, signIn);
    if (qrFile != null || secretFile != null) {
      throw Failure.usage((qrFile != null ? "--qr-file" : "--secret-file") + " and --code conflict: the QR code and"
          + " secret were handed out when the enrollment started. Drop " + (qrFile != null ? "--qr-file"
          : "--secret-file"));
    }
    if (files.recoveryCodeFile != null) {
      throw Failure.usage("--recovery-code-file and --code conflict: the recovery code was handed out when the code"
          + " was sent. Drop --recovery-code-file");
    }
    files.check(false);
    StateFile state = StateFile.read(file);
    if (state.flow() == StateFile.Flow.ASSOCIATE && state.factor() == FactorKind.AUTHENTICATOR_APP) {
      throw Failure.usage("--code: " + file + " holds an authenticator-app enrollment, confirmed with the code the app"
          + " shows: ", "mfa verify --state " + Shell.quote(file) + " --otp CODE");
    }
    if (state.flow() == StateFile.Flow.ASSOCIATE && state.factor() == FactorKind.PUSH) {
      throw Failure.usage("--code: " + file + " holds a push enrollment, which has no code: wait for its approval"
          + " with ", "mfa verify --state " + Shell.quote(file) + " --push");
    }
    if (state.oobCode() == null) {
      throw Failure.usage("--code: " + file + " has no pending enrollment. Start one with ",
          "mfa associate --phone E164 --no-input --state " + Shell.quote(file));
    }
    if (state.flow() == StateFile.Flow.CHALLENGE) {
      throw Failure.usage("--code: " + file + " holds a sign-in challenge, not an enrollment. Finish it with ",
          "mfa verify --state " + Shell.quote(file) + " --code CODE");
    }
    if (factor != null) {
      matchesPending(file, state);
    }
    try (Session session = Session.open(ctx, tenant, false, output, secrets, state)) {
      again.user(session.username(signIn)).checkNotExpired(state, file, ctx.clock());
      return PendingStep.finish(session, state, file, givenCode, files, out, output.json);
    }
  }

  /** A factor given with {@code --code} must be the one pending in the state file. */
  private void matchesPending(Path file, StateFile state) {
    Factor given = factor.factor(); // a malformed number is still reported as such
    String option = factor.option();
    String masked = given.recipient();
    String pendingChannel = state.oobChannel() == null ? null : state.oobChannel().wireName();
    if (given.kind().channel() != state.oobChannel()
        || (state.recipient() != null && !state.recipient().equals(masked))) {
      throw Failure.usage(option + " " + masked + " is not the enrollment pending in " + file + " ("
          + pendingChannel + " to " + state.recipient() + "). Drop " + option + ", or start again with it");
    }
  }

  /** The state file of a split journey: the association waits there for mfa verify --state FILE. */
  private int saveState(Session session, EnrollResult.Associated associated, Output out, Supplier<Scan> scan) {
    Pending pending = associated.pending();
    writeState(session, associated, out, scan);
    String before = pending.expiresAt() == null ? "" : " (before " + Json.time(pending.expiresAt()) + ")";
    String finish = switch (pending.factor()) {
      case AUTHENTICATOR_APP -> " --otp CODE (the code the app shows" + (secretFile == null ? ""
          : "; mfa otp --secret-file " + Shell.quote(secretFile) + " prints it") + ")";
      case PUSH -> " --push (it waits for the approval" + (before.isEmpty() ? "" : "; " + before.substring(2));
      default -> " --code CODE" + before;
    };
    return new SignInPresenter(false, true)
        .factor(FactorUsed.of(pending.factor(), null, pending.recipient(), false))
        .stateFile(token.state)
        .expiresAt(pending.expiresAt())
        .mfaTokenExpiresAt(pending.mfaToken() instanceof dev.mfakit.client.MfaToken m ? m.expiresAt() : null)
        .line("State saved to " + token.state + ". Finish with: mfa verify --state " + Shell.quote(token.state)
            + finish + ".")
        .recoveryCodes(associated.recoveryCodes(), files.recoveryCodeFile)
        .scan(scan.get())
        .deliver(out, output.json, null);
  }

  /**
   * Writes the association to {@code --state}; if that fails, the run fails (exit 1). Nothing can confirm the
   * association then, so nothing was enrolled; its recovery code is handed out all the same (the tenant shows it once).
   */
  private void writeState(Session session, EnrollResult.Associated associated, Output out, Supplier<Scan> scan) {
    Pending pending = associated.pending();
    try {
      StateFile.associated(pending, session.baseUrl(), session.client().clientId()).write(token.state);
    } catch (IOException e) {
      handOutBeforeFailing(FactorUsed.of(pending.factor(), null, pending.recipient(), false),
          associated.recoveryCodes(), false, associated.replacementRecoveryCode(), out, scan);
      throw new Failure(ExitCode.INTERNAL, (pending.oobCode() != null && pending.factor() != FactorKind.PUSH
          ? "the code was sent" : "the enrollment started") + ", but --state " + token.state + " could not be"
          + " written (" + SecureFiles.reason(e, token.state) + "), so nothing was kept to finish with and nothing"
          + " was enrolled. Fix the path and run the command again");
    }
  }

  /**
   * The run fails after the tenant handed out recovery codes: they reach the user first, as a successful run hands
   * them out (printed, or written to --recovery-code-file; in --json, its field), whether or not the factor may be
   * active. The tenant shows a user's recovery code with their first association only (docs/protocol.md): a run that
   * dropped it because nothing was enrolled would lose it for good, and the next run would not get it again. The note
   * says what it is worth: valid if the factor is active, else once the first factor is confirmed. A recovery code
   * that replaced the one spent to pass the existing factor is valid either way.
   *
   * @param sandboxRun whether the tenant is this run's in-process sandbox, which ends with the run: its codes are
   *     worth nothing afterwards
   */
  private void handOutBeforeFailing(EnrollmentInterrupted e, boolean sandboxRun, Output out, Supplier<Scan> scan) {
    FactorUsed f = e.factor();
    FactorUsed enrolling = e.mayBeActive() ? f : new FactorUsed(f.id(), f.type(), f.channel(), f.recipient(), false);
    handOutBeforeFailing(enrolling, sandboxRun ? List.of() : e.recoveryCodes(), e.mayBeActive(),
        e.replacementRecoveryCode(), out, scan);
  }

  /**
   * As {@link #handOutBeforeFailing(EnrollmentInterrupted, boolean, Output, Supplier)}, for what the caller knows.
   *
   * @param recoveryCodes the new factor's codes, possibly none
   * @param mayBeActive whether the factor may be active after all (else nothing was enrolled)
   * @param replacement the recovery code that replaced one spent to pass the existing factor, or null
   */
  private void handOutBeforeFailing(FactorUsed enrolling, List<String> recoveryCodes, boolean mayBeActive,
      String replacement, Output out, Supplier<Scan> scan) {
    if (recoveryCodes.isEmpty() && replacement == null) {
      return;
    }
    new SignInPresenter(false, true).factor(enrolling)
        .unconfirmedRecoveryCodes(recoveryCodes, files.recoveryCodeFile, mayBeActive)
        .replacementRecoveryCode(replacement, files.recoveryCodeFile)
        .scan(scan.get())
        .printBeforeFailing(out, output.json);
  }

  /**
   * Enrolls; when the user has a factor already and this run cannot pass it (no prompt for its code, or a push to
   * keep in --state), says how to add one instead of the tenant's bare "already enrolled".
   */
  private EnrollResult enrollOrSayHowToAdd(EnrollFlow flow, MfaTokenSource source, Factor enrolling,
      EnrollFlow.Until until, Secrets secrets, String mfaAudience) {
    try {
      return flow.enroll(source, enrolling, until);
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.ALREADY_ENROLLED && source instanceof MfaTokenSource.SignIn signIn) {
        // Passing the existing factor needs its answer in this run; a script gets the access token first instead.
        throw Failure.refused("this user already has a second factor: adding another passes it first, and "
            + output.whyNotAsk(secrets, "its code") + ". Pass it first for an access token with scope enroll (mfa"
            + " login -u " + Shell.quote(signIn.request().username()) + " --audience " + Shell.quote(mfaAudience)
            + " --scope enroll --token-file at.json; a script splits that with --no-input --state FILE, mfa challenge"
            + " --state FILE and mfa verify --state FILE --code CODE --token-file at.json), then run: ", "mfa associate"
            + " --access-token-file at.json " + enrolling.kind().option() + (token.state == null ? ""
            : " --no-input --state " + Shell.quote(token.state) + scanOutputs()), e);
      }
      throw e;
    }
  }

  /** This run's options that show a split enrollment's QR code (a suggested command needs them too). */
  private String scanOutputs() {
    return (qrFile == null ? "" : " --qr-file " + Shell.quote(qrFile))
        + (secretFile == null ? "" : " --secret-file " + Shell.quote(secretFile)) + (output.json ? " --json" : "");
  }

  /** Why a --sandbox run cannot be split, and how to split one. */
  private static final String SANDBOX_SPLIT = " (to split the steps, run mfa sandbox in another terminal and use"
      + " --domain with its URL)";

  /** How a recovery code passes the existing factor here (for an --authenticator naming the recovery-code entry). */
  private static final String PASS_WITH_RECOVERY = "mfa associate --recovery-code";

  /**
   * Checks the options that say how to pass an existing factor: they steer the sign-in, so a token given would
   * leave them unused.
   */
  private void checkAddingOptions(Secrets secrets) {
    if (authenticatorId != null) {
      AuthenticatorIds.checkChallengeable("--authenticator", authenticatorId, PASS_WITH_RECOVERY);
    }
    if (authenticatorId != null && recoveryCode != null) {
      throw Failure.usage("--recovery-code and --authenticator conflict: --recovery-code passes without a"
          + " challenge, so --authenticator would be ignored. Drop one of them");
    }
    String steer = authenticatorId != null ? "--authenticator" : recoveryCode != null ? "--recovery-code" : null;
    if (steer != null && (access.given() || token.given() || sandbox.sandbox)) {
      String other = access.given() ? access.option() : token.given() ? "--mfa-token/--mfa-token-file" : "--sandbox";
      throw Failure.usage(other + " and " + steer + " conflict: " + steer + " is only used when mfa signs in to"
          + " pass an existing factor. Drop one of them");
    }
    if (recoveryCode != null) {
      RecoveryCodes.checkOption(recoveryCode, output, secrets);
    }
    if (access.given() && token.given()) {
      throw Failure.usage(access.option() + " and --mfa-token/--mfa-token-file conflict: each is a way to enroll."
          + " Drop one of them");
    }
    if (access.given() && sandbox.sandbox) {
      throw Failure.usage("--sandbox and " + access.option() + " conflict: the sandbox has its own tenant and demo"
          + " user. Drop one of them");
    }
  }
}
