package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.DeleteFlow;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.MfaApiAccess;
import dev.mfakit.cli.io.GivenToken;
import dev.mfakit.cli.io.Prompter;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.output.DeletedJson;
import dev.mfakit.cli.output.Output;
import dev.mfakit.cli.output.PrunedJson;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.Bearer;
import dev.mfakit.client.MfaClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code mfa authenticators prune}: removes the entries never confirmed (inactive), which abandoned enrollments leave
 * behind. Shows them and asks (or {@code --yes}); {@code --dry-run} only shows them. Signing in, the list is read
 * before the second factor is passed, so nothing is sent when there is nothing to prune or the answer is no.
 */
@Command(name = "prune",
    customSynopsis = "mfa authenticators prune [--yes | --dry-run] [OPTIONS]",
    mixinStandardHelpOptions = true, sortOptions = false,
    description = {
        "Remove the authenticators that were never confirmed (inactive): leftovers of enrollments that were not"
            + " finished. They block nothing, but clutter the list. Shows them and asks first, unless --yes.",
        "Needs an access token for the MFA API (https://DOMAIN/mfa/) with read:authenticators and"
            + " remove:authenticators: without --access-token-file FILE, --access-token - or MFA_ACCESS_TOKEN, mfa"
            + " signs in for one, which asks for your second factor (after showing what it would remove)."},
    footerHeading = "%nExamples:%n",
    footer = {
        "  mfa authenticators prune --username jane@example.com --dry-run",
        "  mfa authenticators prune --username jane@example.com",
        "  mfa authenticators prune --access-token-file at.json --yes --json"})
public final class AuthenticatorsPruneCommand implements Callable<Integer> {
  private final Context ctx;

  @Option(names = "--yes", order = 1, description = "Remove them without asking.")
  boolean yes;

  @Option(names = "--dry-run", order = 2,
      description = "Show what would be removed, and remove nothing (signing in, no second factor is asked for).")
  boolean dryRun;

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

  public AuthenticatorsPruneCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    sandbox.check("mfa authenticators prune");
    Output out = new Output(ctx, output.json);
    Secrets secrets = new Secrets(ctx);
    if (yes && dryRun) {
      throw Failure.usage("--yes and --dry-run conflict: --dry-run removes nothing. Drop one of them");
    }
    String otp = answer == null ? null : answer.otp();
    if (dryRun && (otp != null || authenticatorId != null)) {
      throw Failure.usage((otp != null ? "--otp" : "--authenticator") + " and --dry-run conflict: --dry-run only"
          + " lists, which needs no second factor. Drop one of them");
    }
    ManageSignIn manage = ManageSignIn.check(ctx, secrets, token, signIn, tenant, output, authenticatorId, otp,
        AuthenticatorsDeleteCommand.RECOVERY, !dryRun, yes || dryRun ? null : "prune asks before it removes"
            + " anything", "Pass --yes to remove without asking, or --dry-run to see what it would remove");

    try (Session session = Session.open(ctx, tenant, false, output, secrets, null)) {
      MfaClient client = session.client();
      String scope = dryRun ? "read:authenticators" : "read:authenticators remove:authenticators";
      AccessToken given = token.read(session, secrets, signIn, new GivenToken.Need(scope, client.mfaAudience(),
          "pruning"), ctx.clock());
      DeleteFlow flow = new DeleteFlow(client, null, out, ctx.clock());
      MfaApiAccess access = new MfaApiAccess(client, given != null ? null : manage.codes(session, out), out,
          ctx.clock());
      DeleteFlow.SignIn how = given != null ? null : manage.signIn(session);
      MfaApiAccess.SignedIn signedIn = null;
      List<Authenticator> list;
      if (given != null) {
        list = flow.listIfAllowed(given);
        if (list == null) {
          throw Failure.refused("this access token may not read the list (it lacks read:authenticators), so"
              + " prune cannot tell what is inactive. Drop it to let mfa sign in for one", null);
        }
      } else {
        signedIn = access.retrying(how.retry()).signIn(access.forMfaApi(how.request(), MfaApiAccess.REMOVE));
        list = signedIn.list();
      }
      List<Authenticator> inactive = DeleteFlow.pruneable(list);
      List<String> ids = inactive.stream().map(Authenticator::id).toList();
      if (inactive.isEmpty()) {
        out.result("Nothing to prune: every authenticator is confirmed.");
        return done(out, ids, List.of());
      }
      show(inactive, out);
      if (dryRun) {
        out.result("Nothing was removed (--dry-run). To remove them, run the same command without --dry-run.");
        return done(out, ids, List.of());
      }
      if (!yes) {
        confirm(secrets.prompter(), inactive.size());
      }
      AccessToken remover = given != null ? given : access.pass(signedIn, how.passing()).accessToken();
      Bearer lister = given != null ? given : signedIn.mfaToken() != null ? signedIn.mfaToken() : remover;
      List<String> deleted = new ArrayList<>();
      for (DeleteFlow.Deleted d : flow.prune(remover, lister, list, inactive)) {
        out.result(DeletedJson.sentence(d));
        deleted.addAll(d.all());
      }
      return done(out, ids, deleted);
    }
  }

  private int done(Output out, List<String> inactive, List<String> deleted) {
    if (output.json) {
      out.printJson(new PrunedJson(inactive, deleted, dryRun).toJson());
    }
    return ExitCode.OK;
  }

  /** The entries to remove, with the tenant's masked name and their twins marked. */
  private void show(List<Authenticator> inactive, Output out) {
    String heading = "Inactive (never confirmed; they do not count as a second factor):";
    List<String> lines = new ArrayList<>();
    int width = inactive.stream().mapToInt(a -> a.id().length()).max().orElse(0);
    List<String> shown = new ArrayList<>();
    for (Authenticator a : inactive) {
      String what = FactorKind.label(a);
      String twinOf = shown.stream().filter(id -> AuthenticatorIds.twins(List.of(a), id).contains(a.id()))
          .findFirst().map(id -> "  (twin of " + id + ")").orElse("");
      lines.add("  " + String.format("%-" + width + "s", a.id()) + "  " + what + twinOf);
      shown.add(a.id());
    }
    if (dryRun) {
      out.result(heading);
      lines.forEach(out::result);
    } else {
      out.info(heading);
      lines.forEach(out::info);
    }
  }

  /** Asks; anything but yes (Ctrl-C, Ctrl-D and an empty answer included) removes nothing. */
  private static void confirm(Prompter prompter, int count) {
    String answer = prompter.readLine("Remove " + (count == 1 ? "it" : "these " + count) + "? [y/N] ");
    String a = answer == null ? "" : answer.strip().toLowerCase(Locale.ROOT);
    if (!a.equals("y") && !a.equals("yes")) {
      throw Failure.refused("nothing was removed (not confirmed). Run again and answer y, or pass --yes", null);
    }
  }
}
