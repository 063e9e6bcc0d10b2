package dev.mfakit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root command {@code mfa}: only dispatches to the verbs. */
@Command(name = "mfa",
    customSynopsis = "mfa [-hV] COMMAND [OPTIONS]",
    mixinStandardHelpOptions = true, versionProvider = MfaCommand.Version.class,
    description = {
        "Enroll users in multi-factor authentication on an Auth0 tenant, guided or from scripts.",
        "",
        "Try it with no account: mfa associate --sandbox --phone +15555550100"},
    subcommands = {
        LoginCommand.class,
        AssociateCommand.class,
        VerifyCommand.class,
        ChallengeCommand.class,
        AuthenticatorsCommand.class,
        SandboxCommand.class,
        CompletionCommand.class},
    footerHeading = "%nConfiguration:%n",
    footer = {
        "  Options follow the command. Each setting comes from its flag, else the environment, else a",
        "  profile in ~/.config/mfakit/profiles (--profile NAME or MFA_PROFILE; default: [default]).",
        "  Environment: AUTH0_DOMAIN, AUTH0_CLIENT_ID, AUTH0_CLIENT_SECRET, MFA_TOKEN, MFA_ACCESS_TOKEN.",
        "  Secrets are never flag values: use a prompt, a file, stdin ('-') or the environment.",
        "  Output: results on stdout (--json for scripts); prompts, progress and errors on stderr."})
final class MfaCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command; try 'mfa associate --sandbox --phone"
        + " +15555550100'");
  }

  /** {@code mfa --version}: the version Maven stamped into version.properties. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      Properties p = new Properties();
      try (InputStream in = MfaCommand.class.getResourceAsStream("version.properties")) {
        if (in != null) {
          p.load(in);
        }
      }
      return new String[] {"mfa " + p.getProperty("version", "unknown")};
    }
  }
}
