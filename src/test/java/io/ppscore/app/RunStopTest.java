package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How {@code run} ends: the app closed on the main thread, once, before the exit status is returned. */
@Timeout(30)
class RunStopTest {

  private static final long WAIT_MS = Duration.ofSeconds(10).toMillis();

  private final SignalsFake signals = new SignalsFake();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private final List<Thread> hooks = new CopyOnWriteArrayList<>();
  private final List<Integer> halts = new CopyOnWriteArrayList<>();

  @Test
  void shouldCloseTheAppOnTheMainThreadBeforeReturningZeroOnSigterm() throws Exception {
    // Given a run waiting for its end on the main thread
    AtomicReference<String> closedOn = new AtomicReference<>();
    RunStop stop = new RunStop().closes(() -> {
      closedOn.set(Thread.currentThread().getName());
      return events.add("closed");
    }).install(signals, hooks::add, halts::add);

    // When SIGTERM comes (as a pod deletion sends it) before the main thread waits
    signals.raise("TERM");
    int exit = stop.awaitEnd(new CompletableFuture<>());
    events.add("returned " + exit);

    // Then the app was closed by the waiting thread, not a shutdown hook, and only then 0 returned
    assertThat(events).containsExactly("closed", "returned 0");
    assertThat(closedOn).hasValue(Thread.currentThread().getName());
    assertThat(hooks).singleElement().satisfies(hook -> assertThat(hook.getState()).isEqualTo(Thread.State.NEW));
  }

  @Test
  void shouldCloseTheAppBeforeReturningOneWhenKafkaStreamsEndsOnItsOwn() throws Exception {
    // Given a run waiting for its end
    RunStop stop = new RunStop().closes(() -> events.add("closed")).install(signals, hooks::add, halts::add);
    CompletableFuture<String> streamsEnded = new CompletableFuture<>();

    // When Kafka Streams goes to ERROR
    streamsEnded.complete("Kafka Streams went from RUNNING to ERROR");
    int exit = stop.awaitEnd(streamsEnded);
    events.add("returned " + exit);

    // Then the app is closed here, before the status that Main passes to System.exit
    assertThat(events).containsExactly("closed", "returned 1");
  }

  @Test
  void shouldNeitherCloseTwiceNorLetTheShutdownHookEndDuringTheClose() throws Exception {
    // Given a close in progress on the main thread, after SIGTERM
    CountDownLatch closing = new CountDownLatch(1);
    CountDownLatch finishClose = new CountDownLatch(1);
    RunStop stop = new RunStop().closes(() -> {
      events.add("close started");
      closing.countDown();
      awaitUninterruptibly(finishClose);
      return events.add("close ended");
    }).install(signals, hooks::add, halts::add);
    var main = Executors.newSingleThreadExecutor();
    try {
      Future<Integer> exit = main.submit(() -> stop.awaitEnd(new CompletableFuture<>()));
      signals.raise("TERM");
      assertThat(closing.await(WAIT_MS, TimeUnit.MILLISECONDS)).isTrue();

      // When another SIGTERM comes, and the JVM shuts down anyway (SIGHUP, System.exit elsewhere) and runs the hook
      signals.raise("TERM");
      Thread hook = hooks.get(0);
      hook.start();
      hook.join(200);

      // Then nothing exits: the hook waits for the close in progress instead of returning (the JVM halts once hooks end)
      assertThat(hook.isAlive()).isTrue();
      assertThat(exit).isNotDone();
      assertThat(halts).isEmpty();

      // When the close ends, then the hook ends too, the close ran once and the main thread returns 0
      finishClose.countDown();
      hook.join(WAIT_MS);
      assertThat(hook.isAlive()).isFalse();
      assertThat(exit.get(WAIT_MS, TimeUnit.MILLISECONDS)).isZero();
      assertThat(events).containsExactly("close started", "close ended");
    } finally {
      finishClose.countDown();
      main.shutdownNow();
    }
  }

