package dev.mfakit.cli.command;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mfa authenticators}: the group of {@code list}, {@code delete} and {@code prune}. */
@Command(name = "authenticators",
    customSynopsis = "mfa authenticators (list | delete ID | prune) [OPTIONS]",
    mixinStandardHelpOptions = true,
    description = "List, delete or prune a user's authenticators.",
    subcommands = {AuthenticatorsListCommand.class, AuthenticatorsDeleteCommand.class,
        AuthenticatorsPruneCommand.class})
public final class AuthenticatorsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    throw new ParameterException(spec.commandLine(), "missing command: list, delete or prune");
  }
}
