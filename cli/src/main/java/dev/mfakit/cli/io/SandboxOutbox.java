package dev.mfakit.cli.io;

import dev.mfakit.cli.flow.CodeRequest;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.client.Association;
import dev.mfakit.client.Tokens;
import dev.mfakit.client.Totp;
import java.time.Clock;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.util.List;
import java.util.function.Function;

/**
 * With {@code --sandbox} and nobody to ask: the code is the newest message in the in-process sandbox's outbox (this
 * process's own tenant, so it is ours), or for an authenticator app the code the app would show, computed from the
 * secret of this run's association (the sandbox's TOTP is the standard one). Each code is tried once.
 */
public final class SandboxOutbox implements CodeSource {
  private final SandboxTenant sandbox;
  private final Progress progress;
  private final boolean noInput;
  private final Clock clock;
  private boolean explained;

  /**
   * @param sandbox the in-process tenant
   * @param progress where the first use is explained
   * @param noInput whether {@code --no-input} is why nobody is asked (else: no terminal)
   */
  public SandboxOutbox(SandboxTenant sandbox, Progress progress, boolean noInput) {
    this(sandbox, progress, noInput, Clock.systemUTC());
  }

  /**
   * @param sandbox the in-process tenant
   * @param progress where the first use is explained
   * @param noInput whether {@code --no-input} is why nobody is asked (else: no terminal)
   * @param clock the time an authenticator app's code is computed for
   */
  public SandboxOutbox(SandboxTenant sandbox, Progress progress, boolean noInput, Clock clock) {
    this.sandbox = sandbox;
    this.progress = progress;
    this.noInput = noInput;
    this.clock = clock;
  }

  /**
   * A person's codes, with the sandbox's help for an authenticator app: before each prompt for an app's code, the
   * code an app that scanned this run's QR code shows now (a real phone app shows the same).
   *
   * @param prompted the person's codes
   * @param progress where the hint goes
   * @param clock the time the code is computed for
   * @return the source
   */
  public static CodeSource showingAppCodes(CodeSource prompted, Progress progress, Clock clock) {
    return (request, verify) -> {
      Association a = request.pending().association();
      if (request.pending().factor() == FactorKind.AUTHENTICATOR_APP && a != null && a.barcodeUri() != null) {
        String code = Totp.fromOtpauthUri(a.barcodeUri()).codeAt(clock.instant());
        progress.info("[sandbox] An app that scanned this QR code shows @|bold " + code + "|@ now (a phone app"
            + " would too: the sandbox's TOTP is the standard one).");
      }
      return prompted.enter(request, verify);
    };
  }

  @Override
  public Tokens enter(CodeRequest request, Function<String, Tokens> verify) {
    if (request.pending().factor() == FactorKind.AUTHENTICATOR_APP) {
      if (!explained) {
        progress.info((noInput ? "--no-input" : "No terminal to type the code in")
            + ": using the code an authenticator app would show now (the sandbox's TOTP is the standard one).");
        explained = true;
      }
      return CodeSource.totp(clock).enter(request, verify);
    }
    List<SentMessage> messages = sandbox.messages();
    if (messages.isEmpty()) {
      throw new IllegalStateException("the sandbox sent no message");
    }
    if (!explained) {
      progress.info((noInput ? "--no-input" : "No terminal to type the code in")
          + ": using the code from the sandbox outbox.");
      explained = true;
    }
    return verify.apply(messages.get(messages.size() - 1).code());
  }
}
