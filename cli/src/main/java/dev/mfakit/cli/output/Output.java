package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.flow.Progress;
import dev.mfakit.cli.io.Json;

/**
 * Where a command's words go: results on stdout (text, or one JSON value with {@code --json}); progress, warnings
 * and prompts on stderr. Each stream is coloured by its own setting.
 */
public final class Output implements Progress {
  private final Context ctx;
  private final boolean json;

  /**
   * @param ctx the streams and their colour settings
   * @param json whether the result is one JSON value ({@code --json}) rather than text lines
   */
  public Output(Context ctx, boolean json) {
    this.ctx = ctx;
    this.json = json;
  }

  /** A result line on stdout (text mode only; JSON mode prints one value at the end instead). */
  public void result(String line) {
    if (!json) {
      ctx.out().println(Colours.render(ctx.ansi(), line));
      ctx.out().flush();
    }
  }

  /** Progress on stderr. */
  @Override
  public void info(String line) {
    ctx.err().println(Colours.render(ctx.errAnsi(), line));
    ctx.err().flush();
  }

  /** A warning on stderr, highlighted on a terminal. */
  @Override
  public void warn(String line) {
    info("@|yellow " + line + "|@");
  }

  /** The JSON result on stdout: every key, nulls included. */
  public void printJson(Object value) {
    ctx.out().println(Json.result(value));
    ctx.out().flush();
  }
}
