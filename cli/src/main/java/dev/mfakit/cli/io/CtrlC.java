package dev.mfakit.cli.io;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Ctrl-C that ends what the run is waiting for instead of the JVM, so the run still says what it kept (and hands out
 * a recovery code it holds) and ends with its documented exit code rather than the JVM's 130 in the middle of a line.
 * Three uses: {@link #interrupts(Thread)} makes SIGINT interrupt a wait (polling for a push approval), which then
 * unwinds like any failure; {@link #read(Callable)} makes it end a prompt as end of input (Ctrl-D) does; {@link
 * #once(Runnable)} lets a long run stop taking work and say where it stopped ({@code mfa batch}). Outside them,
 * Ctrl-C keeps its usual meaning: closing restores the JVM's own handler.
 *
 * <p>Through {@code sun.misc.Signal} (module jdk.unsupported, in every JDK since 9), looked up reflectively so the
 * build stays free of its "internal proprietary API" warnings; where it is missing, Ctrl-C simply ends the process.
 */
public final class CtrlC implements AutoCloseable {
  private final Object signal;
  private final Object previous;
  private final AtomicBoolean fired;

  private CtrlC(Object signal, Object previous, AtomicBoolean fired) {
    this.signal = signal;
    this.previous = previous;
    this.fired = fired;
  }

  /**
   * Whether Ctrl-C was pressed while this was installed (the terminal then shows {@code ^C}, with no line break).
   *
   * @return true once it was
   */
  public boolean fired() {
    return fired.get();
  }

  /**
   * Makes Ctrl-C interrupt {@code thread} until {@link #close()}.
   *
   * @param thread the thread to interrupt
   * @return the installed handler, to close; one that does nothing when signals cannot be handled here
   */
  public static CtrlC interrupts(Thread thread) {
    return install(thread::interrupt, "interrupts " + thread.getName());
  }

  /**
   * Runs {@code onFirst} at the first Ctrl-C, then gives Ctrl-C its usual meaning back (a second one ends the process
   * at once), until {@link #close()}.
   *
   * @param onFirst what the first Ctrl-C does (on the JVM's signal thread: quick, and thread-safe)
   * @return the installed handler, to close; one that does nothing when signals cannot be handled here
   */
  public static CtrlC once(Runnable onFirst) {
    AtomicReference<CtrlC> installed = new AtomicReference<>();
    CtrlC c = install(() -> {
      CtrlC self = installed.get();
      if (self != null) {
        self.close();
      }
      onFirst.run();
    }, "once");
    installed.set(c);
    return c;
  }

  /**
   * What a read at a prompt gave.
   *
   * @param value the line or characters read, or null at end of input or after Ctrl-C
   * @param interrupted whether Ctrl-C ended it (the terminal then shows {@code ^C} and no line break)
   */
  record Read<T>(T value, boolean interrupted) {}

  /**
   * Reads, with Ctrl-C ending the read as end of input. The read runs on a daemon thread (a blocked read cannot be
   * interrupted), which the JVM leaves behind when the run ends.
   *
   * @param read the blocking read
   * @return what it gave, or an interrupted read
   */
  static <T> Read<T> read(Callable<T> read) {
    CompletableFuture<Read<T>> answer = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        answer.complete(new Read<>(read.call(), false));
      } catch (Throwable t) {
        answer.completeExceptionally(t);
      }
    }, "mfa-prompt");
    reader.setDaemon(true);
    try (CtrlC ignored = install(() -> answer.complete(new Read<>(null, true)), "ends a prompt")) {
      reader.start();
      return answer.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  /** Runs {@code onSignal} on SIGINT until closed; a handler that does nothing where signals cannot be handled. */
  private static CtrlC install(Runnable onSignal, String description) {
    AtomicBoolean fired = new AtomicBoolean();
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      InvocationHandler handling = (proxy, method, args) -> switch (method.getName()) {
        case "handle" -> {
          fired.set(true);
          onSignal.run();
          yield null;
        }
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> "CtrlC[" + description + "]";
      };
      Object handler = Proxy.newProxyInstance(CtrlC.class.getClassLoader(), new Class<?>[] {handlerType}, handling);
      Object signal = signalType.getConstructor(String.class).newInstance("INT");
      Object previous = handle(signalType, handlerType).invoke(null, signal, handler);
      return new CtrlC(signal, previous, fired);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No signal handling here (another JVM, -Xrs): Ctrl-C ends the process as usual.
      return new CtrlC(null, null, fired);
    }
  }

  private static Method handle(Class<?> signalType, Class<?> handlerType) throws NoSuchMethodException {
    return signalType.getMethod("handle", signalType, handlerType);
  }

  /** Puts back the Ctrl-C handling that was there before (the JVM's own, outside prompts and waits). */
  @Override
  public void close() {
    if (signal == null) {
      return;
    }
    try {
      handle(signal.getClass(), Class.forName("sun.misc.SignalHandler")).invoke(null, signal, previous);
    } catch (ReflectiveOperationException | RuntimeException e) {
      // Nothing more to do: the process ends soon after a wait anyway.
    }
  }
}
