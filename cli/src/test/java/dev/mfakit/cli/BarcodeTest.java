package dev.mfakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mfakit.cli.output.Barcode;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The QR code drawn for a terminal, and written as PNG and SVG, reads back as the URI it was made of. */
class BarcodeTest {
  /** A recorded authenticator-app barcode_uri (docs: auth0-mfa-api.md §3.1). */
  static final String URI = "otpauth://totp/My%20Test%20Tenant:user%40example.com?secret="
      + "HJ6XM2DNERXDAVCUONGWKRTCMNTU6VDF&issuer=My%20Test%20Tenant&algorithm=SHA1&digits=6&period=30";

  private final Barcode barcode = Barcode.of(URI);

  @Test
  void theHalfBlocksAreSquareWithAQuietZoneAndReadBack() {
    List<String> lines = barcode.halfBlocks();

    int size = barcode.size();
    assertEquals((size + 1) / 2, lines.size(), "two rows of modules per line");
    for (String line : lines) {
      assertEquals(size, line.length(), "one column of modules per character");
      assertTrue(line.startsWith("████") && line.endsWith("████"), "4 light modules left and right: " + line);
    }
    assertEquals("█".repeat(size), lines.get(0), "4 light rows on top");
    assertEquals("█".repeat(size), lines.get(1));
    assertEquals(URI, QrImages.decode(QrImages.fromHalfBlocks(lines)));
  }

  @Test
  void aTerminalWithColourGetsEveryModulePaintedAndTheSameCode() {
    List<String> painted = barcode.terminal(true);
    List<String> plain = barcode.terminal(false);

    assertEquals(barcode.halfBlocks(), plain);
    for (int i = 0; i < painted.size(); i++) {
      assertEquals("\u001b[97;40m" + plain.get(i) + "\u001b[0m", painted.get(i), "bright white on black, reset");
    }
    assertEquals(URI, QrImages.decode(QrImages.fromHalfBlocks(painted)));
  }

  @Test
  void thePngAndTheSvgReadBack() throws IOException {
    byte[] png = barcode.png();
    String svg = barcode.svg();

    assertEquals(URI, QrImages.decodePng(png));
    assertEquals(URI, QrImages.decode(QrImages.fromSvg(svg)));
    assertTrue(svg.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""),
        svg);
  }

  @Test
  void aBarcodePrintsWithoutItsModules() {
    assertEquals("Barcode[" + barcode.size() + "x" + barcode.size() + " modules, ██]", barcode.toString());
    assertFalse(barcode.toString().contains("HJ6X"));
  }
}
