package dev.mfakit.cli.command;

import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.flow.Scan;
import dev.mfakit.cli.io.Prompter;
import dev.mfakit.sandbox.SandboxTenant;
import java.util.function.Consumer;

/**
 * The phone of {@code mfa associate --sandbox --push}: no real phone can enroll with the in-process sandbox, so once
 * its QR code is shown the person plays the phone (Enter approves, r rejects), or with nobody to ask the sandbox
 * approves its own push. Leaving that prompt (Ctrl-D, Ctrl-C) approves nothing: the run ends, as at any prompt.
 */
final class SandboxPhone implements Consumer<Scan> {
  private final SandboxTenant sandbox;
  private final Prompter person;
  private final Progress progress;

  /**
   * @param sandbox the in-process tenant
   * @param person who plays the phone, or null for nobody
   * @param progress where the sandbox's lines go
   */
  SandboxPhone(SandboxTenant sandbox, Prompter person, Progress progress) {
    this.sandbox = sandbox;
    this.person = person;
    this.progress = progress;
  }

  @Override
  public void accept(Scan scan) {
    if (scan.factor() != FactorKind.PUSH) {
      return;
    }
    if (person == null) {
      progress.info("[sandbox] No one to ask: the sandbox's phone approves the push.");
      sandbox.approvePush(SandboxTenant.DEMO_USERNAME);
      return;
    }
    progress.info("[sandbox] No real phone can enroll with this sandbox, so play the phone here.");
    String answer = person.readLine("[sandbox] Press Enter to approve, or type r and Enter to reject: ");
    if (answer == null) {
      throw Failure.refused("no answer at the sandbox's phone, so nothing was enrolled. Run the same command again"
          + " and press Enter to approve", null);
    }
    if (answer.strip().equalsIgnoreCase("r")) {
      sandbox.rejectPush(SandboxTenant.DEMO_USERNAME);
    } else {
      sandbox.approvePush(SandboxTenant.DEMO_USERNAME);
    }
  }
}
