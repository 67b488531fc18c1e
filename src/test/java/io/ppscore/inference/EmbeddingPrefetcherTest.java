package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class EmbeddingPrefetcherTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final GatedEncoder delegate = new GatedEncoder();
  private final CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 100);
  private EmbeddingPrefetcher prefetcher;

  @AfterEach
  void stop() {
    delegate.gate = null;
    if (prefetcher != null) {
      prefetcher.close();
    }
  }

  @Test
  void shouldEmbedRequestedTextsOnItsOwnThreadSoTheNextEmbedCallFindsThemCached() {
    // Given a running prefetcher
    prefetcher = EmbeddingPrefetcher.start(cache, 16, 32);

    // When texts are requested and the worker has caught up
    prefetcher.request(List.of("red lamp", "oak table"));
    awaitIdle();

    // Then the worker thread embedded them, and an embed call is served from the cache
    assertThat(delegate.threads).containsOnly(EmbeddingPrefetcher.THREAD_NAME);
    float[][] rows = cache.embed(List.of("oak table", "red lamp"));
    assertThat(rows).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("oak table"), CountingEncoder.vectorOf("red lamp")});
    assertThat(cache.prefetched()).isEqualTo(2);
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.misses()).isZero();
    assertThat(cache.prefetchHits()).isEqualTo(2);
  }

  @Test
  void shouldNotQueueTextsThatAreCachedInFlightOrAlreadyQueued() throws Exception {
    // Given "cached" in the cache, and the worker held inside its first batch ("in flight")
    cache.embed(List.of("cached"));
    delegate.entered = new CountDownLatch(1);
    delegate.gate = new CountDownLatch(1);
    prefetcher = EmbeddingPrefetcher.start(cache, 16, 32);
    prefetcher.request(List.of("in flight"));
    assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue();

    // When the same texts and a new one are requested, the new one twice
    prefetcher.request(List.of("cached", "in flight", "queued"));
    prefetcher.request(List.of("queued", "in flight"));

    // Then only the new one was queued, and each text reaches the delegate exactly once
    assertThat(prefetcher.pending()).isEqualTo(2);
    delegate.gate.countDown();
    awaitIdle();
    assertThat(delegate.callsWith("cached")).isEqualTo(1);
    assertThat(delegate.callsWith("in flight")).isEqualTo(1);
    assertThat(delegate.callsWith("queued")).isEqualTo(1);
    assertThat(prefetcher.dropped()).isZero();
  }

  @Test
  void shouldDropRequestsBeyondTheQueueCapacityWithoutBlockingTheCaller() throws Exception {
    // Given a queue of two texts and a worker held inside its batch
    delegate.gate = new CountDownLatch(1);
    prefetcher = EmbeddingPrefetcher.start(cache, 2, 32);
    prefetcher.request(List.of("first"));
    assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue();

    // When five more texts are requested (on another thread, so a caller blocked on the full queue fails the test
    // rather than hanging it)
    CompletableFuture<Void> call = CompletableFuture.runAsync(() -> prefetcher.request(List.of("a", "b", "c", "d", "e")));

    // Then the call returned while the worker is still held (the gate opens below), so without waiting for queue
    // space, which a blocking caller could not have returned before; two were queued and three dropped (and counted)
    call.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    assertThat(prefetcher.dropped()).isEqualTo(3);
    assertThat(prefetcher.pending()).isEqualTo(3);
    delegate.gate.countDown();
    awaitIdle();
    assertThat(cache.cachedOrInFlight("a")).isTrue();
    assertThat(cache.cachedOrInFlight("b")).isTrue();
    assertThat(cache.cachedOrInFlight("c")).isFalse();

    // And a dropped text is embedded by the caller that needs it
    assertThat(cache.embed(List.of("c"))[0]).isEqualTo(CountingEncoder.vectorOf("c"));
    assertThat(cache.misses()).isEqualTo(1);
  }

  @Test
  void shouldCountAFailedBatchKeepWorkingAndLeaveItsTextsToTheCaller() {
    // Given an encoder that fails the prefetch's call
    delegate.failNext.set(new IllegalStateException("inference failed: out of memory"));
    prefetcher = EmbeddingPrefetcher.start(cache, 16, 32);

    // When a text is prefetched
    prefetcher.request(List.of("broken"));
    await().atMost(TIMEOUT).until(() -> prefetcher.errors() == 1 && prefetcher.pending() == 0);

    // Then nothing is cached or in flight, the worker still runs, and the caller embeds the text itself
    assertThat(cache.cachedOrInFlight("broken")).isFalse();
    assertThat(prefetcher.running()).isTrue();
    assertThat(cache.embed(List.of("broken"))[0]).isEqualTo(CountingEncoder.vectorOf("broken"));
    assertThat(cache.misses()).isEqualTo(1);

    // And later requests are prefetched again
    prefetcher.request(List.of("next"));
    awaitIdle();
    assertThat(cache.prefetched()).isEqualTo(1);
  }

  @Test
  void shouldMakeAnEmbedCallWaitForTheTextThePrefetchIsEmbeddingInsteadOfEmbeddingItTwice() throws Exception {
    // Given the worker held inside its batch of "lamp"
    delegate.gate = new CountDownLatch(1);
    prefetcher = EmbeddingPrefetcher.start(cache, 16, 32);
    prefetcher.request(List.of("lamp"));
    assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue();
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try {
      // When a scoring run asks for "lamp" and "rug"
      Future<float[][]> rows = caller.submit(() -> cache.embed(List.of("lamp", "rug")));
      await().atMost(TIMEOUT).until(() -> delegate.callsWith("rug") == 1);
      assertThat(rows.isDone()).isFalse();
      delegate.gate.countDown();

      // Then it embedded only "rug" and took "lamp" from the prefetch
      assertThat(rows.get(10, TimeUnit.SECONDS)).isDeepEqualTo(
          new float[][] {CountingEncoder.vectorOf("lamp"), CountingEncoder.vectorOf("rug")});
    } finally {
      caller.shutdownNow();
    }
    assertThat(delegate.callsWith("lamp")).isEqualTo(1);
    assertThat(cache.waits()).isEqualTo(1);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.prefetchHits()).isEqualTo(1);
  }

  @Test
  void shouldStopTheWorkerOnCloseAndIgnoreLaterRequests() {
    // Given a running prefetcher with some work done
    prefetcher = EmbeddingPrefetcher.start(cache, 16, 32);
    prefetcher.request(List.of("a"));
    awaitIdle();

    // When it is closed (twice: idempotent)
    prefetcher.close();
    prefetcher.close();

    // Then its thread is gone and requests do nothing
    assertThat(prefetcher.running()).isFalse();
    prefetcher.request(List.of("b"));
    assertThat(prefetcher.pending()).isZero();
    assertThat(cache.cachedOrInFlight("b")).isFalse();
  }

  @Test
  void shouldFinishTheRunningBatchBeforeCloseReturns() throws Exception {
    // Given the worker inside a batch
    delegate.gate = new CountDownLatch(1);
    prefetcher = EmbeddingPrefetcher.start(cache, 16, 32);
    prefetcher.request(List.of("slow"));
    assertThat(delegate.entered.await(10, TimeUnit.SECONDS)).isTrue();

    // When close is called while the batch runs
    ExecutorService closer = Executors.newSingleThreadExecutor();
    try {
      Future<?> closed = closer.submit(prefetcher::close);
      await().during(Duration.ofMillis(200)).atMost(TIMEOUT).until(() -> !closed.isDone());

      // Then it returns only once the batch is done (so the encoder can be closed after it)
      delegate.gate.countDown();
      closed.get(10, TimeUnit.SECONDS);
    } finally {
      closer.shutdownNow();
    }
    assertThat(prefetcher.running()).isFalse();
    assertThat(cache.cachedOrInFlight("slow")).isTrue();
  }

  private void awaitIdle() {
    await().atMost(TIMEOUT).until(() -> prefetcher.pending() == 0);
  }
}
