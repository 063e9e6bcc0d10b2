package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.DeleteFlow;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.output.DeletedJson;
import dev.mfakit.cli.output.Output;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.MfaClient;
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
            + " its authenticator-app codes); mfa names them. An id the user does not have fails before any code"
            + " is sent.",
        "Needs an access token for the MFA API (https://DOMAIN/mfa/) with remove:authenticators: without"
            + " --access-token-file FILE, --access-token - or MFA_ACCESS_TOKEN, mfa signs in for one, which always"
            + " asks for your second factor."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa authenticators delete 'sms|dev_AbC123' --username jane@example.com",
        "  mfa authenticators delete 'sms|dev_AbC123' --access-token-file at.json --json"})
public final class AuthenticatorsDeleteCommand implements Callable<Integer> {
  // Deleting signs in for an access token; a recovery-code sign-in would need its replacement code handed out.
  static final String RECOVERY = "--otp CODE or another --authenticator (see mfa authenticators list)";

  private final Context ctx;

  @Parameters(index = "0", paramLabel = "ID", description = "The authenticator id, e.g. 'sms|dev_AbC123'.")
  String id;

  @Mixin AccessTokenOptions token;

  @Option(names = "--authenticator", paramLabel = "ID", order = 3,
      description = "When signing in: challenge this authenticator " + FactorMenu.DEFAULT + ".")
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
    ManageSignIn manage = ManageSignIn.check(ctx, secrets, token, signIn, tenant, output, authenticatorId,
        answer == null ? null : answer.otp(), RECOVERY);

    try (Session session = Session.open(ctx, tenant, false, output, secrets, null)) {
      MfaClient client = session.client();
      AccessToken given = token.read(session, secrets, signIn, new GivenToken.Need("remove:authenticators",
          client.mfaAudience(), "deleting"), ctx.clock());
      DeleteFlow flow = new DeleteFlow(client, given != null ? null : manage.codes(session, out), out, ctx.clock());
      DeleteFlow.Deleted deleted = given != null ? flow.delete(given, id)
          : flow.signInAndDelete(manage.signIn(session), id);
      out.result(DeletedJson.sentence(deleted));
      if (output.json) {
        out.printJson(DeletedJson.of(deleted).toJson());
      }
      return ExitCode.OK;
    }
  }
}
