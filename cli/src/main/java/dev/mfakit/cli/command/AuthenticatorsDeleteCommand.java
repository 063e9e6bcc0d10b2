package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.AuthenticatorIds;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.flow.SignInFlow;
import dev.mfakit.cli.io.SecretOption;
import dev.mfakit.cli.io.Secrets;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.Settings.Sourced;
import dev.mfakit.cli.output.DeletedJson;
import dev.mfakit.cli.output.Output;
import dev.mfakit.client.AccessToken;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaClient;
import dev.mfakit.client.MfaException;
import dev.mfakit.client.MfaRequired;
import dev.mfakit.client.MfaToken;
import dev.mfakit.client.PasswordSignIn;
import dev.mfakit.client.SignInResult;
import dev.mfakit.client.Tokens;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
      SignedIn signedIn = null;
      if (token == null) {
        CodeSource codes = Codes.source(output, secrets, out, null, "Run the command again for a new code", null);
        PasswordSignIn request = Credentials.passwordSignIn(session, signIn, interactive, secrets,
            client.mfaAudience(), "remove:authenticators", Credentials.GIVE_ACCESS_TOKEN);
        signedIn = signInForMfaApi(session, request, otpCode, codes, out);
        token = signedIn.accessToken();
      }
      try {
        client.deleteAuthenticator(token, id);
      } catch (MfaApiException e) {
        if (e.reason() == ErrorReason.NOT_FOUND) {
          throw AuthenticatorIds.unknown(id, e);
        }
        throw e;
      }
      List<String> deleted = deleted(client, signedIn);
      List<String> twins = deleted.subList(1, deleted.size());
      out.result("Deleted " + id + (twins.isEmpty() ? "" : " (and its " + (twins.size() == 1 ? "twin " : "twins ")
          + String.join(", ", twins) + ")") + ".");
      if (output.json) {
        out.printJson(new DeletedJson(deleted).toJson());
      }
      return ExitCode.OK;
    }
  }

  /** A sign-in for the MFA API: its access token, and the user's list read with its mfa_token (null if none). */
  private record SignedIn(AccessToken accessToken, MfaToken mfaToken, List<Authenticator> before) {}

  /**
   * What went: {@link #id} first, then the entries the tenant removed with it (sms/voice twins, push and its
   * TOTP). Known only from a list read before: compared with a list read after when the mfa_token still works,
   * else the entries sharing the id's suffix.
   */
  private List<String> deleted(MfaClient client, SignedIn signedIn) {
    List<String> gone = new ArrayList<>(List.of(id));
    if (signedIn == null || signedIn.before() == null) {
      return gone;
    }
    List<Authenticator> after;
    try {
      after = client.listAuthenticators(signedIn.mfaToken());
    } catch (MfaException e) {
      gone.addAll(AuthenticatorIds.twins(signedIn.before(), id));
      return gone;
    }
    Set<String> remaining = new HashSet<>();
    after.forEach(a -> remaining.add(a.id()));
    for (Authenticator a : signedIn.before()) {
      if (!a.id().equals(id) && !remaining.contains(a.id())) {
        gone.add(a.id());
      }
    }
    return gone;
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

  /**
   * Signs in for the /mfa/ API; the tenant always asks for the second factor there. The list is read with the
   * mfa_token first, so an id the user does not have fails before any code is sent.
   */
  private SignedIn signInForMfaApi(Session session, PasswordSignIn request, String otpCode, CodeSource codes,
      Output out) {
    MfaClient client = session.client();
    SignInResult result = new SignInFlow(client, out).signIn(request, " for the MFA API");
    if (result instanceof Tokens t) {
      return new SignedIn(t.accessToken(), null, null);
    }
    MfaToken mfaToken = ((MfaRequired) result).mfaToken();
    List<Authenticator> before = client.listAuthenticators(mfaToken);
    if (before.stream().noneMatch(a -> a.id().equals(id))) {
      throw AuthenticatorIds.unknown(id, null);
    }
    // Without --otp, call() made sure a code can be asked for.
    SecondFactorFlow flow = new SecondFactorFlow(client, codes, out, ctx.clock());
    Tokens tokens = otpCode != null ? flow.withOtp(mfaToken, otpCode)
        : flow.pass(mfaToken, before, authenticatorId, RECOVERY).tokens();
    return new SignedIn(tokens.accessToken(), mfaToken, before);
  }
}
