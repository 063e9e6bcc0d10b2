package dev.mfakit.cli.flow;

import dev.mfakit.client.Authenticator;
import java.util.List;

/**
 * Which factor a run challenges when the user has several and none was named ({@code --authenticator ID}): a person
 * at a terminal picks one from a list (the command's menu, as {@code mfa login} offers it); a run that cannot ask
 * takes {@link #FIRST}.
 */
@FunctionalInterface
public interface FactorPicker {
  /**
   * Without a person to ask: the first of the choices, in the tenant's order (the order of enrolment; each phone once,
   * never the recovery-code entry), said on stderr with how to pick another.
   */
  FactorPicker FIRST = (choices, progress) -> {
    Authenticator first = choices.get(0);
    progress.info("This user has " + choices.size() + " second factors; using the first, " + FactorKind.label(first)
        + " (" + first.id() + "). Name another with --authenticator ID.");
    return first;
  };

  /**
   * Picks one.
   *
   * @param choices two or more active authenticators, in the tenant's order ({@link SecondFactorFlow#challengeable})
   * @param progress where to say what was picked, or to show the list
   * @return one of {@code choices}
   */
  Authenticator pick(List<Authenticator> choices, Progress progress);
}
