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
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.flow.MfaApiAccess;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.Pending;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
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
            + " without sending another code.",
        "",
        "A user who has a factor already adds another (a backup) the same way: mfa passes the existing one first"
            + " (it sends its code, or use --recovery-code), for an access token to the MFA API with scope"
            + " enroll; or give such a token with --access-token-file."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa associate --sandbox --phone +15555550100",
        "  mfa associate --domain acme.us.auth0.com --client-id ID -u jane@acme.com --phone +15551234567",
        "  mfa associate -u jane@acme.com --password-file pw --phone +15551234567 --no-input --state s.json",
        "  mfa associate --state s.json --code 123456",
        "  mfa associate -u jane@acme.com --voice +15557654321        (a backup, after her first factor)"})
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

  @Option(names = "--authenticator", paramLabel = "ID", order = 3,
      description = "When the user has a factor already: challenge this one to pass it first (default: the first"
          + " active one).")
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
    access.check(secrets, signIn);
    checkAddingOptions(secrets);
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
    if (split && (access.given() || access.fromEnvironment(secrets, signIn))) {
      throw Failure.usage("--state cannot keep an enrollment made with an access token (it keeps an mfa_token)."
          + " Run it at a terminal, where the code is asked for, or drop " + (access.given() ? access.option()
          : "MFA_ACCESS_TOKEN"));
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
          ? Codes.source(output, secrets, out, session.sandbox(), "nothing was enrolled. Run the same command again"
              + " for a new code (to split the steps, run mfa sandbox in another terminal and use --domain with its"
              + " URL)", null)
          // (No split hint: adding a factor to a user who has one cannot be split, and this run may be that.)
          : Codes.source(output, secrets, out, null, "nothing was enrolled. Run the same command again for a new"
              + " code", null);
      EnrollFlow.Until until = split ? EnrollFlow.Until.ASSOCIATED : EnrollFlow.Until.CONFIRMED;
      // An access token given (the user passed their factor elsewhere) goes first: only an enrolled user has one.
      AccessToken accessToken = session.sandbox() != null || token.given() || stateIsSource ? null
          : access.read(session, secrets, signIn, new GivenToken.Need("enroll", session.client().mfaAudience(),
              "adding a factor"), ctx.clock());
      String passWith = recoveryCode == null ? null : RecoveryCodes.read(recoveryCode, secrets);
      // Passing an existing factor needs its code typed now (a split journey keeps no access token).
      boolean mayPassFirst = codes != null && !split;
      EnrollResult result;
      try {
        EnrollFlow flow = new EnrollFlow(session.client(), codes, out);
        if (accessToken != null) {
          result = flow.enroll(accessToken, enrolling, until);
        } else {
          MfaTokenSource source = Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
          if (mayPassFirst) {
            flow.passingFirst(new MfaApiAccess.Passing(null, passWith, authenticatorId, PASS_WITH_RECOVERY),
                ctx.clock());
          }
          result = enrollOrSayHowToAdd(flow, source, enrolling, until, secrets);
        }
      } catch (EnrollmentInterrupted e) {
        handOutBeforeFailing(e, out);
        throw e.failure();
      }
      if (result instanceof EnrollResult.Associated associated) {
        return saveState(session, associated, out);
      }
      EnrollResult.Confirmed confirmed = (EnrollResult.Confirmed) result;
      SignInPresenter presenter = SignInPresenter.enrolled(confirmed, out)
          .recoveryCodes(confirmed.recoveryCodes(), files.recoveryCodeFile);
      if (confirmed.added() != null) {
        presenter.replacementRecoveryCode(confirmed.added().replacementRecoveryCode(), files.recoveryCodeFile);
      }
      return presenter.tokens(confirmed.tokens(), files.tokenFile).deliver(out, output.json, null);
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
      // Nothing can confirm this association now, so it never makes the factor active: its code is not handed out.
      throw new Failure(ExitCode.INTERNAL, "the code was sent, but --state " + token.state + " could not be"
          + " written (" + SecureFiles.reason(e, token.state) + "), so nothing was kept to finish with and nothing"
          + " was enrolled. Fix the path and run the command again");
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
   * --recovery-code-file) only when the factor may be active, marked valid if the enrollment went through; when the
   * tenant refused the confirmation, nothing was enrolled and the failure says so. A recovery code that replaced the
   * one spent to pass the existing factor is valid either way, and always handed out.
   */
  private void handOutBeforeFailing(EnrollmentInterrupted e, Output out) {
    List<String> codes = e.mayBeActive() ? e.recoveryCodes() : List.of();
    if (codes.isEmpty() && e.replacementRecoveryCode() == null) {
      return;
    }
    new SignInPresenter(false, true).factor(e.factor())
        .unconfirmedRecoveryCodes(codes, files.recoveryCodeFile)
        .replacementRecoveryCode(e.replacementRecoveryCode(), files.recoveryCodeFile)
        .printBeforeFailing(out, output.json);
  }

  /**
   * Enrolls; when the user has a factor already and this run cannot pass it (no prompt for its code), says how to add
   * one instead of the tenant's bare "already enrolled".
   */
  private EnrollResult enrollOrSayHowToAdd(EnrollFlow flow, MfaTokenSource source, Factor enrolling,
      EnrollFlow.Until until, Secrets secrets) {
    try {
      return flow.enroll(source, enrolling, until);
    } catch (MfaApiException e) {
      if (e.reason() == ErrorReason.ALREADY_ENROLLED && source instanceof MfaTokenSource.SignIn) {
        throw Failure.refused("this user already has a second factor: adding another passes it first, and "
            + output.whyNotAsk(secrets, "its code") + " (a split journey cannot keep the access token it gives). Run"
            + " it at a terminal without --no-input, or give an access token for the MFA API with scope enroll"
            + " (--access-token-file FILE)", e);
      }
      throw e;
    }
  }

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
