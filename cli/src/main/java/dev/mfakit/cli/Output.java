package dev.mfakit.cli;

import dev.mfakit.client.Tokens;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a command's words go: results on stdout (text, or one JSON value with {@code --json}); progress,
 * warnings and prompts on stderr. Also the two secrets a verb exists to hand out: recovery codes and tokens.
 */
final class Output {
  private final Context ctx;
  private final boolean json;

  Output(Context ctx, OutputOptions options) {
    this.ctx = ctx;
    this.json = options.json;
  }

  /** A result line on stdout (text mode only; JSON mode prints one value at the end instead). */
  void result(String line) {
    if (!json) {
      ctx.out().println(Colours.render(ctx.ansi(), line));
      ctx.out().flush();
    }
  }

  /** Progress on stderr. */
  void info(String line) {
    ctx.err().println(Colours.render(ctx.errAnsi(), line));
    ctx.err().flush();
  }

  /** A warning on stderr, highlighted on a terminal. */
  void warn(String line) {
    info("@|yellow " + line + "|@");
  }

  /** The JSON result on stdout. */
  void printJson(Object value) {
    ctx.out().println(Json.pretty(value));
    ctx.out().flush();
  }

  /**
   * Hands out a recovery code: written to {@code file} (0600) when given, else printed once on stdout (text) or
   * put in {@code result} (JSON), with a warning on stderr to store it.
   *
   * @param result the JSON result being built (gets {@code recovery_codes} or {@code recovery_code_file})
   */
  void recoveryCodes(List<String> codes, Path file, Map<String, Object> result) throws IOException {
    if (codes.isEmpty()) {
      return;
    }
    if (file != null) {
      SecureFiles.writeAtomically(file, String.join("\n", codes) + "\n");
      result.put("recovery_code_file", file.toString());
      result("Recovery code saved to " + file + ".");
      return;
    }
    result.put("recovery_codes", codes);
    for (String code : codes) {
      result("Recovery code: @|bold " + code + "|@");
    }
    warn("Store this recovery code somewhere safe, such as a password manager: it is shown only once, and it"
        + " lets you sign in if you lose this factor.");
  }

  /**
   * Hands out tokens only when asked: into {@code result} with {@code --json}, and to {@code file} (0600 JSON)
   * with {@code --token-file}.
   */
  void tokens(Tokens tokens, Path file, Map<String, Object> result) throws IOException {
    if (tokens == null) {
      return;
    }
    Map<String, Object> t = tokensJson(tokens);
    if (file != null) {
      SecureFiles.writeAtomically(file, Json.pretty(t) + "\n");
      result.put("token_file", file.toString());
      result("Tokens saved to " + file + ".");
    }
    if (json) {
      result.put("tokens", t);
    }
  }

  static Map<String, Object> tokensJson(Tokens tokens) {
    Map<String, Object> t = new LinkedHashMap<>();
    t.put("access_token", tokens.accessToken() == null ? null : tokens.accessToken().value());
    t.put("id_token", tokens.idToken());
    t.put("refresh_token", tokens.refreshToken());
    t.put("token_type", tokens.tokenType());
    t.put("expires_in", tokens.expiresIn() == null ? null : tokens.expiresIn().toSeconds());
    t.put("expires_at", tokens.accessToken() == null ? null : State.rfc3339(tokens.accessToken().expiresAt()));
    t.put("scope", tokens.scope());
    return t;
  }
}
