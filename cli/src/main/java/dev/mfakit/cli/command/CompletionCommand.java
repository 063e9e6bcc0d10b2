package dev.mfakit.cli.command;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
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
        "bash: source <(mfa completion)   (completes mfa and ./mfa)",
        "zsh:  autoload -U +X bashcompinit && bashcompinit && source <(mfa completion)"})
public final class CompletionCommand implements Callable<Integer> {
  private final Context ctx;

  @Spec CommandSpec spec;

  public CompletionCommand(Context ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    ctx.out().print(alsoForLauncher(AutoComplete.bash(spec.root().name(), spec.root().commandLine())));
    ctx.out().flush();
    return ExitCode.OK;
  }

  /**
   * picocli registers the function for {@code mfa mfa.sh mfa.bash}; the README runs {@code ./mfa}, so register
   * that word too (a shell that looks up the command word as typed finds it).
   */
  static String alsoForLauncher(String script) {
    String name = "_complete_mfa";
    return script.replaceAll("(?m)^(complete -F " + name + " .*)$", "$1 ./mfa");
  }
}
