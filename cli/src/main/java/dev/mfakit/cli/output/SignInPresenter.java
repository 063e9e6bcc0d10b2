package dev.mfakit.cli.output;

import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.EnrollResult;
import dev.mfakit.cli.flow.FactorUsed;
import dev.mfakit.cli.io.Json;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.StateFile;
import dev.mfakit.client.Authenticator;
import dev.mfakit.client.AuthenticatorType;
import dev.mfakit.client.OobChannel;
import dev.mfakit.client.Tokens;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What {@code login}, {@code associate} and {@code verify} hand back: one {@code --json} object whose keys are
 * always all present ({@link #KEYS}, null when unknown), or the same facts as text lines; plus the secrets the
 * verb exists to hand out (recovery codes, tokens), written to their files before anything is printed.
 *
 * <p>A file that cannot be written does not lose what the tenant already did: a recovery code goes to stdout
 * instead, the state file is kept, and {@link #deliver} ends with exit 1 naming the file.
 */
public final class SignInPresenter {
  /** Every key of the JSON object, in print order. */
  public static final List<String> KEYS = List.of("signed_in", "mfa_required", "authenticator_id", "authenticator_type",
      "oob_channel", "recipient", "active", "state_file", "expires_at", "mfa_token_expires_at", "recovery_codes",
      "recovery_code_file", "tokens", "token_file");

  /** The keys of the {@code tokens} object. */
  public static final List<String> TOKEN_KEYS = List.of("access_token", "id_token", "refresh_token", "token_type",
      "expires_in", "expires_at", "scope");

  private static final String UNCONFIRMED = "@|yellow Store this recovery code somewhere safe: it is valid if the"
      + " enrollment went through (mfa authenticators list shows whether it did), and it is shown only once.|@";

  private final Map<String, Object> json = new LinkedHashMap<>();
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

  public SignInPresenter(boolean signedIn, boolean mfaRequired) {
    for (String k : KEYS) {
      json.put(k, null);
    }
    json.put("signed_in", signedIn);
    json.put("mfa_required", mfaRequired);
    json.put("recovery_codes", List.of());
  }

  /** Sets one of {@link #KEYS}. */
  public SignInPresenter put(String key, Object value) {
    if (!json.containsKey(key)) {
      throw new IllegalStateException("not a result key: " + key);
    }
    json.put(key, value instanceof Instant t ? StateFile.rfc3339(t) : value);
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

  /** The authenticator involved: id, type, channel, recipient (masked) and whether it is active; nulls unknown. */
  public SignInPresenter authenticator(String id, AuthenticatorType type, OobChannel channel, String recipient, Boolean active) {
    put("authenticator_id", id);
    put("authenticator_type", type == null ? null : type.wireName());
    put("oob_channel", channel == null ? null : channel.wireName());
    put("recipient", recipient);
    put("active", active);
    return this;
  }

  /** The authenticator a flow enrolled or signed in with. */
  public SignInPresenter factor(FactorUsed f) {
    return authenticator(f.id(), f.type(), f.channel(), f.recipient(), f.active());
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
    return new SignInPresenter(true, true).factor(f).line(title + " authenticator" + (f.id() == null ? " confirmed"
        : " " + f.id() + (Boolean.TRUE.equals(f.active()) ? " is active" : " is not active yet")) + to + ".");
  }

  /** The authenticator as the tenant lists it. */
  public SignInPresenter authenticator(Authenticator a) {
    return authenticator(a.id(), a.authenticatorType(), a.oobChannel(), a.name(), a.active());
  }

  /**
   * Hands out recovery codes: written to {@code file} (0600) when given, else shown once with a warning to store
   * them. If the file cannot be written, they are shown instead (never lost).
   */
  public SignInPresenter recoveryCodes(List<String> codes, Path file) {
    return recoveryCodes(codes, file, true);
  }

  /**
   * Hands out the recovery codes of an enrollment whose outcome this run does not know (the confirming request
   * failed, or was never sent): like {@link #recoveryCodes(List, Path)}, with a warning that they are valid only if
   * the enrollment went through.
   */
  public SignInPresenter unconfirmedRecoveryCodes(List<String> codes, Path file) {
    return recoveryCodes(codes, file, false);
  }

  private SignInPresenter recoveryCodes(List<String> codes, Path file, boolean confirmed) {
    if (codes.isEmpty()) {
      return this;
    }
    if (file != null) {
      try {
        SecureFiles.writeAtomically(file, String.join("\n", codes) + "\n");
        put("recovery_code_file", file.toString());
        line("Recovery code saved to " + file + ".");
        if (!confirmed) {
          notes.add(UNCONFIRMED);
        }
        return this;
      } catch (IOException e) {
        unwritten.add(new Unwritten("--recovery-code-file", file, SecureFiles.reason(e, file)));
      }
    }
    put("recovery_codes", List.copyOf(codes));
    for (String code : codes) {
      line("Recovery code: @|bold " + code + "|@");
    }
    notes.add(confirmed ? "@|yellow Store this recovery code somewhere safe, such as a password manager: it is shown"
        + " only once, and it lets you sign in if you lose this factor.|@" : UNCONFIRMED);
    return this;
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
    notes.add(at, json.get("recovery_code_file") != null
        ? "That recovery code is now used up; its replacement is saved in " + file + "."
        : "That recovery code is now used up; here is its replacement.");
    return this;
  }

  /** Hands out tokens: in the JSON, and to {@code file} (0600 JSON) when given; never as text. */
  public SignInPresenter tokens(Tokens tokens, Path file) {
    if (tokens == null) {
      return this;
    }
    Map<String, Object> t = tokensJson(tokens);
    put("tokens", t);
    if (file != null) {
      try {
        SecureFiles.writeAtomically(file, Json.result(t) + "\n");
        put("token_file", file.toString());
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
      out.printJson(json);
    } else {
      lines.forEach(out::result);
    }
    notes.forEach(out::info);
  }

  /** Every key of {@link #TOKEN_KEYS}, null when the tenant sent none. */
  static Map<String, Object> tokensJson(Tokens tokens) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("access_token", tokens.accessToken() == null ? null : tokens.accessToken().value());
    t.put("id_token", tokens.idToken());
    t.put("refresh_token", tokens.refreshToken());
    t.put("token_type", tokens.tokenType());
    t.put("expires_in", tokens.expiresIn() == null ? null : tokens.expiresIn().toSeconds());
    t.put("expires_at", tokens.accessToken() == null ? null : StateFile.rfc3339(tokens.accessToken().expiresAt()));
    t.put("scope", tokens.scope());
    return t;
  }
}
