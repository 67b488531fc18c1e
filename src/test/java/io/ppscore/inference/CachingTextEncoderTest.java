package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CachingTextEncoderTest {

  private final CountingEncoder delegate = new CountingEncoder();

  @Test
  void shouldCountHitsAndMissesAndSendOnlyMissesToTheDelegate() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 100);

    cache.embed(List.of("a", "b"));
    float[][] rows = cache.embed(List.of("b", "c", "a"));

    assertThat(delegate.calls).containsExactly(List.of("a", "b"), List.of("c"));
    assertThat(cache.misses()).isEqualTo(3);
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.hitRate()).isEqualTo(0.4);
    assertThat(rows).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("b"), CountingEncoder.vectorOf("c"),
        CountingEncoder.vectorOf("a")});
  }

  @Test
  void shouldEmbedDuplicatesWithinOneCallOnce() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 100);

    float[][] rows = cache.embed(List.of("mug", "hose", "mug", "mug", "hose"));

    assertThat(delegate.calls).containsExactly(List.of("mug", "hose"));
    assertThat(rows[0]).isEqualTo(rows[2]).isEqualTo(rows[3]).isEqualTo(CountingEncoder.vectorOf("mug"));
    assertThat(rows[1]).isEqualTo(rows[4]).isEqualTo(CountingEncoder.vectorOf("hose"));
    assertThat(cache.misses()).isEqualTo(2);
    assertThat(cache.hits()).isEqualTo(3);
  }

  @Test
  void shouldNotCallTheDelegateWhenEverythingIsCached() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 100);
    cache.embed(List.of("a"));

    cache.embed(List.of("a", "a"));

    assertThat(delegate.calls).hasSize(1);
    assertThat(cache.embed(List.of())).isEmpty();
    assertThat(delegate.calls).hasSize(1);
  }

  @Test
  void shouldEvictTheLeastRecentlyUsedTextBeyondTheBound() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 2);
    cache.embed(List.of("a", "b"));
    cache.embed(List.of("a"));

    cache.embed(List.of("c"));
    cache.embed(List.of("a", "b"));

    assertThat(cache.size()).isEqualTo(2);
    assertThat(delegate.calls).containsExactly(List.of("a", "b"), List.of("c"), List.of("b"));
  }

  @Test
  void shouldHandOutCopiesSoCallersCannotCorruptTheCache() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 10);
    cache.embed(List.of("a"))[0][0] = 42f;

    assertThat(cache.embed(List.of("a"))[0]).isEqualTo(CountingEncoder.vectorOf("a"));
  }

  @Test
  void shouldServeConcurrentCallersCorrectlyWithinTheBound() throws Exception {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 50);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Boolean>> results = new ArrayList<>();
      for (int task = 0; task < 8; task++) {
        int seed = task;
        results.add(pool.submit(() -> embedsCorrectly(cache, seed)));
      }
      for (Future<Boolean> result : results) {
        assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(cache.size()).isLessThanOrEqualTo(50);
    assertThat(cache.hits() + cache.misses()).isEqualTo(8 * 200 * 3);
    assertThat(cache.misses()).isEqualTo(delegate.textsEmbedded());
  }

  @Test
  void shouldKeepTheDelegateIdentityAndCloseIt() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 10);

    assertThat(cache.id()).isEqualTo("counting");
    assertThat(cache.dimension()).isEqualTo(4);
    cache.close();
    assertThat(delegate.closed).isTrue();
  }

  @Test
  void shouldRejectANonPositiveBoundAndNullTexts() {
    assertThatThrownBy(() -> CachingTextEncoder.wrap(delegate, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be positive");
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 10);
    assertThatThrownBy(() -> cache.embed(java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void shouldCountPrefetchedTextsApartFromHitsAndMissesAndTheirFirstUseAsPrefetchHits() {
    CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 100);

    // Given two prefetched texts, and a prefetch that finds one of them cached
    assertThat(cache.prefetch(List.of("a", "b", "a"))).isEqualTo(2);
    assertThat(cache.prefetch(List.of("a", "c"))).isEqualTo(1);
    assertThat(cache.hits() + cache.misses()).isZero();

    // When embed calls use them, twice
    float[][] rows = cache.embed(List.of("a", "c", "d"));
    cache.embed(List.of("a"));

    // Then they are hits, each prefetch counted once at its first use, and only "d" was a miss
    assertThat(rows).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("a"), CountingEncoder.vectorOf("c"),
        CountingEncoder.vectorOf("d")});
    assertThat(delegate.calls).containsExactly(List.of("a", "b"), List.of("c"), List.of("d"));
    assertThat(cache.prefetched()).isEqualTo(3);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(3);
    assertThat(cache.prefetchHits()).isEqualTo(2);
  }

  @Test
  void shouldEmbedATextItselfWhenTheInFlightEmbeddingItWaitedForFails() throws Exception {
    // Given a prefetch of "x" held inside the delegate, and set to fail
    GatedEncoder gated = new GatedEncoder();
    gated.gate = new java.util.concurrent.CountDownLatch(1);
    gated.failNext.set(new IllegalStateException("inference failed"));
    CachingTextEncoder cache = CachingTextEncoder.wrap(gated, 10);
    Thread prefetch = new Thread(() -> assertThatThrownBy(() -> cache.prefetch(List.of("x")))
        .hasMessage("inference failed"));
    prefetch.start();
    assertThat(gated.entered.await(10, TimeUnit.SECONDS)).isTrue();

    // When a caller asks for "x" (and waits for the prefetch), then the prefetch fails
    float[][][] result = new float[1][][];
    Thread caller = new Thread(() -> result[0] = cache.embed(List.of("x")));
    caller.start();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> caller.getState() == Thread.State.WAITING);
    gated.gate.countDown();
    prefetch.join(10_000);
    caller.join(10_000);

    // Then the caller embedded "x" itself and got the right vector
    assertThat(result[0]).isDeepEqualTo(new float[][] {CountingEncoder.vectorOf("x")});
    assertThat(gated.callsWith("x")).isEqualTo(2);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.waits()).isZero();
    assertThat(cache.prefetched()).isZero();
  }

  @Test
  @org.junit.jupiter.api.Timeout(10) // a text left in flight would make the second call wait forever
  void shouldFailACallWhoseDelegateReturnsANullVectorAndLetTheNextCallEmbedTheTextAgain() {
    // Given a delegate that returns no vector for its first call's first text, then real vectors
    java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
    TextEncoder flaky = new TextEncoder() {
      @Override
      public String id() {
        return "flaky";
      }

      @Override
      public int dimension() {
        return 1;
      }

      @Override
      public float[][] embed(List<String> texts) {
        float[][] out = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
          out[i] = calls.get() == 0 && i == 0 ? null : new float[] {texts.get(i).length()};
        }
        calls.incrementAndGet();
        return out;
      }

      @Override
      public void close() {
      }
    };
    CachingTextEncoder cache = CachingTextEncoder.wrap(flaky, 10);

    // When the first call fails
    org.assertj.core.api.Assertions.assertThatIllegalStateException().isThrownBy(() -> cache.embed(List.of("ab", "cde")))
        .withMessageContaining("returned no vector for text 0 of 2");

    // Then nothing is left in flight or cached from it: the next call embeds both texts (and does not block)
    assertThat(cache.embed(List.of("ab", "cde"))).isDeepEqualTo(new float[][] {{2f}, {3f}});
    assertThat(calls.get()).isEqualTo(2);
  }

  private static boolean embedsCorrectly(CachingTextEncoder cache, int seed) {
    for (int i = 0; i < 200; i++) {
      List<String> texts = List.of("t" + (i % 70), "t" + ((i + seed) % 90), "t" + (i % 70));
      float[][] rows = cache.embed(texts);
      for (int k = 0; k < texts.size(); k++) {
        if (!java.util.Arrays.equals(rows[k], CountingEncoder.vectorOf(texts.get(k)))) {
          return false;
        }
      }
    }
    return true;
  }

  @Test
  void shouldKeepADigestNotTheTextAsTheKeySoAnEntrysSizeDoesNotGrowWithItsText() {
    // Given a cache over an encoder that keeps no reference to the texts, and a long CJK text (2 KB of chars)
    TextEncoder forgetful = new TextEncoder() {
      @Override
      public String id() {
        return "forgetful";
      }

      @Override
      public int dimension() {
        return 4;
      }

      @Override
      public float[][] embed(List<String> texts) {
        return texts.stream().map(CountingEncoder::vectorOf).toArray(float[][]::new);
      }

      @Override
      public void close() {
      }
    };
    CachingTextEncoder cache = CachingTextEncoder.wrap(forgetful, 10);
    String held = new String("\u7ea2".repeat(1_000));
    java.lang.ref.WeakReference<String> text = new java.lang.ref.WeakReference<>(held);

    // When it is embedded and cached, and the caller lets go of it
    cache.embed(List.of(held));
    held = null;

    // Then the cache does not hold the text (before, the text itself was the key): it can be collected, and
    // an equal text is still a hit
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> {
      System.gc();
      return text.get() == null;
    });
    cache.embed(List.of("\u7ea2".repeat(1_000)));
    assertThat(cache.size()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(1);
    assertThat(cache.cachedOrInFlight("\u7ea2".repeat(1_000))).isTrue();
    assertThat(cache.cachedOrInFlight("\u7ea2".repeat(999))).isFalse();
  }

  @Test
  void shouldGiveDifferentTextsDifferentKeysEvenWithUnpairedSurrogates() {
    // Given two texts that differ only in an unpaired surrogate, which UTF-8 encoding would turn into the same '?'
    assertThat(TextDigest.of("a\ud800")).isNotEqualTo(TextDigest.of("a\udc00"));
    assertThat(TextDigest.of("red candle")).isEqualTo(TextDigest.of(new String("red candle")));
  }
}
