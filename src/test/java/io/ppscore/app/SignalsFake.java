package io.ppscore.app;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Signal handlers installed through {@link StopSignals.Installer}, raised by a test. */
final class SignalsFake implements StopSignals.Installer {

  private final Map<String, Runnable> handlers = new ConcurrentHashMap<>();

  @Override
  public void handle(String signal, Runnable handler) {
    handlers.put(signal, handler);
  }

  /** Runs the handler of {@code signal} ("TERM", "INT") as the JDK would, in a thread of its own; returns when it ended. */
  void raise(String signal) throws InterruptedException {
    Thread thread = new Thread(handlers.get(signal), "SIG" + signal + " handler");
    thread.start();
    thread.join();
  }
}
