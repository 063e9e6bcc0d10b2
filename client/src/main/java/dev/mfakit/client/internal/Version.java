package dev.mfakit.client.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The client's version, from a resource Maven fills in at build time; sent as {@code User-Agent: mfakit/<v>}. */
public final class Version {
  private static final String VERSION = load();

  private Version() {}

  /** The User-Agent header value; the version is {@code dev} when run from unfiltered sources. */
  public static String userAgent() {
    return "mfakit/" + VERSION;
  }

  private static String load() {
    try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
      if (in == null) {
        return "dev";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "dev").trim();
      return v.isEmpty() || v.startsWith("${") ? "dev" : v;
    } catch (IOException e) {
      return "dev";
    }
  }
}
