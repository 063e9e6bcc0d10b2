package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import picocli.CommandLine.Option;

/**
 * {@code --sandbox} on a verb where it can only fail: each run starts a fresh tenant whose demo user has no second
 * factor yet, so signing in with one, challenging or deleting one cannot work. Hidden from help; explained when
 * used.
 */
final class SandboxRefusedOption {
  @Option(names = "--sandbox", hidden = true)
  boolean sandbox;

  /**
   * Refuses {@code --sandbox} before anything else.
   *
   * @param verb the command, e.g. {@code mfa login}
   * @throws Failure (exit 2) when {@code --sandbox} was given
   */
  void check(String verb) {
    if (sandbox) {
      throw Failure.usage("--sandbox cannot work with " + verb + ": every --sandbox run starts a fresh tenant whose"
          + " demo user has no second factor yet. For steps across commands, run mfa sandbox in another terminal and pass"
          + " --domain with the URL it prints");
    }
  }
}
