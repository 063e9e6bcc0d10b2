package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.EnrollFlow;
import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.EnrollmentInterrupted;
import dev.mfakit.cli.flow.Factor;
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.cli.output.SignInPresenter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mfa associate}: the whole enrollment journey, guided or scripted. */
@Command(name = "associate",
    customSynopsis = {"mfa associate (--phone E164 | --voice E164 | --email ADDR) [--state FILE] [OPTIONS]",
        "   or: mfa associate --state FILE --code CODE [OPTIONS]"},
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Enroll a second factor: sign in (or use an mfa_token), send a code, confirm it, and keep the"
            + " recovery code.",
        "",
        "Scripts can split it: --no-input --state FILE stops after the code is sent; then"
            + " mfa verify --state FILE --code CODE (or mfa associate --state FILE --code CODE) finishes it"
            + " without sending another code."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa associate --sandbox --phone +15555550100",
        "  mfa associate --domain acme.us.auth0.com --client-id ID -u jane@acme.com --phone +15551234567",
        "  mfa associate -u jane@acme.com --password-file pw --phone +15551234567 --no-input --state s.json",
        "  mfa associate --state s.json --code 123456"})
public final class AssociateCommand implements Callable<Integer>, SignInAgain.Known {
  private final Context ctx;
  private final SignInAgain again = new SignInAgain("mfa associate");

  @ArgGroup(exclusive = true, multiplicity = "0..1", order = 1,
      heading = "%nFactor (exactly one; with --code it comes from the state file):%n")
  FactorOptions factor;

  @Option(names = "--code", paramLabel = "CODE", order = 2,
      description = "Finish the enrollment pending in --state FILE (from mfa associate --no-input --state FILE)"
          + " with the code it sent; nothing new is sent. A wrong code exits 3 and keeps FILE.")
  String code;

  @Mixin OutputFileOptions files;
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
    Output out = new Output(ctx, output.json);
    Secrets secrets = new Secrets(ctx);

    // Everything is checked before the first request: a wasted SMS cannot be taken back.
    String givenCode = code == null ? null : Codes.sixDigits("--code", code);
    Credentials.validate(secrets, tenant, signIn, token);
    if (givenCode != null) {
      return resume(givenCode, out, secrets);
    }
    if (factor == null) {
      throw Failure.usage("missing required argument: --phone E164, --voice E164 or --email ADDR (or --state FILE"
          + " --code CODE to finish a pending enrollment)");
    }
    Factor enrolling = factor.factor();
    sandbox.checkConflicts(tenant, token.state, signIn, token);
    boolean interactive = output.canAsk(secrets);
    boolean split = token.state != null && !interactive;
    if (!interactive && token.state == null && !sandbox.sandbox) {
      String why = output.whyNotAsk(secrets, "the code");
      String piped = secrets.stdinTakenBy();
      if (piped != null && !output.noInput) {
        throw Failure.usage(why + ": use " + piped + "-file FILE, or split with --no-input --state FILE");
      }
      throw Failure.usage(why + ": pass --state FILE, else the code could never be entered and the "
          + factor.wasted()
          + " would be wasted. Finish later with ", "mfa verify --state FILE --code CODE");
    }
    if (split) {
      SecureFiles.checkWritable("--state", token.state);
    }
    files.checkWritable();
    files.checkRecoveryCodeFileIsNew();
    boolean stateIsSource = token.stateIsSource(signIn);
    if (interactive && token.state != null && !stateIsSource) {
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
          ? Codes.source(output, secrets, out, session.sandbox(), "Run the same command again for a new code (to"
              + " split the steps, run mfa sandbox in another terminal and use --domain with its URL)", null)
          : Codes.source(output, secrets, out, null, "To finish later, start with mfa associate --no-input --state"
              + " FILE, then run ", "mfa verify --state FILE --code CODE");
      MfaTokenSource source = Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
      EnrollResult result;
      try {
        result = new EnrollFlow(session.client(), codes, out).enroll(source, enrolling,
            split ? EnrollFlow.Until.ASSOCIATED : EnrollFlow.Until.CONFIRMED);
      } catch (EnrollmentInterrupted e) {
        handOutBeforeFailing(e.factor(), e.recoveryCodes(), out);
        throw e.failure();
      }
      if (result instanceof EnrollResult.Associated associated) {
        return saveState(session, associated, out);
      }
      EnrollResult.Confirmed confirmed = (EnrollResult.Confirmed) result;
      return SignInPresenter.enrolled(confirmed, out)
          .recoveryCodes(confirmed.recoveryCodes(), files.recoveryCodeFile)
          .tokens(confirmed.tokens(), files.tokenFile)
          .deliver(out, output.json, null);
    }
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
    if (files.recoveryCodeFile != null) {
      throw Failure.usage("--recovery-code-file and --code conflict: the recovery code was handed out when the code"
          + " was sent. Drop --recovery-code-file");
    }
    files.checkWritable();
    StateFile state = StateFile.read(file);
    if (state.oobCode() == null) {
      throw Failure.usage("--code: " + file + " has no pending enrollment. Start one with ",
          "mfa associate --phone E164 --no-input --state " + file);
    }
    if (state.flow() == StateFile.Flow.CHALLENGE) {
      throw Failure.usage("--code: " + file + " holds a sign-in challenge, not an enrollment. Finish it with ",
          "mfa verify --state " + file + " --code CODE");
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

  /** The state file of a split journey: the association waits there for mfa verify --state FILE --code CODE. */
  private int saveState(Session session, EnrollResult.Associated associated, Output out) {
    Pending pending = associated.pending();
    try {
      StateFile.associated(pending, session.baseUrl(), session.client().clientId()).write(token.state);
    } catch (IOException e) {
      handOutBeforeFailing(FactorUsed.of(pending.factor(), null, pending.recipient(), null),
          associated.recoveryCodes(), out);
      throw new Failure(ExitCode.INTERNAL, "the code was sent, but --state " + token.state + " could not be"
          + " written (" + SecureFiles.reason(e, token.state) + "), so nothing was kept to finish with. Fix the"
          + " path and run the command again");
    }
    return new SignInPresenter(false, true)
        .factor(FactorUsed.of(pending.factor(), null, pending.recipient(), false))
        .stateFile(token.state)
        .expiresAt(pending.expiresAt())
        .mfaTokenExpiresAt(pending.mfaToken().expiresAt())
        .line("State saved to " + token.state + ". Finish with: mfa verify --state " + token.state
            + " --code CODE" + (pending.expiresAt() == null ? "" : " (before "
            + Json.time(pending.expiresAt()) + ")") + ".")
        .recoveryCodes(associated.recoveryCodes(), files.recoveryCodeFile)
        .deliver(out, output.json, null);
  }

  /**
   * The run fails after the tenant handed out recovery codes: they reach the user first (printed, or written to
   * --recovery-code-file), marked valid if the enrollment went through.
   */
  private void handOutBeforeFailing(FactorUsed enrolling, List<String> recoveryCodes, Output out) {
    if (!recoveryCodes.isEmpty()) {
      new SignInPresenter(false, true).factor(enrolling)
          .unconfirmedRecoveryCodes(recoveryCodes, files.recoveryCodeFile)
          .printBeforeFailing(out, output.json);
    }
  }
}
