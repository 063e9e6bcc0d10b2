package dev.mfakit.cli.io;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;

/**
 * Ctrl-C that stops a wait instead of the JVM: while installed, SIGINT interrupts one thread (the one polling for a
 * push approval), which then unwinds like any failure, so the run still says what it kept and hands out a recovery
 * code it holds. Closing restores the JVM's own handler (Ctrl-C ends the process again).
 *
 * <p>Through {@code sun.misc.Signal} (module jdk.unsupported, in every JDK since 9), looked up reflectively so the
 * build stays free of its "internal proprietary API" warnings; where it is missing, Ctrl-C simply ends the process.
 */
public final class CtrlC implements AutoCloseable {
  private final Object signal;
  private final Object previous;

  private CtrlC(Object signal, Object previous) {
    this.signal = signal;
    this.previous = previous;
  }

  /**
   * Makes Ctrl-C interrupt {@code thread} until {@link #close()}.
   *
   * @param thread the thread to interrupt
   * @return the installed handler, to close; one that does nothing when signals cannot be handled here
   */
  public static CtrlC interrupts(Thread thread) {
    try {
      Class<?> signalType = Class.forName("sun.misc.Signal");
      Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
      InvocationHandler onSignal = (proxy, method, args) -> switch (method.getName()) {
        case "handle" -> {
          thread.interrupt();
          yield null;
        }
        case "hashCode" -> System.identityHashCode(proxy);
        case "equals" -> proxy == args[0];
        default -> "CtrlC[interrupts " + thread.getName() + "]";
      };
      Object handler = Proxy.newProxyInstance(CtrlC.class.getClassLoader(), new Class<?>[] {handlerType}, onSignal);
      Object signal = signalType.getConstructor(String.class).newInstance("INT");
      Object previous = handle(signalType, handlerType).invoke(null, signal, handler);
      return new CtrlC(signal, previous);
    } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
      // No signal handling here (another JVM, -Xrs): Ctrl-C ends the process as usual.
      return new CtrlC(null, null);
    }
  }

  private static Method handle(Class<?> signalType, Class<?> handlerType) throws NoSuchMethodException {
    return signalType.getMethod("handle", signalType, handlerType);
  }

  /** Puts the JVM's own Ctrl-C handling back. */
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
