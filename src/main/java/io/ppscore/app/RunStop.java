package io.ppscore.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
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
 *
 * <p>If Kafka Streams did not stop within {@code shutdown.timeout.ms}, a stream thread may still be inside
 * an ONNX session's run, and {@code System.exit} would run ONNX Runtime's hook under it (a SIGSEGV): the
 * main thread then logs an ERROR and halts with status 1 ({@link Runtime#halt}, no shutdown hook) instead.
 */
final class RunStop {

  private static final Logger LOG = LoggerFactory.getLogger(RunStop.class);

  private final AtomicReference<BooleanSupplier> close = new AtomicReference<>();
  private final CompletableFuture<Void> stopRequested = new CompletableFuture<>();
  private final AtomicBoolean closeStarted = new AtomicBoolean();
  private final CompletableFuture<Boolean> closed = new CompletableFuture<>();
  private IntConsumer halt = Runtime.getRuntime()::halt;

  /**
   * Handles SIGTERM and SIGINT through {@code signals} (only requesting the stop) and adds the fallback
   * shutdown hook through {@code addShutdownHook}; {@code halt} is the third signal's forced exit and the
   * exit after a close that left Kafka Streams running. Called first, before the start-up: a signal during
   * it only requests the stop, which {@link #awaitEnd} then carries out at once.
   */
  RunStop install(StopSignals.Installer signals, Consumer<Thread> addShutdownHook, IntConsumer halt) {
    this.halt = halt;
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
   * Sets the close, once the app started: the app's graceful shutdown, returning whether Kafka Streams
   * stopped within {@code shutdown.timeout.ms}.
   */
  RunStop closes(BooleanSupplier close) {
    this.close.set(close);
    return this;
  }

  /** Whether a stop was requested (before the app started, it need not be started at all). */
  boolean stopRequested() {
    return stopRequested.isDone();
  }

  /**
   * Waits for a stop request or the end of Kafka Streams, closes the app (see {@link #closes}), then returns
   * the exit status: 1 once Kafka Streams ended on its own (even if a stop was requested too), after logging
   * why, so that the process is restarted instead of serving an API with nothing processing behind it; else 0
   * after a stop request. If the close left Kafka Streams running, it halts with 1 instead.
   */
  int awaitEnd(CompletableFuture<String> streamsEnded) throws Exception {
    CompletableFuture.anyOf(streamsEnded, stopRequested).get();
    int status = 0;
    if (streamsEnded.isDone()) {
      LOG.error("{}: closing ppscore and exiting with status 1", streamsEnded.get());
      status = 1;
    }
    boolean stopped;
    try {
      stopped = closeOnce();
    } catch (RuntimeException | Error e) {
      // a close that failed part-way may have left Kafka Streams running: the same halt as a timed-out one
      LOG.error("Closing ppscore failed", e);
      stopped = false;
    }
    if (!stopped) {
      LOG.error("Kafka Streams did not stop within {}: exiting at once with status 1, without the JVM's shutdown "
          + "(ONNX Runtime's hook would free its environment under a stream thread still scoring)",
          io.ppscore.config.AppConfig.SHUTDOWN_TIMEOUT_MS_CONFIG);
      halt.accept(1);
      return 1;
    }
    return status;
  }

  /**
   * Runs the close on the first caller; later callers wait for it to end. Returns whether Kafka Streams
   * stopped (true if there is no app to close yet: a JVM shutdown during the start-up).
   */
  boolean closeOnce() {
    BooleanSupplier app = close.get();
    if (app == null) {
      return true;
    }
    if (closeStarted.compareAndSet(false, true)) {
      boolean stopped = false;
      try {
        stopped = app.getAsBoolean();
      } finally {
        closed.complete(stopped);
      }
      return stopped;
    }
    return closed.join();
  }
}
