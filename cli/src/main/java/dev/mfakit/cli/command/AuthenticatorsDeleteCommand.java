package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.DeleteFlow;
import dev.mfakit.cli.io.SecretOption;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.output.DeletedJson;
import dev.mfakit.cli.output.Output;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.PasswordSignIn;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code mfa authenticators delete ID}: needs an access token for the {@code /mfa/} API with
 * {@code remove:authenticators}; without one, signs in for it, which always requires MFA.
 */
@Command(name = "delete",
    customSynopsis = "mfa authenticators delete ID [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Delete an authenticator. The tenant deletes its twins with it (sms and voice of one phone, push and"
            + " its authenticator-app codes); when signing in, mfa names them. An id the user does not have"
            + " fails before any code is sent.",
        "Needs an access token for the /mfa/ API with remove:authenticators: --access-token-file FILE,"
            + " --access-token - or MFA_ACCESS_TOKEN; else signs in for one, which always asks for a second"
            + " factor."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa authenticators delete 'sms|dev_AbC123' --username jane@example.com",
        "  mfa authenticators delete 'sms|dev_AbC123' --access-token-file at.txt --json"})
public final class AuthenticatorsDeleteCommand implements Callable<Integer> {
  // Deleting signs in for an access token; a recovery-code sign-in would need its replacement code handed out.
  private static final String RECOVERY = "--otp CODE or another --authenticator (see mfa authenticators list)";

  private final Context ctx;

  @Parameters(index = "0", paramLabel = "ID", description = "The authenticator id, e.g. 'sms|dev_AbC123'.")
  String id;

  @Option(names = "--access-token", paramLabel = "-", order = 1,
      description = "Read the access token from stdin ('-'). Env: MFA_ACCESS_TOKEN.")
  String accessToken;

  @Option(names = "--access-token-file", paramLabel = "FILE", order = 2,
      description = "Read the access token from FILE (mode 600).")
  Path accessTokenFile;

  @Option(names = "--authenticator", paramLabel = "ID", order = 3,
      description = "When signing in: challenge this authenticator (default: your first active one).")
  String authenticatorId;

  @ArgGroup(exclusive = true, order = 4, heading = "%nSecond factor, when signing in (optional):%n")
  OtpOption answer;

  @Mixin TenantOptions tenant;
  @Mixin SandboxRefusedOption sandbox;
  @Mixin SignInOptions signIn;
  @Mixin OutputOptions output;

  public AuthenticatorsDeleteCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    sandbox.check("mfa authenticators delete");
    Output out = new Output(ctx, output.json);
    Secrets secrets = new Secrets(ctx);
    AuthenticatorIds.check("ID", id);
    if (authenticatorId != null) {
      AuthenticatorIds.checkChallengeable("--authenticator", authenticatorId, RECOVERY);
    }
    String otpCode = answer == null ? null : answer.otp();
    SecretOption access = accessToken();
    access.check(secrets);
    boolean tokenGiven = access.given();
    if (tokenGiven && signIn.requested()) {
      throw Failure.usage("--access-token/--access-token-file and --username/--password conflict: either use a"
          + " token or sign in. Drop one of them");
    }
    Credentials.validate(secrets, tenant, signIn, null);
    boolean interactive = output.canAsk(secrets);
    boolean envToken = !signIn.requested() && access.readEnv(secrets) != null;
    // --otp and --authenticator only steer a sign-in; with a token they would be silently ignored.
    String signInOnly = otpCode != null ? "--otp" : authenticatorId != null ? "--authenticator" : null;
    if (signInOnly != null && tokenGiven) {
      throw Failure.usage((accessToken != null ? "--access-token" : "--access-token-file") + " and " + signInOnly
          + " conflict: " + signInOnly + " is only used when signing in. Drop one of them");
    }
    if (signInOnly != null && envToken) {
      throw Failure.usage(signInOnly + " is only used when signing in, but MFA_ACCESS_TOKEN is set and would be"
          + " used instead. Unset it, or pass --username to sign in");
    }
    if (!tokenGiven && !envToken && otpCode == null && !interactive) {
      throw Failure.usage("no access token, and " + output.whyNotAsk(secrets, "a code") + " (signing in for the MFA"
          + " API always asks for a second factor). Pass --access-token-file FILE, MFA_ACCESS_TOKEN, or --otp CODE");
    }

    try (Session session = Session.open(ctx, tenant, false, output, secrets, null)) {
      MfaClient client = session.client();
      AccessToken token = givenToken(session, secrets);
      CodeSource codes = token != null ? null
          : Codes.source(output, secrets, out, null, "Run the command again for a new code", null);
      DeleteFlow flow = new DeleteFlow(client, codes, out, ctx.clock());
      DeleteFlow.Deleted deleted;
      if (token != null) {
        deleted = flow.delete(token, id);
      } else {
        // Without --otp, call() made sure a code can be asked for.
        PasswordSignIn request = Credentials.passwordSignIn(session, signIn, interactive, secrets,
            client.mfaAudience(), "remove:authenticators", Credentials.GIVE_ACCESS_TOKEN);
        deleted = flow.signInAndDelete(new DeleteFlow.SignIn(request, otpCode, authenticatorId, RECOVERY), id);
      }
      List<String> twins = deleted.twins();
      out.result("Deleted " + id + (twins.isEmpty() ? "" : " (and its " + (twins.size() == 1 ? "twin " : "twins ")
          + String.join(", ", twins) + ")") + ".");
      if (output.json) {
        out.printJson(new DeletedJson(deleted.all()).toJson());
      }
      return ExitCode.OK;
    }
  }

  private SecretOption accessToken() {
    return new SecretOption("--access-token", accessToken, accessTokenFile, "MFA_ACCESS_TOKEN");
  }

  /** The access token given (stdin, file, else MFA_ACCESS_TOKEN unless signing in is asked for), or null. */
  private AccessToken givenToken(Session session, Secrets secrets) {
    Sourced s = accessToken().readGiven(secrets);
    if (!signIn.requested()) {
      s = session.settings().get(Key.ACCESS_TOKEN, s);
    }
    if (s == null) {
      return null;
    }
    try {
      return AccessToken.of(s.value().strip());
    } catch (IllegalArgumentException e) {
      throw Failure.usage(s.source() + ": not an access token (it has spaces or control characters). Check the"
          + " value");
    }
  }
}
