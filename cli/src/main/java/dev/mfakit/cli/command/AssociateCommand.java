package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.Codes;
import dev.mfakit.cli.flow.Enrolled;
import dev.mfakit.cli.flow.ResumeFlow;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.Mask;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.cli.output.SignInPresenter;
import dev.mfakit.client.Association;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.Enrollment;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.Tokens;
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
  Factor factor;

  /** The factor to enroll; room for {@code --authenticator-app} and {@code --push} later. */
  static final class Factor {
    @Option(names = "--phone", paramLabel = "E164", required = true,
        description = "SMS: text codes to this number, E.164 form, e.g. +15551234567.")
    String phone;

    @Option(names = "--voice", paramLabel = "E164", required = true,
        description = "Voice: codes read out by a phone call to this number.")
    String voice;

    @Option(names = "--email", paramLabel = "ADDR", required = true,
        description = "E-mail: codes sent to this address.")
    String email;

    /** The option given: {@code --phone}, {@code --voice} or {@code --email}. */
    String option() {
      return email != null ? "--email" : voice != null ? "--voice" : "--phone";
    }

    /** Its wire channel: {@code sms}, {@code voice} or {@code email}. */
    String channel() {
      return email != null ? "email" : voice != null ? "voice" : "sms";
    }

    /** The number or address given (unmasked: never printed as is). */
    String recipient() {
      return email != null ? email : voice != null ? voice : phone;
    }

    /** What a code sent and never entered wastes: "SMS", "call", "e-mail". */
    String message() {
      return email != null ? "e-mail" : voice != null ? "call" : "SMS";
    }

    /**
     * The enrollment, validated by the client.
     *
     * @throws Failure (exit 2) naming the option when the number or address is malformed
     */
    Enrollment enrollment() {
      try {
        return email != null ? Enrollment.email(email) : voice != null ? Enrollment.voice(voice)
            : Enrollment.sms(phone);
      } catch (IllegalArgumentException e) {
        if (email != null) {
          throw Failure.usage("--email: " + Session.oneLine(e.getMessage()));
        }
        throw Failure.usage(option() + " must be in E.164 form: '+', country code and number, digits only, e.g. ",
            "+15551234567");
      }
    }
  }

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
    Output out = new Output(ctx, output);
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
    Enrollment enrollment = factor.enrollment();
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
          + factor.message()
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
      again.user(signIn, session).factor(factor.channel())
          .state(token.state, state);
      if (state != null) {
        again.checkNotExpired(state, token.state, ctx.clock());
      }
      // --sandbox refuses --state (its tenant ends with this run), so a split is no way to finish later there.
      Codes codes = session.sandbox() != null
          ? new Codes(out, output, secrets, session.sandbox(), "Run the same command again for a new code (to split the"
              + " steps, run mfa sandbox in another terminal and use --domain with its URL)", null)
          : new Codes(out, output, secrets, null, "To finish later, start with mfa associate --no-input --state FILE,"
              + " then run ", "mfa verify --state FILE --code CODE");
      Credentials.Source source =
          Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
      return new Journey(session, source, enrollment, split, codes, out).run();
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
    if ("challenge".equals(state.flow())) {
      throw Failure.usage("--code: " + file + " holds a sign-in challenge, not an enrollment. Finish it with ",
          "mfa verify --state " + file + " --code CODE");
    }
    if (factor != null) {
      matchesPending(file, state);
    }
    try (Session session = Session.open(ctx, tenant, false, output, secrets, state)) {
      again.user(signIn, session).checkNotExpired(state, file, ctx.clock());
      MfaToken mfaToken = new MfaToken(state.mfaToken(), state.mfaTokenExpiresAt());
      return ResumeFlow.withCode(session, mfaToken, state, file, givenCode, files, out, output.json);
    }
  }

  /** A factor given with {@code --code} must be the one pending in the state file. */
  private void matchesPending(Path file, StateFile state) {
    factor.enrollment(); // a malformed number is still reported as such
    String option = factor.option();
    String masked = Mask.recipient(factor.recipient());
    boolean sameChannel = factor.channel().equals(state.oobChannel());
    if (!sameChannel || (state.recipient() != null && !state.recipient().equals(masked))) {
      throw Failure.usage(option + " " + masked + " is not the enrollment pending in " + file + " ("
          + state.oobChannel() + " to " + state.recipient() + "). Drop " + option + ", or start again with it");
    }
  }

  /** One run of the journey, with its single restarts (new code once, new sign-in once). */
  private final class Journey {
    private final Session session;
    private final MfaClient client;
    private final Credentials.Source source;
    private final Enrollment enrollment;
    private final boolean split;
    private final Codes codes;
    private final Output out;
    private final String masked = Mask.recipient(factor.recipient());
    private boolean phoneNoteShown;
    /** The recovery codes of the newest association that returned any, and whether they reached the user. */
    private List<String> recoveryCodes = List.of();
    private OobChannel recoveryCodesChannel;
    private boolean recoveryCodesHandedOut;

    Journey(Session session, Credentials.Source source, Enrollment enrollment, boolean split, Codes codes,
        Output out) {
      this.session = session;
      this.client = session.client();
      this.source = source;
      this.enrollment = enrollment;
      this.split = split;
      this.codes = codes;
      this.out = out;
    }

    /**
     * Runs the journey. Once an association returned a recovery code, the code reaches the user on every way out:
     * if the run fails before handing it out (the confirming request's outcome unknown, a 5xx, no code entered...),
     * it is printed (or written to --recovery-code-file) first, marked valid if the enrollment went through.
     */
    int run() throws IOException {
      try {
        return journey();
      } catch (RuntimeException e) {
        if (!recoveryCodes.isEmpty() && !recoveryCodesHandedOut) {
          recoveryCodesHandedOut = true;
          new SignInPresenter(false, true).authenticator(null, AuthenticatorType.OOB, recoveryCodesChannel, masked, null)
              .unconfirmedRecoveryCodes(recoveryCodes, files.recoveryCodeFile)
              .printBeforeFailing(out, output.json);
        }
        throw e;
      }
    }

    private int journey() throws IOException {
      boolean signedInHere = source instanceof Credentials.SignIn;
      MfaToken mfaToken = Credentials.obtain(session, source, out, "so nothing was enrolled");
      boolean resent = false;
      boolean signedInAgain = false;
      while (true) {
        Association association;
        Tokens tokens;
        try {
          association = client.associate(mfaToken, enrollment);
          if (!association.recoveryCodes().isEmpty()) {
            recoveryCodes = association.recoveryCodes();
            recoveryCodesChannel = association.oobChannel();
          }
          announce(association);
          if (split) {
            return saveState(mfaToken, association);
          }
          MfaToken t = mfaToken;
          String oobCode = association.oobCode();
          tokens = codes.enter(null, "the 6-digit code", true, c -> client.verifyOob(t, oobCode, c),
              ErrorReason.WRONG_BINDING_CODE);
        } catch (MfaApiException e) {
          if (e.reason() == ErrorReason.OOB_CODE_EXPIRED && !resent) {
            resent = true;
            out.warn("The code expired (codes last 5 minutes); sending a new one.");
            continue;
          }
          if (e.reason() == ErrorReason.MFA_TOKEN_EXPIRED && signedInHere && !signedInAgain) {
            signedInAgain = true;
            out.warn("The sign-in expired (an mfa_token lasts 10 minutes); signing in again.");
            mfaToken = Credentials.obtain(session, source, out, "so nothing was enrolled");
            continue;
          }
          throw e;
        }
        return report(mfaToken, association, tokens);
      }
    }

    private void announce(Association a) {
      out.info("Sent a 6-digit code " + SecondFactorFlow.where(a.oobChannel(), masked) + ".");
      if (!phoneNoteShown && (a.oobChannel() == OobChannel.SMS || a.oobChannel() == OobChannel.VOICE)) {
        phoneNoteShown = true;
        out.info("Note: phone codes are the weakest second factor; an authenticator app is stronger.");
      }
    }

    private int saveState(MfaToken mfaToken, Association a) {
      String channel = a.oobChannel() == null ? null : a.oobChannel().wireName();
      try {
        new StateFile("associate", mfaToken.value(), mfaToken.expiresAt(), session.baseUrl(), client.clientId(),
            a.oobCode(), a.oobCodeExpiresAt(), channel, masked, null, null).write(token.state);
      } catch (IOException e) {
        throw new Failure(ExitCode.INTERNAL, "the code was sent, but --state " + token.state + " could not be"
            + " written (" + SecureFiles.reason(e, token.state) + "), so nothing was kept to finish with. Fix the"
            + " path and run the command again");
      }
      SignInPresenter outcome = new SignInPresenter(false, true)
          .authenticator(null, AuthenticatorType.OOB, a.oobChannel(), masked, false)
          .put("state_file", token.state.toString())
          .put("expires_at", a.oobCodeExpiresAt())
          .put("mfa_token_expires_at", mfaToken.expiresAt())
          .line("State saved to " + token.state + ". Finish with: mfa verify --state " + token.state
              + " --code CODE" + (a.oobCodeExpiresAt() == null ? "" : " (before "
              + StateFile.rfc3339(a.oobCodeExpiresAt()) + ")") + ".");
      recoveryCodesHandedOut = true;
      outcome.recoveryCodes(a.recoveryCodes(), files.recoveryCodeFile);
      return outcome.deliver(out, output.json, null);
    }

    private int report(MfaToken mfaToken, Association association, Tokens tokens) {
      Authenticator a = Enrolled.find(client, mfaToken, association.oobChannel(), out);
      SignInPresenter outcome = new SignInPresenter(true, true);
      Enrolled.describe(a, association.oobChannel(), masked, outcome);
      recoveryCodesHandedOut = true;
      outcome.recoveryCodes(recoveryCodes, files.recoveryCodeFile);
      outcome.tokens(tokens, files.tokenFile);
      return outcome.deliver(out, output.json, null);
    }
  }
}
