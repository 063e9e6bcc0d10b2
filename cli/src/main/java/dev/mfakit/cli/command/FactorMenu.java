package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.FactorPicker;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.flow.SecondFactorFlow;
import dev.mfakit.cli.io.Prompter;
import dev.mfakit.client.Authenticator;
import java.util.List;

/**
 * Asks a person with several second factors which one to use, when no {@code --authenticator ID} says: lists them as
 * the tenant names them (phone numbers and addresses masked) and reads a number; Enter takes the first.
 */
final class FactorMenu {
  private FactorMenu() {}

  /**
   * The factor to challenge: the only one the user has, or the one the person picks from the list of several.
   *
   * @param list the user's authenticators
   * @param instead how to use a recovery code with this verb (see {@link SecondFactorFlow#choose})
   * @return the authenticator
   * @throws Failure exit 3 when the user has none (or the person chose none)
   */
  static Authenticator pick(List<Authenticator> list, Prompter prompter, Progress progress, String instead) {
    return SecondFactorFlow.pick(list, null, null, instead, picker(prompter, LOGIN), progress);
  }

  /** The choice when no {@code --authenticator ID} is given, as the options' help says it. */
  static final String DEFAULT = "(default: the only one you have; of several, the one you pick from a list at a"
      + " terminal, else the first in the tenant's order, named on stderr)";

  /** What no answer at the menu of {@code mfa login} leaves. */
  static final String LOGIN = "you are not signed in (and no code was sent)";

  /**
   * The menu as a flow's picker, for every verb that passes the second factor at a terminal.
   *
   * @param consequence what no answer leaves, e.g. {@code nothing was enrolled (and no code was sent)}
   * @return the picker
   */
  static FactorPicker picker(Prompter prompter, String consequence) {
    return (choices, progress) -> choose(prompter, progress, choices, consequence);
  }

  /**
   * Lists {@code choices} and asks for one.
   *
   * @param choices two or more active authenticators, in the tenant's order
   * @param consequence what no answer leaves
   * @return the one chosen
   * @throws Failure exit 3 when the person gives no answer (Ctrl-D)
   */
  static Authenticator choose(Prompter prompter, Progress progress, List<Authenticator> choices,
      String consequence) {
    progress.info("You have " + choices.size() + " second factors:");
    for (int i = 0; i < choices.size(); i++) {
      progress.info("  " + (i + 1) + ". " + describe(choices.get(i)));
    }
    while (true) {
      String line = prompter.readLine("Use which one? [1-" + choices.size() + ", Enter for 1]: ");
      if (line == null) {
        throw Failure.refused("no factor chosen, so " + consequence + ". Run the command again, or name one with ",
            "--authenticator ID", null);
      }
      String answer = line.strip();
      if (answer.isEmpty()) {
        return choices.get(0);
      }
      if (answer.matches("[0-9]{1,3}")) {
        int n = Integer.parseInt(answer);
        if (n >= 1 && n <= choices.size()) {
          return choices.get(n - 1);
        }
      }
      progress.warn("Type a number from 1 to " + choices.size() + ".");
    }
  }

  /** {@code SMS XXXXXXXXX4567 (sms|dev_…)}, {@code Authenticator app (totp|dev_…)}. */
  static String describe(Authenticator a) {
    return FactorKind.label(a) + " (" + a.id() + ")";
  }
}
