package dev.mfakit.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP listener that counts connections, to prove that bad input sends nothing ({@link #connections()}
 * stays 0). It never answers: {@link Mode#CLOSE} drops each connection at once; {@link Mode#READ_THEN_CLOSE}
 * reads the whole request first, so the client cannot know whether it was applied.
 */
final class LoopbackServer implements AutoCloseable {
  enum Mode { CLOSE, READ_THEN_CLOSE }

  private final ServerSocket socket;
  private final AtomicInteger connections = new AtomicInteger();
  private final Thread acceptor;

  /** Listens on an ephemeral loopback port; unchecked, so a test can make one in a field initializer. */
  LoopbackServer(Mode mode) {
    try {
      socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    acceptor = new Thread(() -> {
      while (!socket.isClosed()) {
        try (Socket s = socket.accept()) {
          connections.incrementAndGet();
          if (mode == Mode.READ_THEN_CLOSE) {
            readRequest(s.getInputStream());
          }
        } catch (IOException e) {
          // closed, or the client went away: either way the count is what matters
        }
      }
    }, "loopback-counter");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  String url() {
    return "http://127.0.0.1:" + socket.getLocalPort();
  }

  int connections() {
    return connections.get();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Reads headers and a Content-Length body. */
  private static void readRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        return;
      }
      head.append((char) b);
    }
    int length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
        length = Integer.parseInt(line.substring(15).trim());
      }
    }
    in.readNBytes(length);
  }

}
