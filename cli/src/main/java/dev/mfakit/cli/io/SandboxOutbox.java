package dev.mfakit.cli.io;

import dev.mfakit.cli.flow.CodeRequest;
import dev.mfakit.cli.flow.CodeSource;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.client.Tokens;
import dev.mfakit.sandbox.SandboxTenant;
import dev.mfakit.sandbox.SentMessage;
import java.util.List;
import java.util.function.Function;

/**
 * With {@code --sandbox} and nobody to ask: the code is the newest message in the in-process sandbox's outbox (this
 * process's own tenant, so it is ours). Each code is tried once.
 */
public final class SandboxOutbox implements CodeSource {
  private final SandboxTenant sandbox;
  private final Progress progress;
  private final boolean noInput;
  private boolean explained;

  /**
   * @param sandbox the in-process tenant
   * @param progress where the first use is explained
   * @param noInput whether {@code --no-input} is why nobody is asked (else: no terminal)
   */
  public SandboxOutbox(SandboxTenant sandbox, Progress progress, boolean noInput) {
    this.sandbox = sandbox;
    this.progress = progress;
    this.noInput = noInput;
  }

  @Override
  public Tokens enter(CodeRequest request, Function<String, Tokens> verify) {
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
