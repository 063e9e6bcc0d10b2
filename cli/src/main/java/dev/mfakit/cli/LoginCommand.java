package dev.mfakit.cli;

import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mfa login}: sign in with a password, passing MFA when the tenant asks for it. */
@Command(name = "login",
    customSynopsis = "mfa login [-u NAME] [--otp CODE | --recovery-code [-]] [--state FILE] [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Sign in with a password. When the tenant asks for MFA: challenge your factor and ask for the code"
            + " (or use --otp / --recovery-code), or save the mfa_token with --state FILE for later steps.",
        "",
        "Tokens are printed only with --json or written with --token-file."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa login --username jane@example.com",
        "  mfa login --username jane@example.com --password-file pw --no-input --state s.json",
        "  mfa login --username jane@example.com --recovery-code"})
final class LoginCommand implements Callable<Integer> {
  private static final String RECOVERY = "mfa login --recovery-code";

  private final Context ctx;

  @ArgGroup(exclusive = true, order = 1, heading = "%nSecond factor (optional):%n")
  AnswerOptions answer;

  @Option(names = "--authenticator", paramLabel = "ID", order = 2,
      description = "Challenge this authenticator (default: your first active one).")
  String authenticatorId;

  @Option(names = "--state", paramLabel = "FILE", order = 3,
      description = "When MFA is required, save the mfa_token to FILE (mode 600) for mfa challenge/verify/"
          + "associate --state FILE, and stop.")
  Path state;

  @Mixin OutputFiles files;
  @Mixin TenantOptions tenant;
  @Mixin SandboxRefused sandbox;
  @Mixin SignInOptions signIn;
  @Mixin OutputOptions output;

  LoginCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    sandbox.check("mfa login");
    Output out = new Output(ctx, output);
    Secrets secrets = new Secrets(ctx);
    boolean interactive = output.canAsk(ctx);

    String otp = answer == null ? null : answer.otp();
    String recoveryOption = answer == null ? null : answer.recoveryCode;
    if (recoveryOption != null) {
      RecoveryCodes.checkOption(recoveryOption, output, ctx, secrets);
    }
    if (authenticatorId != null) {
      AuthenticatorIds.checkChallengeable("--authenticator", authenticatorId, RECOVERY);
    }
    Credentials.validate(secrets, tenant, signIn, null);
    if (state != null && (answer != null || authenticatorId != null || files.tokenFile != null
        || files.recoveryCodeFile != null)) {
      throw Failure.usage("--state saves the mfa_token and stops, so --otp/--recovery-code/--authenticator/"
          + "--token-file/--recovery-code-file have nothing to do. Drop one of them");
    }
    if (files.recoveryCodeFile != null && recoveryOption == null) {
      throw Failure.usage("--recovery-code-file needs --recovery-code: only a recovery-code sign-in hands out a"
          + " new recovery code. Drop --recovery-code-file");
    }
    if (state != null) {
      SecureFiles.checkWritable("--state", state);
    }
    files.checkWritable();

    try (Session session = Session.open(ctx, tenant, false, output, secrets, null)) {
      Codes codes = new Codes(ctx, out, output, session.sandbox(), "To finish later, start with mfa login --state"
          + " FILE and mfa challenge --state FILE, then run mfa verify --state FILE --code CODE");
      PasswordSignIn request = Credentials.passwordSignIn(ctx, session, signIn, interactive, secrets, null, null);
      String recoveryCode = recoveryOption == null ? null : RecoveryCodes.read(recoveryOption, ctx, secrets);
      MfaClient client = session.client();

      out.info("Signing in as " + request.username() + "...");
      SignInResult result = client.signIn(request);
      Map<String, Object> json = new LinkedHashMap<>();
      if (result instanceof Tokens tokens) {
        json.put("mfa_required", false);
        out.result("Signed in (no MFA required).");
        out.tokens(tokens, files.tokenFile, json);
        return done(out, json);
      }
      MfaRequired required = (MfaRequired) result;
      json.put("mfa_required", true);
      if (state != null) {
        State.signedIn(required.mfaToken().value(), required.mfaToken().expiresAt(), session.baseUrl(),
            client.clientId()).write(state);
        json.put("state_file", state.toString());
        json.put("mfa_token_expires_at", State.rfc3339(required.mfaToken().expiresAt()));
        out.result("MFA required; mfa_token saved to " + state + " (valid 10 minutes).");
        return done(out, json);
      }
      Tokens tokens;
      if (otp != null) {
        tokens = client.verifyOtp(required.mfaToken(), otp);
      } else if (recoveryCode != null) {
        tokens = client.verifyRecoveryCode(required.mfaToken(), recoveryCode);
      } else if (codes.available()) {
        tokens = SecondFactor.pass(session, required.mfaToken(), authenticatorId, RECOVERY, codes, out);
      } else {
        throw Failure.refused("MFA required, and " + (output.noInput ? "--no-input allows no prompt for the code"
            : "there is no terminal to type a code in") + ". Rerun with --otp CODE, '--recovery-code -', or --state"
            + " FILE (then mfa challenge and mfa verify)", null);
      }
      out.result("Signed in with MFA.");
      if (recoveryCode != null && tokens.recoveryCode() != null) {
        out.info("That recovery code is now used up; here is its replacement.");
        out.recoveryCodes(List.of(tokens.recoveryCode()), files.recoveryCodeFile, json);
      }
      out.tokens(tokens, files.tokenFile, json);
      return done(out, json);
    }
  }

  private int done(Output out, Map<String, Object> json) {
    if (output.json) {
      out.printJson(json);
    }
    return ExitCode.OK;
  }
}