  @Test
  void shouldCloseInTheShutdownHookWhenTheJvmShutsDownWithoutASignal() throws Exception {
    // Given a run whose main thread waits for its end
    RunStop stop = new RunStop().closes(() -> events.add("closed")).install(signals, hooks::add, halts::add);

    // When the JVM shuts down for another reason (System.exit elsewhere, SIGHUP) and runs the hook
    Thread hook = hooks.get(0);
    hook.start();
    hook.join(WAIT_MS);

    // Then the hook closed the app, and the main thread, told to stop, does not close it again
    assertThat(events).containsExactly("closed");
    assertThat(stop.awaitEnd(new CompletableFuture<>())).isZero();
    assertThat(events).containsExactly("closed");
  }

  @Test
  void shouldHaltWithOneInsteadOfReturningWhenKafkaStreamsDidNotStopWithinTheTimeout() throws Exception {
    // Given a run whose close leaves Kafka Streams running (shutdown.timeout.ms passed, ONNX sessions left open)
    RunStop stop = new RunStop().closes(() -> !events.add("closed, Kafka Streams still running"))
        .install(signals, hooks::add, halts::add);

    // When SIGTERM comes and the main thread closes the app
    signals.raise("TERM");
    int exit = stop.awaitEnd(new CompletableFuture<>());

    // Then it halts with 1 (no System.exit, whose ONNX Runtime hook would free the sessions under a stream thread)
    assertThat(events).containsExactly("closed, Kafka Streams still running");
    assertThat(halts).containsExactly(1);
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void shouldHaltWithOneWhenTheCloseFailsPartWay() throws Exception {
    // Given a run whose close throws part-way (a producer's close, after Kafka Streams timed out)
    RunStop stop = new RunStop().closes(() -> {
      events.add("closing");
      throw new IllegalStateException("the erasure producer's close failed");
    }).install(signals, hooks::add, halts::add);

    // When SIGTERM comes and the main thread closes the app
    signals.raise("TERM");
    int exit = stop.awaitEnd(new CompletableFuture<>());

    // Then it halts with 1 as for a timed-out close (the exception used to leave awaitEnd, and Main's
    // System.exit ran ONNX Runtime's hook under a stream thread that may still be scoring)
    assertThat(events).containsExactly("closing");
    assertThat(halts).containsExactly(1);
    assertThat(exit).isEqualTo(1);
  }

  @Test
  void shouldReturnOneAndNotZeroWhenKafkaStreamsEndedBeforeASigterm() throws Exception {
    // Given a run whose Kafka Streams went to ERROR
    RunStop stop = new RunStop().closes(() -> events.add("closed")).install(signals, hooks::add, halts::add);
    CompletableFuture<String> streamsEnded = new CompletableFuture<>();
    streamsEnded.complete("Kafka Streams went from RUNNING to ERROR");

    // When a SIGTERM lands too before the main thread looks
    signals.raise("TERM");
    int exit = stop.awaitEnd(streamsEnded);

    // Then the failure wins: status 1, so the process is seen to have failed
    assertThat(exit).isEqualTo(1);
    assertThat(events).containsExactly("closed");
    assertThat(halts).isEmpty();
  }

  @Test
  void shouldTakeASigtermDuringTheStartUpAsAStopRequestCarriedOutOnceTheAppStarted() throws Exception {
    // Given the handlers installed first, before the start-up
    RunStop stop = new RunStop().install(signals, hooks::add, halts::add);

    // When SIGTERM comes while the app starts
    signals.raise("TERM");

    // Then nothing exits; the stop is seen, and once the app started the main thread closes it and returns 0
    assertThat(stop.stopRequested()).isTrue();
    assertThat(halts).isEmpty();
    assertThat(stop.closes(() -> events.add("closed")).awaitEnd(new CompletableFuture<>())).isZero();
    assertThat(events).containsExactly("closed");
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    try {
      latch.await(WAIT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
