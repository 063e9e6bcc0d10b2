package dev.mfakit.cli;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.NotFoundException;
import com.google.zxing.ChecksumException;
import com.google.zxing.FormatException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;

/**
 * Reads back the QR codes mfa draws, with ZXing (an independent decoder) and the JDK's PNG reader: from the text a
 * terminal shows (half blocks, light modules drawn), from a PNG file, from an SVG file. A test reads a code as a phone
 * would: pixels, not mfa's own model of them.
 */
final class QrImages {
  /** Pixels per module when a picture of modules is rasterised for the decoder. */
  private static final int SCALE = 4;
  private static final Pattern ESCAPE = Pattern.compile("\u001b\\[[0-9;]*m");
  private static final Pattern SVG_MODULE = Pattern.compile("M(\\d+),(\\d+)h1v1h-1z");

  private QrImages() {}

  /**
   * The modules a terminal shows: each character is two modules, one above the other; {@code █ ▀ ▄} draw the light
   * ones, a space leaves both dark. Colour escapes are dropped; every line must be as wide as the first.
   *
   * @param lines the drawn lines (and nothing else)
   * @return dark modules, [row][column]
   */
  static boolean[][] fromHalfBlocks(List<String> lines) {
    List<String> plain = new ArrayList<>();
    for (String l : lines) {
      plain.add(ESCAPE.matcher(l).replaceAll(""));
    }
    int width = plain.get(0).length();
    boolean[][] dark = new boolean[plain.size() * 2][width];
    for (int row = 0; row < plain.size(); row++) {
      String l = plain.get(row);
      if (l.length() != width) {
        throw new AssertionError("line " + row + " is " + l.length() + " characters wide, not " + width);
      }
      for (int x = 0; x < width; x++) {
        char c = l.charAt(x);
        boolean topLight = c == '█' || c == '▀';
        boolean bottomLight = c == '█' || c == '▄';
        if (c != '█' && c != '▀' && c != '▄' && c != ' ') {
          throw new AssertionError("not a half block: '" + c + "' in line " + row);
        }
        dark[2 * row][x] = !topLight;
        dark[2 * row + 1][x] = !bottomLight;
      }
    }
    return dark;
  }

  /** The modules of an SVG as mfa writes it: a white background and one path of unit squares ("Mx,yh1v1h-1z"). */
  static boolean[][] fromSvg(String svg) {
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(svg);
    if (!box.find() || !svg.contains("fill=\"#ffffff\"") || !svg.contains("fill=\"#000000\"")) {
      throw new AssertionError("not a black-on-white SVG with a viewBox:\n" + svg);
    }
    int size = Integer.parseInt(box.group(1));
    boolean[][] dark = new boolean[size][size];
    Matcher m = SVG_MODULE.matcher(svg);
    while (m.find()) {
      dark[Integer.parseInt(m.group(2))][Integer.parseInt(m.group(1))] = true;
    }
    return dark;
  }

  /** Decodes modules ([row][column], true = dark), scaled up and given a white margin, as a photo of them. */
  static String decode(boolean[][] dark) {
    int h = dark.length;
    int w = dark[0].length;
    int margin = 2 * SCALE;
    int width = w * SCALE + 2 * margin;
    int height = h * SCALE + 2 * margin;
    int[] pixels = new int[width * height];
    java.util.Arrays.fill(pixels, 0xffffffff);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        if (dark[y][x]) {
          for (int dy = 0; dy < SCALE; dy++) {
            for (int dx = 0; dx < SCALE; dx++) {
              pixels[(margin + y * SCALE + dy) * width + margin + x * SCALE + dx] = 0xff000000;
            }
          }
        }
      }
    }
    return decode(new RGBLuminanceSource(width, height, pixels));
  }

  /** Decodes a PNG file's bytes with the JDK's reader and ZXing. */
  static String decodePng(byte[] png) throws IOException {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    if (img == null) {
      throw new AssertionError("not a PNG the JDK can read");
    }
    int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    return decode(new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels));
  }

  /**
   * Reads the code as a camera app would (finding it by its finder patterns); if that fails, as the pristine picture
   * it is (ZXing's pure-barcode mode, which still checks every codeword). ZXing's detector misplaces its sampling grid
   * on about 1 in 100 of these perfect renderings of a 53-module code (a ChecksumException) where zbarimg reads the
   * same PNG files; a broken code fails both ways.
   */
  private static String decode(RGBLuminanceSource source) {
    BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(source));
    try {
      return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.TRY_HARDER, Boolean.TRUE)).getText();
    } catch (NotFoundException | ChecksumException | FormatException asFound) {
      try {
        return new QRCodeReader().decode(bitmap, Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
      } catch (NotFoundException | ChecksumException | FormatException e) {
        e.addSuppressed(asFound);
        throw new AssertionError("ZXing could not read the QR code: " + e, e);
      }
    }
  }
}
