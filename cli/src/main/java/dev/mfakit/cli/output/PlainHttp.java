package dev.mfakit.cli.output;

import dev.mfakit.cli.Context;
import dev.mfakit.cli.ExitCode;
import dev.mfakit.cli.io.Settings;
import dev.mfakit.cli.io.Settings.Key;
import dev.mfakit.cli.io.StateFile;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import picocli.CommandLine.ParseResult;

/**
 * Plain {@code http://} to a tenant that speaks HTTPS ({@code mfa sandbox --https}): the server cannot read the
 * request and closes the connection (the JDK's server does so without a byte) or answers with a TLS record, which the
 * client can only report as a connection that failed, perhaps after the request was sent. When a run's tenant is a
 * loopback {@code http://} URL (the only plain one allowed) and its connection failed, the port is asked for a TLS
 * handshake: one that answers it speaks HTTPS, read nothing of the request, and the run is told to use
 * {@code https://}. Nothing is sent but a TLS hello, and only after such a failure.
 */
final class PlainHttp {
  private static final int PATIENCE_MS = 2000;

  private PlainHttp() {}

  /**
   * What to say when the failed run's tenant is a loopback {@code http://} URL whose port speaks TLS.
   *
   * @param parseResult the run's command line, for {@code --domain}, {@code --profile} and {@code --state}
   * @return the report (exit 2: the address was wrong, and nothing was applied), or empty
   */
  static Optional<Errors.Report> toTls(Context ctx, ParseResult parseResult) {
    Settings.Sourced domain = domain(ctx, parseResult);
    URI url = domain == null ? null : loopbackHttp(domain.value());
    if (url == null) {
      return Optional.empty();
    }
    int port = url.getPort() < 0 ? 80 : url.getPort();
    if (!speaksTls(url.getHost(), port)) {
      return Optional.empty();
    }
    String hostPort = url.getHost() + ":" + port;
    return Optional.of(new Errors.Report(ExitCode.USAGE, "the tenant at http://" + hostPort + " speaks HTTPS, so it"
        + " read nothing of the request: use https://" + hostPort + " (in " + domain.source() + "), with --ca-file"
        + " and the CA file mfa sandbox --https wrote"));
  }

  /** The tenant of the run as its session resolved it: flag, state file, environment, profile; null if unknown. */
  private static Settings.Sourced domain(Context ctx, ParseResult parseResult) {
    ParseResult leaf = parseResult;
    while (leaf != null && leaf.subcommand() != null) {
      leaf = leaf.subcommand();
    }
    if (leaf == null) {
      return null;
    }
    try {
      StateFile state = null;
      Path stateFile = leaf.matchedOptionValue("--state", null);
      if (stateFile != null && Files.exists(stateFile)) {
        state = StateFile.read(stateFile);
      }
      return Settings.load(ctx.env(), ctx.configHome(), leaf.matchedOptionValue("--profile", null), state)
          .get(Key.DOMAIN, leaf.<String>matchedOptionValue("--domain", null));
    } catch (RuntimeException e) {
      return null; // a settings problem was reported by the run itself, if it mattered
    }
  }

  /** The URL when it is plain http on a loopback host, else null. */
  private static URI loopbackHttp(String value) {
    URI url;
    try {
      url = URI.create(value.strip());
    } catch (IllegalArgumentException e) {
      return null;
    }
    String host = url.getHost();
    if (!"http".equalsIgnoreCase(url.getScheme()) || host == null) {
      return null;
    }
    boolean loopback = host.equalsIgnoreCase("localhost") || host.equals("[::1]")
        || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    return loopback ? url : null;
  }

  /**
   * Whether the port completes a TLS handshake, or fails it over the certificate (a private CA, as the sandbox's): a
   * server that speaks TLS. A plain HTTP server, or none, fails it otherwise.
   */
  static boolean speaksTls(String host, int port) {
    String address = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(address, port), PATIENCE_MS);
      raw.setSoTimeout(PATIENCE_MS);
      try (SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
          .createSocket(raw, address, port, false)) {
        tls.startHandshake();
        return true;
      }
    } catch (SSLHandshakeException e) {
      for (Throwable t = e; t != null; t = t.getCause()) {
        if (t instanceof java.security.cert.CertificateException) {
          return true;
        }
      }
      return false;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
