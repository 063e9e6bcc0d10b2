package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.client.ErrorReason;
import dev.mfakit.client.MfaApiException;
import dev.mfakit.client.MfaDecodingException;
import dev.mfakit.client.MfaNetworkException;
import dev.mfakit.client.MfaOutcomeUnknownException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Turns every failure into one line on stderr, {@code mfa: <what was wrong>. <what to do>}, and its documented
 * exit code. A stack trace only for an internal error (a bug), and only with {@code --verbose}.
 */
public final class Errors implements IExecutionExceptionHandler, IParameterExceptionHandler {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final Context ctx;

  public Errors(Context ctx) {
    this.ctx = ctx;
  }

  /**
   * A classified failure.
   *
   * @param endsWithCommand whether the message ends with a command or example to paste (no full stop after it)
   */
  record Report(int exitCode, String message, boolean endsWithCommand) {
    Report(int exitCode, String message) {
      this(exitCode, message, false);
    }

    static Report of(Failure f) {
      return new Report(f.exitCode(), f.getMessage(), f.command() != null);
    }
  }

  @Override
  public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
    String verb = cmd.getCommandSpec().qualifiedName();
    SignInAgain again = cmd.getCommand() instanceof SignInAgain.Known k ? k.signInAgain() : new SignInAgain(verb);
    Report r = networkFailure(ex) ? PlainHttp.toTls(ctx, parseResult).orElseGet(() -> classify(ex, again))
        : classify(ex, again);
    print(r.message(), r.endsWithCommand());
    // A refusal is explained by its line (and --verbose already showed the exchange); only a failure nobody
    // explained, a bug, gets its stack trace.
    if (verbose(parseResult) && !(ex instanceof Failure) && r.exitCode() == ExitCode.INTERNAL) {
      ex.printStackTrace(ctx.err());
    }
    ctx.err().flush();
    return r.exitCode();
  }

  @Override
  public int handleParseException(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    String help = cmd.getCommandSpec().qualifiedName() + " --help";
    String message;
    if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()) {
      String word = u.getUnmatched().get(0);
      boolean option = word.startsWith("-") && word.length() > 1;
      if (option && word.contains("=")) {
        word = word.substring(0, word.indexOf('='));
      }
      String what = option ? "option" : cmd.getSubcommands().isEmpty() ? "argument" : "command";
      String owner = option && cmd.getParent() == null ? ownerOf(cmd, word, args) : null;
      if (owner != null) {
        // "mfa --domain X associate": a real option, in the wrong place.
        print("options go after the command: " + owner + " " + word + " ... (see mfa --help)", false);
        ctx.err().flush();
        return ExitCode.USAGE;
      }
      message = "unknown " + what + " '" + word + "'";
      String nearest = nearest(word, option ? optionNames(cmd) : new ArrayList<>(cmd.getSubcommands().keySet()));
      if (nearest != null) {
        message += "; did you mean '" + nearest + "'?";
      }
    } else if (givenTwice(ex, args) != null) {
      print(givenTwice(ex, args), false);
      ctx.err().flush();
      return ExitCode.USAGE;
    } else {
      message = lowerFirst(oneLine(ex.getMessage()).replaceFirst("^(?i)error:\\s*", ""));
    }
    print(message + " (" + help + ")", false);
    ctx.err().flush();
    return ExitCode.USAGE;
  }

  /**
   * An option given twice, said in words ("--phone given twice; give one factor option") instead of picocli's "expected
   * only one match but got [--phone=E164 | --voice=E164 | ...]={--phone=+1...} and ..." (an option of an exclusive
   * group) or "option '--state' (FILE) should be specified only once".
   *
   * @return the message, or null when {@code ex} is not about an option given twice
   */
  private static String givenTwice(ParameterException ex, String[] args) {
    CommandLine cmd = ex.getCommandLine();
    OptionSpec twice = null;
    if (ex instanceof CommandLine.OverwrittenOptionException o && o.getOverwritten() instanceof OptionSpec spec) {
      twice = spec;
    } else if (ex instanceof CommandLine.MaxValuesExceededException
        && String.valueOf(ex.getMessage()).contains("expected only one match")) {
      java.util.Map<OptionSpec, Integer> seen = new java.util.HashMap<>();
      for (String a : args) {
        OptionSpec o = a.startsWith("-") ? cmd.getCommandSpec().findOption(a.contains("=")
            ? a.substring(0, a.indexOf('=')) : a) : null;
        if (o != null && seen.merge(o, 1, Integer::sum) == 2 && twice == null) {
          twice = o;
        }
      }
    }
    if (twice == null) {
      return null;
    }
    // mfa associate's factor options are one choice: the second may have been meant instead of the first.
    boolean factor = twice.group() != null && twice.group().heading() != null
        && twice.group().heading().startsWith("%nFactor ");
    return twice.longestName() + " given twice; " + (factor ? "give one factor option" : "give it once") + " ("
        + cmd.getCommandSpec().qualifiedName() + " --help)";
  }

  /**
   * The command an option typed before the verb belongs to: the verb named later on the line when it has the
   * option, else {@code mfa COMMAND} when some verb has it, else null (a plain unknown option).
   */
  private static String ownerOf(CommandLine root, String option, String[] args) {
    CommandLine named = root;
    for (String a : args) {
      CommandLine sub = named.getSubcommands().get(a);
      if (sub != null) {
        named = sub;
      }
    }
    CommandLine owner = findOwner(named, option);
    if (owner != null && named != root) {
      return owner.getCommandSpec().qualifiedName();
    }
    return findOwner(root, option) == null ? null : "mfa COMMAND";
  }

  /** {@code cmd} or its first sub-command (depth first) that has {@code option}, or null. */
  private static CommandLine findOwner(CommandLine cmd, String option) {
    if (cmd.getParent() != null && cmd.getCommandSpec().findOption(option) != null) {
      return cmd;
    }
    for (CommandLine sub : cmd.getSubcommands().values()) {
      CommandLine found = findOwner(sub, option);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static List<String> optionNames(CommandLine cmd) {
    List<String> names = new ArrayList<>();
    for (OptionSpec o : cmd.getCommandSpec().options()) {
      if (!o.hidden()) {
        names.addAll(List.of(o.names()));
      }
    }
    return names;
  }

  /**
   * The candidate closest to a mistyped word, or null when none is close: picocli's own suggestions are loose
   * ("bogus" -> "login"). Close means a few edits for the word's length (1 up to 4 letters, 2 up to 8, else 3),
   * or the word is the start of the candidate ("auth" -> "authenticators").
   */
  public static String nearest(String word, List<String> candidates) {
    String core = word.replaceFirst("^-+", "");
    int allowed = core.length() <= 4 ? 1 : core.length() <= 8 ? 2 : 3;
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = c.startsWith(word) && core.length() >= 3 ? 0 : distance(word, c);
      if (d <= allowed && d < bestDistance) {
        best = c;
        bestDistance = d;
      }
    }
    return best;
  }

  /** Edits (insert, delete, substitute, swap two neighbours) from {@code a} to {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }

  private void print(String message, boolean endsWithCommand) {
    PrintWriter err = ctx.err();
    err.println(Colours.render(ctx.errAnsi(), "@|bold,red mfa:|@ ") + finish(message, endsWithCommand));
  }

  /**
   * Ends a message with a full stop, except after one already there or a closing parenthesis, and never after a
   * command or example the user should paste ("run: chmod 600 pw"): a stop there would be pasted too. Whether the
   * message ends with one is said by whoever wrote it ({@link Failure#command()}), never guessed from the text.
   */
  public static String finish(String message, boolean endsWithCommand) {
    String m = message.isEmpty() ? "failed" : message;
    char last = m.charAt(m.length() - 1);
    if (endsWithCommand || last == '.' || last == '?' || last == '!' || last == ')') {
      return m;
    }
    return m + ".";
  }

  private static boolean verbose(ParseResult parseResult) {
    ParseResult leaf = parseResult;
    while (leaf != null) {
      if (leaf.hasMatchedOption("--verbose")) {
        return true;
      }
      leaf = leaf.subcommand();
    }
    return false;
  }

  /** A failure of the connection to the tenant, said by the client or by a step that explained it (a sign-in). */
  private static boolean networkFailure(Throwable ex) {
    return ex instanceof MfaNetworkException
        || ex instanceof Failure f && f.exitCode() == ExitCode.NETWORK && f.getCause() instanceof MfaNetworkException;
  }

  /**
   * A failure in one line, as a verb would report it, without the {@code mfa:} prefix: the reason of a batch row
   * that failed.
   *
   * @param ex what the client threw
   * @return the message
   */
  public String describe(Throwable ex) {
    return classify(ex, new SignInAgain("mfa batch")).message();
  }

  /**
   * The exit code and message of a failure.
   *
   * @param again how the user of the command that failed gets a new mfa_token, should it have expired
   */
  Report classify(Throwable ex, SignInAgain again) {
    if (ex instanceof Failure f) {
      return Report.of(f);
    }
    if (ex instanceof MfaApiException e) {
      return api(e, again);
    }
    if (ex instanceof MfaOutcomeUnknownException && again.changesNothing()) {
      return new Report(ExitCode.NETWORK, "no answer from the tenant after the request was sent ("
          + networkCause(ex) + "). " + again.verb() + " changes nothing on the tenant, so run it again");
    }
    if (ex instanceof MfaOutcomeUnknownException) {
      return new Report(ExitCode.NETWORK, "no answer from the tenant after the request was sent ("
          + networkCause(ex) + "), so the request may have been applied. Run mfa authenticators list before"
          + " trying again");
    }
    if (ex instanceof MfaNetworkException && certificateRefused(ex)) {
      return new Report(ExitCode.NETWORK, "the tenant's TLS certificate was not accepted (not trusted, expired, or"
          + " for another name), so nothing was sent. For a tenant behind a private CA (mfa sandbox --https), pass"
          + " --ca-file with its CA file; otherwise check the domain");
    }
    if (ex instanceof MfaNetworkException) {
      return new Report(ExitCode.NETWORK, "could not reach the tenant (" + networkCause(ex)
          + "). Check the domain and your network, then try again");
    }
    if (ex instanceof MfaDecodingException e && again.changesNothing()) {
      return new Report(ExitCode.NETWORK, "the tenant answered something unexpected (HTTP " + e.status() + "). "
          + again.verb() + " changes nothing on the tenant, so run it again; --verbose shows the exchange");
    }
    if (ex instanceof MfaDecodingException e) {
      // An answer we cannot read: for a POST we cannot tell whether it was applied.
      return new Report(ExitCode.NETWORK, "the tenant answered something unexpected (HTTP " + e.status()
          + "), so the outcome is unknown. Run mfa authenticators list before trying again");
    }
    if (ex instanceof IOException || ex instanceof UncheckedIOException) {
      IOException io = ex instanceof UncheckedIOException u ? u.getCause() : (IOException) ex;
      return new Report(ExitCode.INTERNAL, SecureFiles.describe(io) + ". Check the path, its permissions and the"
          + " free space");
    }
    return new Report(ExitCode.INTERNAL, "internal error (" + ex.getClass().getSimpleName()
        + (ex.getMessage() == null ? "" : ": " + cap(oneLine(ex.getMessage()))) + "). This is a bug:"
        + " rerun with --verbose and report it");
  }

  private Report api(MfaApiException e, SignInAgain again) {
    if (e.reason() == ErrorReason.RATE_LIMITED) {
      return new Report(ExitCode.RATE_LIMITED, rateLimited(e));
    }
    if (e.reason() == ErrorReason.SERVER_ERROR) {
      // A 5xx says nothing about whether a POST was applied.
      return new Report(ExitCode.NETWORK, "the tenant failed (HTTP " + e.status() + "), so the outcome is"
          + " unknown. Run mfa authenticators list before trying again");
    }
    return switch (e.reason()) {
      case WRONG_CREDENTIALS -> refused("wrong username or password. Check them and try again");
      case WRONG_BINDING_CODE -> refused("that code is not right. Check the newest message and try again");
      case WRONG_OTP -> refused("that code is not right. Use the current code from your authenticator app");
      case WRONG_RECOVERY_CODE -> refused("that recovery code is not right, or was used already (each works once;"
          + " signing in with one gives the next). Check it and try again");
      case MFA_TOKEN_EXPIRED -> Report.of(again.expired(e));
      case MFA_TOKEN_INVALID -> refused("the tenant does not accept this mfa_token (garbled, or from another tenant"
          + " or application). Sign in again for a new one, with the same --domain and --client-id");
      case OOB_CODE_EXPIRED -> Report.of(again.newCode("the code expired (codes last 5 minutes)", e));
      case OOB_CODE_INVALID -> Report.of(again.newCode("the pending code is unknown or already used", e));
      case AUTHORIZATION_PENDING -> refused("the push notification was not approved in time. Try again");
      case PUSH_REJECTED -> refused("the push notification was rejected on the phone. Run the command again for a"
          + " new one, or pick another factor with --authenticator");
      case UNSUPPORTED_CHALLENGE_TYPE -> refused("this user has no authenticator of that type. See ",
          "mfa authenticators list");
      case ASSOCIATION_REQUIRED -> refused("this user has no second factor yet. Enroll one with ", "mfa associate");
      case ALREADY_ENROLLED -> refused("this user already has an active second factor, so an mfa_token cannot"
          + " enroll another. Let mfa associate sign in (drop --mfa-token, --state or MFA_TOKEN): it passes the"
          + " existing factor first; or give an access token for the MFA API with scope enroll (--access-token-file"
          + " FILE)");
      case TOO_MANY_ATTEMPTS -> refused("too many wrong codes: the account is locked for a few minutes. Wait, then"
          + " try again");
      case INVALID_CLIENT -> refused("the tenant refused the application's credentials. Check the client id and"
          + " the client secret (or --private-key-file) against the application's settings");
      case UNAUTHORIZED_CLIENT -> refused(notAllowed(e));
      // Said with the audience by the sign-in that asked for it (SignInFlow); this is for any other way in.
      case UNKNOWN_AUDIENCE -> refused("the tenant has no API with the audience asked for (it answered Service not"
          + " found). Check --audience (or the profile's audience): the MFA API's is https://DOMAIN/mfa/; any other"
          + " API must exist in the tenant's Dashboard under Applications > APIs, with exactly that identifier");
      case INVALID_TOKEN -> refused("the tenant rejected the access token: it expired (tokens for the MFA API"
          + " last 10 minutes), or it is not a token for the MFA API (audience https://DOMAIN/mfa/) of this tenant."
          + " Drop it to let mfa sign in for one, or get one with mfa login -u NAME --audience https://DOMAIN/mfa/"
          + " --scope SCOPE --token-file FILE");
      case INSUFFICIENT_SCOPE -> refused("this access token may not do that (a scope is missing: listing needs"
          + " read:authenticators, deleting remove:authenticators, adding a factor enroll). Drop it to let mfa sign in"
          + " for one, or get one with mfa login -u NAME --audience https://DOMAIN/mfa/ --scope SCOPE --token-file"
          + " FILE");
      case INVALID_REQUEST -> refused("the tenant rejected the request as invalid (" + tenantSaid(e) + "). Check"
          + " the options given; --verbose shows the exchange");
      case NOT_FOUND -> refused("the tenant has no such item (" + tenantSaid(e) + "). Check the id; see ",
          "mfa authenticators list");
      case SLOW_DOWN -> refused("the tenant asked to be polled less often (" + tenantSaid(e) + "). Wait a few"
          + " seconds, then try again");
      default -> refused("the tenant refused the request (" + tenantSaid(e) + "). Rerun with --verbose to see the"
          + " exchange");
    };
  }

  private static Report refused(String message) {
    return new Report(ExitCode.REFUSED, message);
  }

  /**
   * "this application is not allowed the MFA grant: tick it under ...": the grant named by the tenant's description
   * ({@code Grant type 'http://auth0.com/oauth/grant-type/mfa-oob' not allowed for the client.}), as the Dashboard
   * names it, and the tenant's {@code error_uri} when it is a plain https link.
   */
  static String notAllowed(MfaApiException e) {
    String d = e.errorDescription() == null ? "" : e.errorDescription();
    String grant = d.contains("grant-type/mfa-") ? "the MFA grant"
        : d.contains("'password'") || d.contains("grant-type/password-realm") ? "the Password grant"
        : d.contains("'refresh_token'") ? "the Refresh Token grant" : "this grant";
    String uri = e.errorUri();
    String see = uri != null && uri.length() <= 200 && uri.matches("https://[A-Za-z0-9./_#-]+") ? " (see " + uri + ")"
        : "";
    return "this application is not allowed " + grant + ": tick it under Advanced Settings > Grant Types in the"
        + " application's settings on the tenant" + see;
  }

  /** A TLS failure of the certificate itself (not trusted, expired, another host's), not of the protocol. */
  private static boolean certificateRefused(Throwable ex) {
    for (Throwable t = ex; t != null; t = t.getCause()) {
      if (t instanceof java.security.cert.CertificateException || t instanceof javax.net.ssl.SSLPeerUnverifiedException) {
        return true;
      }
    }
    return false;
  }

  /** Exit 3 with a message that ends with {@code command}, to paste as it is. */
  private static Report refused(String prose, String command) {
    return new Report(ExitCode.REFUSED, prose + command, true);
  }

  /**
   * "HTTP 400 invalid_request: Invalid authenticator_id": the status, the error code and the first sentence of the
   * tenant's description, as the client made them safe to print (no secret, address or number reaches this text).
   */
  static String tenantSaid(MfaApiException e) {
    String said = "HTTP " + e.status() + (e.safeError() == null ? "" : " " + e.safeError());
    String description = e.safeDescription() == null ? "" : e.safeDescription();
    int end = description.indexOf(". ");
    if (end >= 0) {
      description = description.substring(0, end);
    }
    if (description.endsWith(".")) {
      description = description.substring(0, description.length() - 1);
    }
    return description.isBlank() ? said : said + ": " + description;
  }

  private String rateLimited(MfaApiException e) {
    Instant now = ctx.clock().instant();
    Duration wait = e.rateLimit() == null ? null : e.rateLimit().delayFrom(now);
    if (wait == null) {
      return "the tenant is rate limiting these requests. Wait a minute, then try again";
    }
    Instant retryAt = now.plus(wait);
    long seconds = wait.toSeconds();
    return "the tenant is rate limiting these requests. Retry after " + TIME.format(retryAt) + " (in "
        + human(seconds) + ").";
  }

  /** A client failure in a few words, for warnings about a step that is not the command's result. */
  static String brief(dev.mfakit.client.MfaException e) {
    if (e instanceof MfaApiException api) {
      return tenantSaid(api);
    }
    if (e instanceof MfaDecodingException d) {
      return "an answer it could not read, HTTP " + d.status();
    }
    return networkCause(e);
  }

  /**
   * The network failure in a few words ("connection refused"), from the innermost cause.
   *
   * @param ex the failure
   * @return the words
   */
  public static String networkCause(Throwable ex) {
    Throwable root = ex;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    if (root instanceof java.net.ConnectException) {
      return "connection refused";
    }
    if (root instanceof java.net.UnknownHostException) {
      return "unknown host " + oneLine(root.getMessage());
    }
    if (root instanceof java.net.SocketTimeoutException || root instanceof java.io.InterruptedIOException) {
      return "timed out";
    }
    if (root instanceof javax.net.ssl.SSLException || root instanceof java.security.GeneralSecurityException) {
      return "TLS failure: the certificate or protocol was not accepted";
    }
    if (root instanceof java.io.EOFException || root instanceof java.net.SocketException) {
      return "connection closed";
    }
    if (root instanceof java.net.ProtocolException) {
      // OkHttp's "unexpected end of stream": the answer stopped (or broke) partway through.
      return "connection closed partway through the answer";
    }
    return root.getClass().getSimpleName();
  }

  private static String human(long seconds) {
    if (seconds < 90) {
      return seconds + " s";
    }
    return ((seconds + 59) / 60) + " min";
  }

  private static String cap(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "…";
  }

  /** A message of the JDK or picocli as one line, its final full stop dropped (the caller ends the sentence). */
  public static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    String t = s.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    return t.endsWith(".") ? t.substring(0, t.length() - 1) : t;
  }

  /** "Permission denied" -> "permission denied", for the middle of a sentence; "HTTP ..." stays as it is. */
  public static String lowerFirst(String s) {
    if (s.isEmpty() || s.length() > 1 && Character.isUpperCase(s.charAt(1))) {
      return s;
    }
    return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
  }
}
