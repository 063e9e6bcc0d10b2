package dev.mfakit.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mfa completion}: the bash/zsh completion script. */
@Command(name = "completion",
    customSynopsis = "mfa completion",
    mixinStandardHelpOptions = true,
    description = {"Print a bash/zsh completion script for mfa.",
        "bash: source <(mfa completion)",
        "zsh:  autoload -U +X bashcompinit && bashcompinit && source <(mfa completion)"})
final class CompletionCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;

  CompletionCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
    ctx.out().flush();
    return ExitCode.OK;
  }
}
