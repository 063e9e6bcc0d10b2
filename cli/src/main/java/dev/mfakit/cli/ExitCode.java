package dev.mfakit.cli;

import java.util.LinkedHashMap;
import java.util.Map;

/** The documented exit codes of {@code mfa} (listed in every {@code --help} and in README.md). */
public final class ExitCode {
  public static final int OK = 0;
  public static final int INTERNAL = 1;
  public static final int USAGE = 2;
  public static final int REFUSED = 3;
  public static final int NETWORK = 4;
  public static final int RATE_LIMITED = 5;
  public static final int NOTHING_TO_DO = 6;
  /**
   * The verbs that exit {@link #NOTHING_TO_DO}: each needs the mfa_token of a sign-in that asked for MFA. A plain {@code
   * mfa login} is not one: signing in is its whole job, so without MFA it succeeds (0).
   */
  public static final String NOTHING_TO_DO_VERBS = "mfa associate, verify, challenge, authenticators list, login"
      + " --state";
  /**
   * {@code mfa batch}: some rows failed, may have been sent a message that was never answered, lost their recovery
   * code, or were not run because the input changed during the run.
   */
  public static final int SOME_ROWS_FAILED = 7;
  /** Ctrl-C while waiting (for a push approval), or stopping {@code mfa batch}: the shell's own 128 + SIGINT. */
  public static final int STOPPED = 130;

  private ExitCode() {}

  /** Code to one-line description, in the form picocli's {@code exitCodeList} wants. */
  static Map<String, String> descriptions() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("0", "success");
    m.put("1", "internal error (a bug; rerun with --verbose and report it), or an output file (state, token,"
        + " recovery code) could not be written or removed after the tenant accepted the request; the message says"
        + " what was kept");
    m.put("2", "usage or bad input, or a prompt left with no answer before anything was sent (nothing was sent)");
    // The phrase about --no-input leads, so that no help width ever breaks it.
    m.put("3", "no code was entered at a prompt (or --no-input forbade the prompt MFA needed), a question was not"
        + " confirmed, or the tenant refused (wrong or expired code or token, locked, already enrolled, push"
        + " rejected, bad client credentials...)");
    m.put("4", "network failure or unknown outcome (list authenticators before retrying; a sign-in, mfa login or"
        + " authenticators list: just run it again)");
    m.put("5", "rate limited (retry after the time printed)");
    m.put("6", "nothing to do: the sign-in succeeded without MFA, so the step that needs it did not run ("
        + NOTHING_TO_DO_VERBS + "; a plain mfa login exits 0)");
    m.put("7", "mfa batch: some rows failed or their outcome is unknown (each row's result says why), or were not"
        + " run because the input changed while the batch ran; the others succeeded, and the journal keeps what"
        + " was done");
    m.put("130", "stopped with Ctrl-C while waiting for a push approval (what --state FILE holds is kept), or mfa"
        + " batch stopped with Ctrl-C after its rows in flight (run it again to go on); Ctrl-C at a prompt is no"
        + " answer (2 or 3)");
    // picocli aligns keys; pad so the descriptions line up.
    Map<String, String> padded = new LinkedHashMap<>();
    m.forEach((k, v) -> padded.put(" " + k, v));
    return padded;
  }
}
