package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.MfaTokenSource;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.cli.output.AuthenticatorJson;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.SignInAgain;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.MfaToken;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mfa authenticators list}: every entry the tenant returns, inactive and recovery-code ones included. */
@Command(name = "list",
    customSynopsis = "mfa authenticators list [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "List the user's authenticators: every entry the tenant returns, including inactive ones (never"
            + " confirmed) and the recovery-code entry.",
        "Signs in (listing needs no second factor), or uses an mfa_token (--state, --mfa-token-file, MFA_TOKEN) or"
            + " an access token for the MFA API with read:authenticators (--access-token-file, MFA_ACCESS_TOKEN).",
        "--json prints them as a JSON array with the tenant's field names."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa authenticators list --username jane@example.com",
        "  mfa authenticators list --state s.json --json | jq -r '.[] | select(.active) | .id'",
        "  mfa authenticators list --access-token-file at.json"})
public final class AuthenticatorsListCommand implements Callable<Integer>, SignInAgain.Known {
  private final Context ctx;
  private final SignInAgain again = new SignInAgain("mfa authenticators list");

  @Mixin TenantOptions tenant;
  @Mixin SandboxOption sandbox;
  @Mixin SignInOptions signIn;
  @Mixin MfaTokenOptions token;
  @Mixin AccessTokenOptions access;
  @Mixin OutputOptions output;

  public AuthenticatorsListCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public SignInAgain signInAgain() {
    return again;
  }

  @Override
  public Integer call() {
    Output out = new Output(ctx, output.json);
    Secrets secrets = new Secrets(ctx);
    Credentials.validate(secrets, tenant, signIn, token);
    access.check(secrets, signIn);
    if (access.given() && (token.given() || token.state != null)) {
      throw Failure.usage(access.option() + " and " + (token.state != null ? "--state" : "--mfa-token/--mfa-token-file")
          + " conflict: each is a way to list. Drop one of them");
    }
    if (access.given() && sandbox.sandbox) {
      throw Failure.usage("--sandbox and " + access.option() + " conflict: the sandbox has its own tenant and demo"
          + " user. Drop one of them");
    }
    boolean interactive = output.canAsk(secrets);
    sandbox.checkConflicts(tenant, token.state, signIn, token);
    Credentials.stateIsTheSignIn(token, signIn);
    StateFile state = token.state == null ? null : StateFile.read(token.state);
    try (Session session = Session.open(ctx, tenant, sandbox.sandbox, output, secrets, state)) {
      again.user(session.username(signIn)).state(token.state, state);
      if (state != null) {
        again.checkNotExpired(state, token.state, ctx.clock());
      }
      List<Authenticator> list;
      // An access token given on the command line, else an mfa_token (flags, state, MFA_TOKEN), else
      // MFA_ACCESS_TOKEN, else a sign-in.
      boolean mfaTokenGiven = token.given() || state != null
          || session.settings().get(Key.MFA_TOKEN, (String) null) != null;
      // A state file of an enrollment made with an access token lists with that token (if its scope allows).
      AccessToken accessToken = state != null && state.accessToken() != null ? state.accessToken()
          : access.given() || !mfaTokenGiven && session.sandbox() == null
          ? access.read(session, secrets, signIn, new GivenToken.Need("read:authenticators",
              session.client().mfaAudience(), "listing"), ctx.clock())
          : null;
      if (accessToken != null) {
        list = session.client().listAuthenticators(accessToken);
      } else {
        MfaTokenSource source = Credentials.mfaTokenSource(session, signIn, token, state, interactive, secrets);
        MfaToken mfaToken = new SignInFlow(session.client(), out).mfaToken(source,
            "so there is no mfa_token to list with");
        list = session.client().listAuthenticators(mfaToken);
      }
      if (output.json) {
        out.printJson(list.stream().map(a -> new AuthenticatorJson(a).toJson()).toList());
      } else {
        printTable(out, list);
      }
      return ExitCode.OK;
    }
  }

  private static void printTable(Output out, List<Authenticator> list) {
    if (list.isEmpty()) {
      out.result("No authenticators.");
      return;
    }
    String[] header = {"ID", "TYPE", "CHANNEL", "NAME", "ACTIVE"};
    List<String[]> rows = new ArrayList<>();
    boolean anyInactive = false;
    for (Authenticator a : list) {
      anyInactive |= !a.active();
      rows.add(new String[] {
          a.id(),
          a.authenticatorType() == null ? "" : a.authenticatorType().wireName(),
          a.oobChannel() == null ? "" : a.oobChannel().wireName(),
          a.name() == null ? "" : a.name(),
          a.active() ? "yes" : "no (inactive)"});
    }
    int[] width = new int[header.length];
    for (int i = 0; i < header.length; i++) {
      width[i] = header[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    out.result("@|bold " + row(header, width) + "|@");
    for (String[] r : rows) {
      out.result(row(r, width));
    }
    if (anyInactive) {
      out.info("Inactive entries were never confirmed and do not count as a second factor.");
    }
  }

  private static String row(String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < cells.length; i++) {
      sb.append(i == cells.length - 1 ? cells[i] : String.format("%-" + width[i] + "s  ", cells[i]));
    }
    return sb.toString().stripTrailing();
  }
}
