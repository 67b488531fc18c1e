package io.ppscore.app;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGTERM and SIGINT (Ctrl-C) as stop requests to the main thread, in place of the JVM's default action,
 * which starts the JVM's shutdown. Shutdown hooks run concurrently, in no order, and ONNX Runtime registers
 * one of its own that frees its native environment: an app closed in a hook of ours raced it, and a stream
 * thread still inside a session's run crashed the JVM (SIGSEGV, exit 134). With these handlers the main
 * thread closes the app and only then exits, when ONNX Runtime's hook finds no session left.
 *
 * <p>The first signal requests the stop. The second is logged and changes nothing (the close goes on; no
 * JVM shutdown starts under it). The third exits at once without finishing the close: {@link Runtime#halt},
 * which runs no shutdown hook, with status 128 + the signal's number (143 for SIGTERM, 130 for SIGINT).
 */
final class StopSignals {

  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);

  /** The signals handled, with their numbers on Linux and macOS (for the status of a forced exit). */
  static final Map<String, Integer> SIGNALS = Map.of("TERM", 15, "INT", 2);

  /** How many signals force an exit. */
  static final int FORCE_AFTER = 3;

  /** Replaces one signal's action by {@code handler}; throws (IllegalArgumentException) if it cannot. */
  interface Installer {
    void handle(String signal, Runnable handler);
  }

  /** The JDK's {@code sun.misc.Signal} (module jdk.unsupported, no flag needed); it runs each handler in a new thread. */
  static final Installer JDK = (signal, handler) ->
      sun.misc.Signal.handle(new sun.misc.Signal(signal), received -> handler.run());

  private final Runnable stop;
  private final IntConsumer halt;
  private final AtomicInteger received = new AtomicInteger();

  private StopSignals(Runnable stop, IntConsumer halt) {
    this.stop = stop;
    this.halt = halt;
  }

  /**
   * Handles SIGTERM and SIGINT with {@code stop} (which must only signal the main thread, never close
   * anything itself). Returns false, after a WARN, if a signal could not be handled ({@code -Xrs}, a
   * platform without it): that signal keeps its default action. Under {@code -Xrs} on JDK 17 that ends the
   * JVM (status 143 for SIGTERM) without running shutdown hooks, so without closing ppscore.
   */
  static boolean install(Installer installer, Runnable stop, IntConsumer halt) {
    return handle(installer, stop, halt).isPresent();
  }

  /**
   * As {@link #install}, returning the handlers (empty if a signal could not be handled), which tell how many
   * more signals exit at once.
   */
  static java.util.Optional<StopSignals> handle(Installer installer, Runnable stop, IntConsumer halt) {
    StopSignals signals = new StopSignals(stop, halt);
    List<String> failed = new ArrayList<>();
    for (Map.Entry<String, Integer> signal : SIGNALS.entrySet()) {
      try {
        installer.handle(signal.getKey(), () -> signals.received(signal.getKey(), signal.getValue()));
      } catch (RuntimeException | LinkageError e) {
        failed.add("SIG" + signal.getKey() + " (" + e + ")");
      }
    }
    if (!failed.isEmpty()) {
      LOG.warn("Cannot handle {}: such a signal ends the JVM without closing ppscore (with -Xrs, SIGTERM and "
          + "SIGINT end it without running any shutdown hook); do not use -Xrs", String.join(", ", failed));
    }
    return failed.isEmpty() ? java.util.Optional.of(signals) : java.util.Optional.empty();
  }

  /** How many more SIGTERMs or Ctrl-Cs exit at once, without finishing the close. */
  int untilForcedExit() {
    return Math.max(0, FORCE_AFTER - received.get());
  }

  private void received(String signal, int number) {
    int count = received.incrementAndGet();
    if (count == 1) {
      LOG.info("SIG{} received: stopping", signal);
      stop.run();
    } else if (count < FORCE_AFTER) {
      LOG.warn("SIG{} received while stopping: the close goes on (signal {} more time(s) to exit at once, "
          + "without finishing it)", signal, FORCE_AFTER - count);
    } else {
      LOG.warn("SIG{} received {} times: exiting at once, without finishing the close", signal, count);
      halt.accept(128 + number);
    }
  }
}
