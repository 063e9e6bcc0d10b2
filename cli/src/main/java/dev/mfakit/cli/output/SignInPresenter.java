package dev.mfakit.cli.output;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.flow.Scan;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.client.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@code login}, {@code associate} and {@code verify} hand back: one {@code --json} object ({@link SignInJson})
 * whose keys are always all present, null when unknown, or the same facts as text lines; plus the secrets the
 * verb exists to hand out (recovery codes, tokens), written to their files before anything is printed.
 *
 * <p>A file that cannot be written does not lose what the tenant already did: a recovery code goes to stdout
 * instead, the state file is kept, and {@link #deliver} ends with exit 1 naming the file.
 */
public final class SignInPresenter {

  private final boolean signedIn;
  private final boolean mfaRequired;
  private FactorUsed factor = new FactorUsed(null, null, null, null, null);
  private Path stateFile;
  private Instant expiresAt;
  private Instant mfaTokenExpiresAt;
  private List<String> recoveryCodes = List.of();
  private Path recoveryCodeFile;
  private TokensJson tokens;
  private Path tokenFile;
  private Scan scan;
  private final List<String> lines = new ArrayList<>();
  private final List<String> notes = new ArrayList<>();
  private final List<Unwritten> unwritten = new ArrayList<>();

  /** An output file that could not be written: the option that named it, and why, in a few words. */
  private record Unwritten(String option, Path file, String reason) {
    @Override
    public String toString() {
      return option + " " + file + " (" + reason + ")";
    }
  }

  /**
   * @param signedIn whether the run ends signed in (tokens issued)
   * @param mfaRequired whether the tenant asked for a second factor
   */
  public SignInPresenter(boolean signedIn, boolean mfaRequired) {
    this.signedIn = signedIn;
    this.mfaRequired = mfaRequired;
  }

  /** The result as its JSON record. */
  SignInJson json() {
    return new SignInJson(signedIn, mfaRequired, factor.id(), factor.type(), factor.channel(), factor.recipient(),
        factor.active(), stateFile, expiresAt, mfaTokenExpiresAt, recoveryCodes, recoveryCodeFile, tokens, tokenFile,
        scan == null ? null : scan.barcodeUri(), scan == null ? null : scan.secret());
  }

  /**
   * What the enrollment showed to scan, for {@code --json} ({@code barcode_uri}, {@code secret}): never as text.
   *
   * @param s the scan, or null
   * @return this
   */
  public SignInPresenter scan(Scan s) {
    this.scan = s;
    return this;
  }

  /** The state file this run wrote. */
  public SignInPresenter stateFile(Path file) {
    this.stateFile = file;
    return this;
  }

  /** When the pending code expires. */
  public SignInPresenter expiresAt(Instant t) {
    this.expiresAt = t;
    return this;
  }

  /** When the saved mfa_token expires. */
  public SignInPresenter mfaTokenExpiresAt(Instant t) {
    this.mfaTokenExpiresAt = t;
    return this;
  }

  /** A result line for stdout (text mode), picocli markup allowed. */
  public SignInPresenter line(String markup) {
    lines.add(markup);
    return this;
  }

  /** A progress line for stderr, printed with the results. */
  public SignInPresenter note(String text) {
    notes.add(text);
    return this;
  }

  /** The authenticator a flow enrolled or signed in with (nulls unknown). */
  public SignInPresenter factor(FactorUsed f) {
    this.factor = f;
    return this;
  }

  /**
   * A confirmed enrollment: "SMS authenticator sms|dev_… is active (+1******4567)." and the authenticator's keys. A
   * list that could not be read to show it is a warning, said now.
   */
  public static SignInPresenter enrolled(EnrollResult.Confirmed confirmed, Output out) {
    if (confirmed.listFailure() != null) {
      out.warn("Confirmed, but could not list the authenticators to show the new one ("
          + Errors.brief(confirmed.listFailure()) + ").");
    }
    FactorUsed f = confirmed.factor();
    String to = f.recipient() == null ? "" : " (" + f.recipient() + ")";
    String title = f.kind() == null ? "Out-of-band" : f.kind().title();
    String noun = title.endsWith(" app") ? title : title + " authenticator"; // not "Authenticator app authenticator"
    return new SignInPresenter(true, true).factor(f).line(noun + (f.id() == null ? " confirmed"
        : " " + f.id() + (Boolean.TRUE.equals(f.active()) ? " is active" : " is not active yet")) + to + ".");
  }

  /**
   * Hands out recovery codes: written to {@code file} (0600) when given, else shown once with a warning to store
   * them. If the file cannot be written, they are shown instead (never lost).
   */
  public SignInPresenter recoveryCodes(List<String> codes, Path file) {
    return recoveryCodes(codes, file, Standing.ACTIVE);
  }

  /**
   * Hands out the recovery codes of an enrollment this run did not see confirmed, as a confirmed one's are: the
   * tenant shows a user's recovery code with their first association only (docs/protocol.md), so a code not kept now
   * is lost for good, even if nothing was enrolled. The note says what it is worth.
   *
   * @param mayBeActive whether the factor may be active after all (the confirming request may have been applied, or
   *     a push may still be approved): the code is valid if it is; false when nothing was enrolled
   */
  public SignInPresenter unconfirmedRecoveryCodes(List<String> codes, Path file, boolean mayBeActive) {
    return recoveryCodes(codes, file, mayBeActive ? Standing.MAY_BE_ACTIVE : Standing.NOT_ENROLLED);
  }

  /** What the factor a recovery code came with is, as far as this run knows: what its note says the code is worth. */
  private enum Standing { ACTIVE, MAY_BE_ACTIVE, NOT_ENROLLED }

  private SignInPresenter recoveryCodes(List<String> codes, Path file, Standing standing) {
    if (codes.isEmpty()) {
      return this;
    }
    if (file != null) {
      try {
        SecureFiles.writeAtomically(file, String.join("\n", codes) + "\n");
        recoveryCodeFile = file;
        line("Recovery code saved to " + file + ".");
        if (standing != Standing.ACTIVE) {
          notes.add(keep(standing, file));
        }
        return this;
      } catch (IOException e) {
        unwritten.add(new Unwritten("--recovery-code-file", file, SecureFiles.reason(e, file)));
      }
    }
    recoveryCodes = List.copyOf(codes);
    for (String code : codes) {
      line("Recovery code: @|bold " + code + "|@");
    }
    notes.add(standing == Standing.ACTIVE ? "@|yellow Store this recovery code somewhere safe, such as a password"
        + " manager: it is shown only once, and it lets you sign in if you lose this factor.|@"
        : keep(standing, null));
    return this;
  }

  /**
   * Why a recovery code of a factor not seen confirmed must be kept all the same, and what it is worth.
   *
   * @param file where the code was saved, or null when it was printed
   */
  private static String keep(Standing standing, Path file) {
    String kept = file == null ? "this recovery code" : "the recovery code saved in " + file;
    return standing == Standing.NOT_ENROLLED
        ? "@|yellow Nothing was enrolled, but keep " + kept + ": the tenant shows it only once, and it becomes valid"
            + " with the first factor you confirm.|@"
        : "@|yellow Keep " + kept + (file == null ? " somewhere safe" : "") + ": the tenant shows it only once. It is"
            + " valid if this factor is active (mfa authenticators list shows whether it is); if not, it becomes valid"
            + " with the first factor you confirm.|@";
  }

  /**
   * After a recovery-code sign-in: hands out the code the tenant issued to replace the spent one (if it sent one),
   * like a first one.
   */
  public SignInPresenter replacementRecoveryCode(String code, Path file) {
    if (code == null) {
      return this;
    }
    int at = notes.size();
    recoveryCodes(List.of(code), file);
    // Said first, and where the replacement went: the file, or (also when the file failed) stdout.
    notes.add(at, recoveryCodeFile != null
        ? "That recovery code is now used up; its replacement is saved in " + file + "."
        : "That recovery code is now used up; here is its replacement.");
    return this;
  }

  /** Hands out tokens: in the JSON, and to {@code file} (0600 JSON) when given; never as text. */
  public SignInPresenter tokens(Tokens tokens, Path file) {
    if (tokens == null) {
      return this;
    }
    this.tokens = TokensJson.of(tokens);
    if (file != null) {
      try {
        SecureFiles.writeAtomically(file, Json.result(this.tokens.toJson()) + "\n");
        tokenFile = file;
        line("Tokens saved to " + file + ".");
      } catch (IOException e) {
        unwritten.add(new Unwritten("--token-file", file, SecureFiles.reason(e, file)));
      }
    }
    return this;
  }

  /**
   * Prints the result (JSON or text) and the notes; then, if every file was written, deletes {@code deleteAfter}.
   *
   * @param deleteAfter a spent state file to remove once every output is written, or null; when a write failed it
   *     is kept, rewritten without its spent code (its mfa_token still works for a new challenge)
   * @return exit 0
   * @throws Failure exit 1 naming each file that could not be written and what was kept
   */
  public int deliver(Output out, boolean asJson, Path deleteAfter) {
    print(out, asJson);
    if (unwritten.isEmpty()) {
      if (deleteAfter != null) {
        try {
          Files.deleteIfExists(deleteAfter);
        } catch (IOException e) {
          throw new Failure(ExitCode.INTERNAL, "done, but could not delete " + deleteAfter + " ("
              + SecureFiles.reason(e, deleteAfter) + "); delete it yourself, what it holds is spent");
        }
      }
      return ExitCode.OK;
    }
    List<String> consequences = new ArrayList<>();
    if (unwritten.stream().anyMatch(u -> u.option().equals("--recovery-code-file"))) {
      consequences.add("the recovery code was printed on stdout instead, store it now");
    }
    if (unwritten.stream().anyMatch(u -> u.option().equals("--token-file"))) {
      consequences.add(asJson ? "the tokens are only in the JSON on stdout" : "the tokens were not saved");
    }
    if (deleteAfter != null) {
      consequences.add(StateFile.keepMfaTokenOnly(deleteAfter));
    }
    throw new Failure(ExitCode.INTERNAL, "could not write " + unwritten.stream().map(Unwritten::toString)
        .collect(Collectors.joining(" or ")) + ": " + String.join(", and ", consequences) + ". Check the path, its"
        + " permissions and the free space");
  }

  /**
   * Prints what this run handed out before it fails for another reason (the failure, printed after, is the run's
   * last word and exit code): the result, the notes, and a warning for each file that could not be written.
   */
  public void printBeforeFailing(Output out, boolean asJson) {
    print(out, asJson);
    for (Unwritten u : unwritten) {
      out.warn("Could not write " + u + "; printed on stdout instead.");
    }
  }

  private void print(Output out, boolean asJson) {
    if (asJson) {
      out.printJson(json().toJson());
    } else {
      lines.forEach(out::result);
    }
    notes.forEach(out::info);
  }
}
