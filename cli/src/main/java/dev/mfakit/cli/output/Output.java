package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.command.OutputOptions;
import dev.mfakit.cli.io.Json;

/**
 * Where a command's words go: results on stdout (text, or one JSON value with {@code --json}); progress, warnings
 * and prompts on stderr. Each stream is coloured by its own setting.
 */
public final class Output {
  private final Context ctx;
  private final boolean json;

  public Output(Context ctx, OutputOptions options) {
    this.ctx = ctx;
    this.json = options.json;
  }

  /** A result line on stdout (text mode only; JSON mode prints one value at the end instead). */
  public void result(String line) {
    if (!json) {
      ctx.out().println(Colours.render(ctx.ansi(), line));
      ctx.out().flush();
    }
  }

  /** Progress on stderr. */
  public void info(String line) {
    ctx.err().println(Colours.render(ctx.errAnsi(), line));
    ctx.err().flush();
  }

  /** A warning on stderr, highlighted on a terminal. */
  public void warn(String line) {
    info("@|yellow " + line + "|@");
  }

  /** The JSON result on stdout: every key, nulls included. */
  public void printJson(Object value) {
    ctx.out().println(Json.result(value));
    ctx.out().flush();
  }
}
