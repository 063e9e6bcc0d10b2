package dev.mfakit.cli;

import java.io.ByteArrayInputStream;
import java.io.Writer;
import java.util.function.Consumer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Help.Ansi;

/** Runs the real command line in-process with in-memory stdin/stdout/stderr, a scripted prompter and fake env. */
final class Cli {
  final Map<String, String> env = new HashMap<>();
  final List<Duration> sleeps = new ArrayList<>();
  Path configHome;
  ScriptedPrompter prompter = ScriptedPrompter.none();
  String stdin = "";
  Context.Shutdown shutdown = cleanup -> cleanup.run();
  /** Colour of stdout and stderr (off: tests read plain text unless they ask). */
  Ansi outAnsi = Ansi.OFF;
  Ansi errAnsi = Ansi.OFF;
  /** Sees every complete stderr line as it is written (a person reading the terminal). */
  Consumer<String> errListener = line -> { };

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
        new PrintWriter(out, true), new PrintWriter(new LineTee(err, errListener), true), prompter, configHome,
        configHome, Clock.systemUTC(), sleeps::add, shutdown, outAnsi, errAnsi);
  }

  Result run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.run(context(out, err), args);
    return new Result(code, out.toString(), err.toString());
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
