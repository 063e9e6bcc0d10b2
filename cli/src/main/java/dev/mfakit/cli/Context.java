package dev.mfakit.cli;

import dev.mfakit.cli.io.Prompter;
import dev.mfakit.client.Sleeper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
 * @param home the user's home directory ({@code ~} in profile paths)
 * @param clock the time source given to the client
 * @param sleeper how the client waits between retries
 * @param shutdown how {@code mfa sandbox} waits until it should stop
 * @param ansi whether to colour stdout
 * @param errAnsi whether to colour stderr (decided apart: {@code 2>file} must not get escape codes)
 */
public record Context(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err,
                      Prompter prompter, Path configHome, Path home, Clock clock, Sleeper sleeper,
                      Shutdown shutdown, Ansi ansi, Ansi errAnsi) {

  /** Validates and copies the environment. */
  public Context {
    env = Map.copyOf(env);
    Objects.requireNonNull(stdin, "stdin");
    Objects.requireNonNull(out, "out");
    Objects.requireNonNull(err, "err");
    Objects.requireNonNull(prompter, "prompter");
    Objects.requireNonNull(configHome, "configHome");
    Objects.requireNonNull(home, "home");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(sleeper, "sleeper");
    Objects.requireNonNull(shutdown, "shutdown");
    Objects.requireNonNull(ansi, "ansi");
    Objects.requireNonNull(errAnsi, "errAnsi");
  }

  /**
   * A context with one colour setting for both streams, and the home directory taken from {@code HOME} in
   * {@code env} (else the config home): what tests and embedders usually want.
   *
   * @param env the environment variables
   * @param stdin standard input
   * @param out results (stdout)
   * @param err prompts, progress, warnings and errors (stderr)
   * @param prompter asks the person at the terminal
   * @param configHome the mfakit config directory
   * @param clock the time source given to the client
   * @param sleeper how the client waits between retries
   * @param shutdown how {@code mfa sandbox} waits until it should stop
   * @param ansi whether to colour stdout and stderr
   */
  public Context(Map<String, String> env, InputStream stdin, PrintWriter out, PrintWriter err, Prompter prompter,
                 Path configHome, Clock clock, Sleeper sleeper, Shutdown shutdown, Ansi ansi) {
    this(env, stdin, out, err, prompter, configHome,
        env.get("HOME") == null || env.get("HOME").isBlank() ? configHome : Path.of(env.get("HOME")),
        clock, sleeper, shutdown, ansi, ansi);
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
   * {@code $HOME/.config/mfakit}), the system clock, and Ctrl-C as the end of {@code mfa sandbox}.
   *
   * @return the production context
   */
  public static Context system() {
    Map<String, String> env = System.getenv();
    Charset charset = consoleCharset();
    Path home = home(env, System.getProperty("user.home"));
    return new Context(env, System.in,
        new PrintWriter(new OutputStreamWriter(System.out, charset), true),
        new PrintWriter(new OutputStreamWriter(System.err, charset), true),
        Prompter.console(), configHome(env, home), home, Clock.systemUTC(),
        d -> Thread.sleep(d.toMillis()), Context::untilCtrlC,
        colour(env, isTerminal(1)), colour(env, isTerminal(2)));
  }

  /**
   * Whether to colour one stream: never with {@code NO_COLOR} set or {@code TERM=dumb}; else only when the stream
   * is a terminal; when that cannot be told (no {@code /proc}), picocli's own guess.
   *
   * @param env the environment
   * @param terminal whether the stream is a terminal, or null when unknown
   * @return the colour setting for that stream
   */
  public static Ansi colour(Map<String, String> env, Boolean terminal) {
    if (env.containsKey("NO_COLOR") || "dumb".equals(env.get("TERM"))) {
      return Ansi.OFF;
    }
    if (terminal == null) {
      return Ansi.AUTO;
    }
    return terminal ? Ansi.ON : Ansi.OFF;
  }

  /** Whether file descriptor {@code fd} is a terminal (Linux: where /proc/self/fd points), or null if unknown. */
  private static Boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return null;
    }
  }

  /**
   * The home directory {@code ~} means: {@code $HOME} from the environment, as the shell that started mfa expands
   * {@code ~} (a container, CI, {@code sudo -E} or a temporary {@code HOME} set it, and the README's paths follow
   * it); the JVM's {@code user.home}, which comes from the user database, only when {@code HOME} is unset or not
   * an absolute path.
   *
   * @param env the environment
   * @param userHome the JVM's {@code user.home}
   * @return the home directory
   */
  public static Path home(Map<String, String> env, String userHome) {
    String h = env.get("HOME");
    if (h != null && !h.isBlank() && Path.of(h).isAbsolute()) {
      return Path.of(h);
    }
    return Path.of(userHome);
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
