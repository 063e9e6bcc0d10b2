package dev.mfakit.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Help.Ansi;

/** Runs the real command line in-process with in-memory stdin/stdout/stderr, a scripted prompter and fake env. */
final class Cli {
  final Map<String, String> env = new HashMap<>();
  final List<Duration> sleeps = new ArrayList<>();
  /** What each of the client's sleeps does besides being recorded (nothing: tests never wait). */
  dev.mfakit.client.Sleeper onSleep = d -> { };
  /** The time of the run (the client's, the prompts', the status line's). */
  Clock clock = Clock.systemUTC();
  Path configHome;
  ScriptedPrompter prompter = ScriptedPrompter.none();
  String stdin = "";
  Context.Shutdown shutdown = cleanup -> cleanup.run();
  /** Colour of stdout and stderr (off: tests read plain text unless they ask). */
  Ansi outAnsi = Ansi.OFF;
  Ansi errAnsi = Ansi.OFF;
  /** Sees every complete stderr line as it is written (a person reading the terminal). */
  Consumer<String> errListener = line -> { };
  /** Sees every complete stdout line as it is written. */
  Consumer<String> outListener = line -> { };

  Cli(Path configHome) {
    this.configHome = configHome;
  }

  /** Environment pointing at the sandbox client (but not at a tenant: pass --domain). */
  static Cli forSandboxClient(Path configHome) {
    Cli cli = new Cli(configHome);
    cli.env.put("AUTH0_CLIENT_ID", "sandbox-client");
    cli.env.put("AUTH0_CLIENT_SECRET", "sandbox-secret");
    return cli;
  }

  Cli prompter(ScriptedPrompter p) {
    this.prompter = p;
    return this;
  }

  Cli stdin(String s) {
    this.stdin = s;
    return this;
  }

  Cli env(String k, String v) {
    env.put(k, v);
    return this;
  }

  Context context(StringWriter out, StringWriter err) {
    return new Context(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintWriter(new LineTee(out, outListener), true), new PrintWriter(new LineTee(err, errListener), true),
        prompter, configHome,
        configHome, clock, d -> {
          sleeps.add(d);
          onSleep.sleep(d);
        }, shutdown, outAnsi, errAnsi);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(context(out, err), args);
    return new Result(code, out.toString(), err.toString());
  }

  /**
   * Starts {@code mfa ARGS} on another thread, for a verb that serves until it is shut down ({@code mfa sandbox}):
   * its shutdown hook waits for {@link Background#stop()}.
   */
  Background background(String... args) {
    return new Background(this, args);
  }

  /** A run of a long-lived verb: what it printed so far, waits for a line to appear, and its shutdown. */
  static final class Background {
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CompletableFuture<Integer> exit;

    private Background(Cli cli, String... args) {
      cli.shutdown = cleanup -> {
        stop.await();
        cleanup.run();
      };
      cli.outListener = line -> lineWritten();
      cli.errListener = line -> lineWritten();
      Context ctx = cli.context(out, err);
      exit = CompletableFuture.supplyAsync(() -> Main.run(ctx, args));
    }

    private synchronized void lineWritten() {
      notifyAll();
    }

    /** Waits until stdout so far satisfies {@code done}, and returns it. */
    String awaitOut(Predicate<String> done) {
      return await("stdout", out, done);
    }

    /** Waits until stderr so far satisfies {@code done}, and returns it. */
    String awaitErr(Predicate<String> done) {
      return await("stderr", err, done);
    }

    /** Waits until {@code pattern} is found on stdout, and returns its first group. */
    String awaitOut(Pattern pattern) {
      Matcher m = pattern.matcher(awaitOut(text -> pattern.matcher(text).find()));
      if (!m.find()) {
        throw new AssertionError("stdout stopped matching " + pattern);
      }
      return m.group(1);
    }

    /** Shuts the verb down as Ctrl-C would, and returns its exit code. */
    int stop() throws Exception {
      stop.countDown();
      return exit.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }

    // Woken by each complete line rather than spinning: the verb's own threads need the CPU.
    private synchronized String await(String name, StringWriter stream, Predicate<String> done) {
      long deadline = System.nanoTime() + PATIENCE.toNanos();
      try {
        while (!done.test(stream.toString())) {
          long left = deadline - System.nanoTime();
          if (left <= 0 || exit.isDone()) {
            throw new AssertionError("waited " + PATIENCE.toSeconds() + " s for " + name + " in vain (exit "
                + (exit.isDone() ? exit.join() : "not yet") + "); so far:\n" + stream);
          }
          TimeUnit.NANOSECONDS.timedWait(this, left);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      return stream.toString();
    }
  }

  /** What one run produced. */
  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- stdout ---\n" + out + "--- stderr ---\n" + err;
    }

    /** The stderr lines. */
    List<String> errLines() {
      return err.isEmpty() ? List.of() : List.of(err.split("\n"));
    }
  }

  /** Writes through to a StringWriter and hands each finished line to a listener. */
  private static final class LineTee extends Writer {
    private final StringWriter target;
    private final Consumer<String> listener;
    private final StringBuilder line = new StringBuilder();

    LineTee(StringWriter target, Consumer<String> listener) {
      this.target = target;
      this.listener = listener;
    }

    @Override
    public synchronized void write(char[] cbuf, int off, int len) {
      target.write(cbuf, off, len);
      for (int i = off; i < off + len; i++) {
        if (cbuf[i] == '\n') {
          listener.accept(line.toString());
          line.setLength(0);
        } else {
          line.append(cbuf[i]);
        }
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}
  }
}
