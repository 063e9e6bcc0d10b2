package dev.mfakit.cli.output;

import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Help.Ansi.IStyle;
import picocli.CommandLine.Help.Ansi.Style;
import picocli.CommandLine.Help.ColorScheme;

/**
 * Colour for one stream. picocli's {@code bold} ends with {@code ESC[21m}, which many terminals read as "double
 * underline"; SGR 22 is the code that turns bold off, so markup and help use that instead.
 */
public final class Colours {
  private static final String PICOCLI_BOLD_OFF = "\u001B[21m";
  private static final String BOLD_OFF = "\u001B[22m";

  /** Bold that ends with SGR 22 (normal intensity). */
  static final IStyle BOLD = new IStyle() {
    @Override
    public String on() {
      return "\u001B[1m";
    }

    @Override
    public String off() {
      return BOLD_OFF;
    }
  };

  private Colours() {}

  /** Renders picocli markup ({@code @|bold x|@}) for a stream with colour setting {@code ansi}. */
  public static String render(Ansi ansi, String markup) {
    return ansi.string(markup).replace(PICOCLI_BOLD_OFF, BOLD_OFF);
  }

  /** The help colours (picocli's defaults, with a bold that ends correctly). */
  public static ColorScheme helpScheme(Ansi ansi) {
    return new ColorScheme.Builder(ansi)
        .commands(BOLD)
        .options(Style.fg_yellow)
        .parameters(Style.fg_yellow)
        .optionParams(Style.italic)
        .errors(Style.fg_red, BOLD)
        .stackTraces(Style.italic)
        .build();
  }
}
