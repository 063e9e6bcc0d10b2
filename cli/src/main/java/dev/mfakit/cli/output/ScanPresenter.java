package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.Failure;
import dev.mfakit.cli.flow.FactorKind;
import dev.mfakit.cli.flow.Scan;
import dev.mfakit.cli.io.SecureFiles;
import dev.mfakit.cli.io.TerminalWidth;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Shows what {@code mfa associate --authenticator-app} or {@code --push} asks the person to scan: the QR code drawn on
 * the terminal (stderr) with the secret in groups of four for typing, or written to {@code --qr-file} (PNG or SVG by
 * its extension, mode 600); the TOTP secret written to {@code --secret-file} as {@code oathtool -b} reads it. Keeps
 * the newest scan for the {@code --json} result. Nothing of it is ever shown where no person asked to see it.
 */
public final class ScanPresenter implements Consumer<Scan> {
  private final Context ctx;
  private final Output out;
  private final boolean draw;
  private final Path qrFile;
  private final Path secretFile;
  private Consumer<Scan> then = scan -> { };
  private Scan last;

  /**
   * @param ctx the streams (the QR code goes to stderr, painted when stderr has colours)
   * @param out where the words around it go
   * @param draw whether a person is at the terminal to scan a drawn code and read the secret
   * @param qrFile where to write the QR code instead of drawing it, or null
   * @param secretFile where to write the TOTP secret, or null
   */
  public ScanPresenter(Context ctx, Output out, boolean draw, Path qrFile, Path secretFile) {
    this.ctx = ctx;
    this.out = out;
    this.draw = draw;
    this.qrFile = qrFile;
    this.secretFile = secretFile;
  }

  /**
   * What to do once a scan is shown (the sandbox's phone approving a push).
   *
   * @param next called after each scan is shown
   * @return this
   */
  public ScanPresenter then(Consumer<Scan> next) {
    this.then = next;
    return this;
  }

  /**
   * The newest scan shown, for the {@code --json} result.
   *
   * @return the scan, or null when none was
   */
  public Scan last() {
    return last;
  }

  @Override
  public void accept(Scan scan) {
    last = scan;
    boolean app = scan.factor() == FactorKind.AUTHENTICATOR_APP;
    String scanner = app ? "your authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, Authy,"
        + " ...)" : "the Guardian app (Auth0 Guardian, from the App Store or Google Play)";
    Barcode barcode = Barcode.of(scan.barcodeUri());
    if (qrFile != null) {
      write("--qr-file", qrFile, qrFile.toString().toLowerCase(Locale.ROOT).endsWith(".svg")
          ? barcode.svg().getBytes(StandardCharsets.UTF_8) : barcode.png());
      out.info("QR code saved to " + qrFile + " (mode 600). Open it and scan it with " + scanner + "; then delete it,"
          + " it holds the " + (app ? "secret." : "enrollment."));
    } else if (draw) {
      boolean terminal = ctx.errAnsi().enabled();
      int columns = terminal ? TerminalWidth.columns() : 0;
      if (columns > 0 && columns < barcode.size()) {
        // A wrapped line breaks the code for any camera; the key below still works.
        out.warn("This terminal is " + columns + " columns wide and the QR code needs " + barcode.size() + ": widen"
            + " the window (or zoom out) and run the command again, or use --qr-file qr.png.");
      }
      out.info("Scan this QR code with " + scanner + ":");
      ctx.err().println();
      for (String line : barcode.terminal(terminal)) {
        ctx.err().println(line);
      }
      ctx.err().println();
      ctx.err().flush();
    }
    if (app && draw && scan.secret() != null) {
      out.info("Or type this key into the app: @|bold " + groupsOfFour(scan.secret()) + "|@");
    }
    if (app && secretFile != null && scan.secret() != null) {
      write("--secret-file", secretFile, (scan.secret() + "\n").getBytes(StandardCharsets.UTF_8));
      out.info("Secret saved to " + secretFile + " (mode 600); mfa otp --secret-file " + Shell.quote(secretFile)
          + " prints its current code.");
    }
    then.accept(scan);
  }

  /** {@code HJ6XM2DNERXD} as {@code HJ6X M2DN ERXD}, as apps show a key for typing. */
  static String groupsOfFour(String secret) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < secret.length(); i += 4) {
      if (i > 0) {
        s.append(' ');
      }
      s.append(secret, i, Math.min(secret.length(), i + 4));
    }
    return s.toString();
  }

  private static void write(String option, Path file, byte[] content) {
    try {
      SecureFiles.writeAtomically(file, content);
    } catch (IOException e) {
      throw new Failure(ExitCode.INTERNAL, "the enrollment started, but " + option + " " + file + " could not be"
          + " written (" + SecureFiles.reason(e, file) + "), so it cannot be finished. Fix the path and run the"
          + " command again");
    }
  }

  @Override
  public String toString() {
    return "ScanPresenter[draw=" + draw + ", qrFile=" + qrFile + ", secretFile=" + secretFile + ", last=" + last + "]";
  }
}
