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
    ctx.out().print(adapt(AutoComplete.bash(spec.root().name(), spec.root().commandLine())));
    ctx.out().flush();
    return ExitCode.OK;
  }

  /** The flags of {@link OutputOptions}, which a command line may repeat. */
  private static final String[] REPEATABLE_FLAGS = {"--json", "--no-input", "--verbose"};

  /** Reads the profile names, as mfa finds its profiles file, in the shell: TAB must not start a JVM. */
  private static final String PROFILES_FUNCTION = """
      # The profile names in mfa's profiles file, for --profile <TAB> (read by the shell: TAB starts no JVM).
      function _mfa_profile_names() {
        local file="$HOME/.config/mfakit/profiles"
        if [[ "${XDG_CONFIG_HOME:-}" == /* ]]; then file="$XDG_CONFIG_HOME/mfakit/profiles"; fi
        [ -r "$file" ] && sed -n 's/^[[:space:]]*\\[[[:space:]]*\\([A-Za-z0-9_.-]*\\)[[:space:]]*\\][[:space:]]*$/\\1/p' "$file"
      }

      """;

  /**
   * Adapts picocli's script: {@code --profile <TAB>} offers the profile names; and the function is registered for
   * {@code ./mfa} too (bash looks a command word up as typed first, then by its last path component, so any other
   * path to the launcher finds {@code mfa}).
   */
  static String adapt(String script) {
    String name = "_complete_mfa";
    String s = script.replaceAll("(?m)^(complete -F " + name + " .*)$", "$1 ./mfa");
    // Flags that may be repeated are declared as arrays, which picocli's script takes for options with a value.
    for (String flag : REPEATABLE_FLAGS) {
      s = s.replace("    '" + flag + "')\n      return\n      ;;\n", "")
          .replaceAll("(?m)^(  local flag_opts=\".*)\"\n(  local arg_opts=\".*) '" + flag + "'(.*)$",
              "$1 '" + flag + "'\"\n$2$3");
    }
    s = s.replace("    '--profile')\n      return\n      ;;", "    '--profile')\n      local IFS=$'\\n'\n"
        + "      COMPREPLY=( $( compgen -W \"$(_mfa_profile_names)\" -- \"${curr_word}\" ) )\n      return $?\n      ;;");
    int at = s.indexOf("function " + name + "()");
    s = at < 0 ? s : s.substring(0, at) + PROFILES_FUNCTION + s.substring(at);
    // picocli's instructions are for any application ("cd $YOUR_APP_HOME/bin; find . -name *_completion"): ours.
    int from = s.indexOf("# Installation\n");
    int to = s.indexOf("# Documentation\n");
    return from < 0 || to < from ? s : s.substring(0, from) + INSTALLATION + s.substring(to);
  }

  /** How to load this script: in the repository, from the installed archive, in zsh, or with bash-completion. */
  private static final String INSTALLATION = """
      # Installation
      # ------------
      #
      # In the repository (this shell only):
      #
      #   source <(./mfa completion)
      #
      # Installed (the archive unpacked in ~/.local/opt, as README.md says), for every new shell:
      #
      #   echo 'source ~/.local/opt/mfa-*/completion/mfa.bash' >> ~/.bashrc
      #
      # zsh: the same line in ~/.zshrc, after: autoload -U +X bashcompinit && bashcompinit
      #
      # With bash-completion installed, instead: copy this file to ~/.local/share/bash-completion/completions/mfa
      # (bash-completion loads it the first time mfa [TAB] is pressed).
      #
      # Then type mfa [TAB][TAB] in a new terminal.
      #
      """;
}
