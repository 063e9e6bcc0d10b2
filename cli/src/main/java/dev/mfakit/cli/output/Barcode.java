package dev.mfakit.cli.output;

import io.nayuki.qrcodegen.DataTooLongException;
import io.nayuki.qrcodegen.QrCode;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The QR code of an enrollment's {@code barcode_uri}, drawn for a terminal (Unicode half blocks, as {@code qrencode
 * -t UTF8} draws it), or as a PNG or SVG file. The URI of an authenticator app holds its TOTP secret, so a barcode is
 * a secret too: it prints without its modules. Encoded by io.nayuki qrcodegen; drawn here.
 */
public final class Barcode {
  /** Light modules around the code: the quiet zone the QR standard asks for. */
  static final int QUIET_ZONE = 4;
  /** Pixels per module in a PNG: 8 makes an authenticator app's code about 420 pixels wide. */
  static final int PNG_SCALE = 8;

  /** A terminal cell holds two modules, one above the other; light modules are drawn in the foreground colour. */
  private static final char BOTH_LIGHT = '█';
  private static final char TOP_LIGHT = '▀';
  private static final char BOTTOM_LIGHT = '▄';
  private static final char BOTH_DARK = ' ';
  /**
   * Bright white on black: every module painted, none left to the terminal's background, so the code scans the
   * same off a dark or a light terminal ({@code qrencode -t ANSIUTF8} does the same with 40;37;1).
   */
  private static final String PAINT = "\u001b[97;40m";
  private static final String RESET = "\u001b[0m";

  private final QrCode qr;

  private Barcode(QrCode qr) {
    this.qr = qr;
  }

  /**
   * Encodes {@code text}: the smallest QR version that holds it, with the strongest error correction that fits that
   * version (at least LOW, as {@code qrencode}).
   *
   * @param text the text, e.g. an {@code otpauth://} URI
   * @return the barcode
   * @throws IllegalArgumentException when the text is too long for any QR code (never for a tenant's URI)
   */
  public static Barcode of(String text) {
    try {
      return new Barcode(QrCode.encodeText(text, QrCode.Ecc.LOW));
    } catch (DataTooLongException e) {
      throw new IllegalArgumentException("too long for a QR code");
    }
  }

  /**
   * The width (and height) in modules, quiet zone included.
   *
   * @return e.g. 53 for an authenticator app's URI
   */
  public int size() {
    return qr.size + 2 * QUIET_ZONE;
  }

  /** Whether the module at {@code (x, y)} of the picture (quiet zone included) is dark; outside it is light. */
  boolean dark(int x, int y) {
    return qr.getModule(x - QUIET_ZONE, y - QUIET_ZONE);
  }

  /**
   * The code as lines of half blocks: light modules drawn ({@code █ ▀ ▄}), dark ones blank, two rows of modules per
   * line; the last line's lower half, below the picture, counts as light. Reads right on a terminal with light text
   * on a dark background; see {@link #terminal(boolean)} for one that scans on any.
   *
   * @return {@code (size() + 1) / 2} lines of {@code size()} characters
   */
  public List<String> halfBlocks() {
    List<String> lines = new ArrayList<>();
    for (int y = 0; y < size(); y += 2) {
      StringBuilder line = new StringBuilder(size());
      for (int x = 0; x < size(); x++) {
        boolean topLight = !dark(x, y);
        boolean bottomLight = y + 1 >= size() || !dark(x, y + 1);
        line.append(topLight ? (bottomLight ? BOTH_LIGHT : TOP_LIGHT) : (bottomLight ? BOTTOM_LIGHT : BOTH_DARK));
      }
      lines.add(line.toString());
    }
    return lines;
  }

  /**
   * The code for a terminal: {@link #halfBlocks()}, each line painted bright white on black when {@code colour}
   * (the terminal's own colours then play no part), else plain.
   *
   * @param colour whether escape codes may be written (a terminal, and no {@code NO_COLOR})
   * @return the lines to print
   */
  public List<String> terminal(boolean colour) {
    List<String> lines = halfBlocks();
    if (!colour) {
      return lines;
    }
    List<String> painted = new ArrayList<>(lines.size());
    for (String line : lines) {
      painted.add(PAINT + line + RESET);
    }
    return painted;
  }

  /**
   * The code as an SVG image: a white square with a black path, one module per unit, scaled to 8 pixels a module.
   *
   * @return the SVG document
   */
  public String svg() {
    int n = size();
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < n; y++) {
      for (int x = 0; x < n; x++) {
        if (dark(x, y)) {
          path.append('M').append(x).append(',').append(y).append("h1v1h-1z");
        }
      }
    }
    return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" viewBox=\"0 0 " + n + " " + n + "\" width=\""
        + n * PNG_SCALE + "\" height=\"" + n * PNG_SCALE + "\" shape-rendering=\"crispEdges\">\n"
        + "<rect width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n"
        + "<path d=\"" + path + "\" fill=\"#000000\"/>\n"
        + "</svg>\n";
  }

  /**
   * The code as a PNG image, {@link #PNG_SCALE} pixels a module, black on white: one-bit greyscale, written here
   * (about 40 lines) rather than with javax.imageio, which costs a fresh run some 170 ms and 13 MB more to load.
   *
   * @return the PNG file's bytes
   */
  public byte[] png() {
    int width = size() * PNG_SCALE;
    int rowBytes = (width + 7) / 8;
    byte[] raw = new byte[(rowBytes + 1) * width]; // each row: filter type 0, then the pixels, 1 = white
    for (int y = 0; y < width; y++) {
      int row = y * (rowBytes + 1);
      for (int x = 0; x < width; x++) {
        if (!dark(x / PNG_SCALE, y / PNG_SCALE)) {
          raw[row + 1 + x / 8] |= (byte) (0x80 >>> (x % 8));
        }
      }
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    // IHDR: width, height, bit depth 1, colour type 0 (greyscale), deflate, filter 0, no interlace.
    chunk(png, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(width).put((byte) 1).put((byte) 0)
        .put((byte) 0).put((byte) 0).put((byte) 0).array());
    chunk(png, "IDAT", deflate(raw));
    chunk(png, "IEND", new byte[0]);
    return png.toByteArray();
  }

  private static byte[] deflate(byte[] data) {
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION); // zlib format, as PNG requires
    try {
      deflater.setInput(data);
      deflater.finish();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        out.write(buffer, 0, deflater.deflate(buffer));
      }
      return out.toByteArray();
    } finally {
      deflater.end();
    }
  }

  private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
    byte[] name = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(name);
    crc.update(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    png.writeBytes(name);
    png.writeBytes(data);
    png.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** The size only: the modules spell out the secret. */
  @Override
  public String toString() {
    return "Barcode[" + size() + "x" + size() + " modules, ██]";
  }
}
