package dev.mfakit.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The root command {@code mfa}: only dispatches to the verbs. They are not listed here but added by
 * {@link Main#newCommandLine(Context, String...)}, so one run builds (and loads) only the verb it runs.
 */
@Command(name = "mfa",
    customSynopsis = "mfa [-hV] COMMAND [OPTIONS]",
    mixinStandardHelpOptions = true, versionProvider = MfaCommand.Version.class,
    description = {
        "Enroll users in multi-factor authentication on an Auth0 tenant, guided or from scripts.",
        "",
        "Try it with no account: mfa associate --sandbox --phone +15555550100"},
    footerHeading = "%nConfiguration:%n",
    footer = {
        "  Options go after the command. Each setting comes from its flag, else the state file (for the",
        "  tenant and mfa_token), else the environment, else a profile in ~/.config/mfakit/profiles",
        "  (~ is $HOME; pick one with --profile NAME or MFA_PROFILE; default: [default]).",
        "  Environment: AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, MFA_TOKEN, MFA_ACCESS_TOKEN.",
        "  Secrets are never flag values: use a prompt, a file, stdin ('-') or the environment.",
        "",
        "Output:",
        "  Results on stdout; prompts, progress and errors on stderr. With --json, one JSON object",
        "  (authenticators list: one array; mfa sandbox: JSON Lines, one object per line) whose fields",
        "  are always all there, null when unknown. A failure prints nothing on stdout: its exit code and",
        "  one line on stderr. Two exceptions: a recovery code the tenant already handed out is printed",
        "  (or written to --recovery-code-file) before the failure when the enrollment may have gone",
        "  through (no answer to the confirmation), marked valid if it did; and when an output file cannot",
        "  be written after the tenant accepted the request, the result is still printed (a recovery code",
        "  on stdout: it is never lost) and mfa exits 1 naming the file and what was kept."})
public final class MfaCommand implements Callable<Integer> {
  /** The verbs, in the order {@code mfa --help} lists them. */
  public static final String[] VERBS = {
      "login", "associate", "verify", "challenge", "authenticators", "otp", "batch", "sandbox", "completion",
      "help"};

  @Spec CommandSpec spec;

  /**
   * The class of a verb, or null for an unknown name. A switch rather than a table of class literals: only the verb
   * asked for is loaded.
   */
  public static Class<?> verb(String name) {
    return switch (name) {
      case "login" -> LoginCommand.class;
      case "associate" -> AssociateCommand.class;
      case "verify" -> VerifyCommand.class;
      case "challenge" -> ChallengeCommand.class;
      case "authenticators" -> AuthenticatorsCommand.class;
      case "otp" -> OtpCommand.class;
      case "batch" -> BatchCommand.class;
      case "sandbox" -> SandboxCommand.class;
      case "completion" -> CompletionCommand.class;
      case "help" -> CommandLine.HelpCommand.class;
      default -> null;
    };
  }

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command; try mfa associate --sandbox --phone"
        + " +15555550100");
  }

  /**
   * {@code mfa --version}: the version Maven stamped into version.properties, the commit the build read from
   * {@code .git} (build.properties, written by build-tools/GitCommit.java), and the Java that runs it.
   */
  public static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties version = properties("/dev/mfakit/cli/version.properties");
      Properties build = properties("/dev/mfakit/cli/build.properties");
      String commit = build.getProperty("commit", "");
      String built = switch (build.getProperty("changes", "")) {
        case "yes" -> "commit " + commit + " (with changes not committed)";
        default -> "commit " + commit;
      };
      return new String[] {
          "mfa " + version.getProperty("version", "unknown"),
          commit.isEmpty() ? "commit unknown (not built from a git checkout)" : built,
          "Java " + System.getProperty("java.runtime.version") + " (" + System.getProperty("java.vendor") + ") at "
              + System.getProperty("java.home")};
    }

    private static Properties properties(String resource) throws IOException {
      Properties p = new Properties();
      try (InputStream in = MfaCommand.class.getResourceAsStream(resource)) {
        if (in != null) {
          p.load(in);
        }
      }
      return p;
    }
  }
}
