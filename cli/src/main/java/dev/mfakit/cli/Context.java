package dev.mfakit.cli;

import dev.mfakit.client.Sleeper;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Help.Ansi;

/**
 * Everything a command may touch outside itself: environment, standard streams, the prompter, the config
 * directory, time, and how {@code mfa sandbox} waits for the end. Commands never reach for {@code System.*};
 * tests build a Context with in-memory streams and a scripted prompter.
 *
 * @param env the environment variables
 * @param stdin standard input, read for {@code -} option values
 * @param out results (stdout)
 * @param err prompts, progress, warnings and errors (stderr)
 * @param prompter asks the person at the terminal
 * @param configHome the mfakit config directory (holds {@code profiles})
 * @param clock the time source given to the client
 * @param sleeper how the client waits between retries
 * @param shutdown how {@code mfa sandbox} waits until it should stop
 * @param ansi whether to colour the output
 */
public record Context(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err,
                      Prompter prompter, Path configHome, Clock clock, Sleeper sleeper, Shutdown shutdown,
                      Ansi ansi) {

  /** Validates and copies the environment. */
  public Context {
    env = Map.copyOf(env);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(prompter, "prompter");
    Objects.requireNonNull(configHome, "configHome");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(shutdown, "shutdown");
    Objects.requireNonNull(ansi, "ansi");
  }

  /**
   * Blocks {@code mfa sandbox} until it should stop, then lets it clean up.
   */
  @FunctionalInterface
  public interface Shutdown {
    /**
     * Waits until the process is asked to stop, making sure {@code cleanup} runs before it exits.
     *
     * @param cleanup closes what the command started (idempotent)
     * @throws InterruptedException if the waiting thread is interrupted
     */
    void await(Runnable cleanup) throws InterruptedException;
  }

  /**
   * The real process: System streams, the console, {@code $XDG_CONFIG_HOME/mfakit} (or
   * {@code ~/.config/mfakit}), the system clock, and Ctrl-C as the end of {@code mfa sandbox}.
   *
   * @return the production context
   */
  public static Context system() {
    Map<String, String> env = System.getenv();
    Charset charset = consoleCharset();
    return new Context(env, System.in,
        new PrintWriter(new OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new OutputStreamWriter(System.err, charset), true),
        Prompter.console(), configHome(env, Path.of(System.getProperty("user.home"))), Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()), Context::untilCtrlC,
        env.containsKey("NO_COLOR") ? Ansi.OFF : Ansi.AUTO);
  }

  /**
   * Where profiles live: {@code $XDG_CONFIG_HOME/mfakit} when that variable is an absolute path, else
   * {@code HOME/.config/mfakit}.
   *
   * @param env the environment
   * @param home the user's home directory
   * @return the config directory (may not exist)
   */
  public static Path configHome(Map<String, String> env, Path home) {
    String xdg = env.get("XDG_CONFIG_HOME");
    if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
      return Path.of(xdg, "mfakit");
    }
    return home.resolve(".config").resolve("mfakit");
  }

  private static Charset consoleCharset() {
    String enc = System.getProperty("stdout.encoding");
    try {
      return enc == null ? Charset.defaultCharset() : Charset.forName(enc);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  // Ctrl-C runs shutdown hooks and then halts; the hook itself does the cleanup so it happens before the halt.
  private static void untilCtrlC(Runnable cleanup) throws InterruptedException {
    Runtime.getRuntime().addShutdownHook(new Thread(cleanup, "mfa-sandbox-shutdown"));
    new CountDownLatch(1).await();
  }
}
