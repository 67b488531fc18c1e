package io.ppscore.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How {@code ppscore run} ends: the main thread waits for a stop request (SIGTERM, Ctrl-C) or for Kafka
 * Streams to end on its own, closes the app and only then returns the exit status, so that {@code Main}'s
 * {@code System.exit} (and with it ONNX Runtime's shutdown hook, which frees its native environment) comes
 * after the close. A JVM shutdown hook stays as the fallback for other exits (a {@code System.exit} elsewhere,
 * SIGHUP, signals that could not be handled); the close runs once, and a second caller waits for the first
 * close to end instead of letting the JVM halt in the middle of it.
 */
final class RunStop {

  private static final Logger LOG = LoggerFactory.getLogger(RunStop.class);

  private final Runnable close;
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();

  /** {@code close}: the app's graceful shutdown ({@link PpscoreApp#close()}). */
  RunStop(Runnable close) {
    this.close = close;
  }

  /**
   * Handles SIGTERM and SIGINT through {@code signals} (only requesting the stop) and adds the fallback
   * shutdown hook through {@code addShutdownHook}; {@code halt} is the third signal's forced exit.
   */
  RunStop install(StopSignals.Installer signals, Consumer<Thread> addShutdownHook, IntConsumer halt) {
    StopSignals.install(signals, this::requestStop, halt);
    addShutdownHook.accept(new Thread(() -> {
      requestStop();
      closeOnce();
    }, "ppscore-shutdown"));
    return this;
  }

  /** Asks the main thread to stop; returns at once. */
  void requestStop() {
    stopRequested.complete(null);
  }

  /**
   * Waits for a stop request or the end of Kafka Streams, closes the app, then returns the exit status: 0
   * after a stop request; 1 once Kafka Streams ended on its own, after logging why, so that the process is
   * restarted instead of serving an API with nothing processing behind it.
   */
  int awaitEnd(CompletableFuture<String> streamsEnded) throws Exception {
    CompletableFuture.anyOf(streamsEnded, stopRequested).get();
    if (stopRequested.isDone()) {
      closeOnce();
      return 0;
    }
    LOG.error("{}: closing ppscore and exiting with status 1", streamsEnded.get());
    closeOnce();
    return 1;
  }

  /** Runs the close on the first caller; later callers wait for it to end. */
  void closeOnce() {
    if (closeStarted.compareAndSet(false, true)) {
      try {
        close.run();
      } finally {
        closed.complete(null);
      }
    } else {
      closed.join();
    }
  }
}
