package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class CoalescingTextEncoderTest {

  private final CountingEncoder delegate = new CountingEncoder();
  private final CachingTextEncoder cache = CachingTextEncoder.wrap(delegate, 100);

  @Test
  void shouldEmbedOtherTasksRequestedTextsInTheSameModelCallAsAMiss() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 32);
    encoder.request(List.of("task 2 title", "task 3 title"));

    float[][] own = encoder.embed(List.of("task 1 title"));

    assertThat(delegate.calls).containsExactly(List.of("task 1 title", "task 2 title", "task 3 title"));
    assertThat(own).hasDimensions(1, 4);
    assertThat(own[0]).containsExactly(CountingEncoder.vectorOf("task 1 title"));
    // the other tasks' runs now find their texts cached: no further model call
    assertThat(encoder.embed(List.of("task 2 title"))[0]).containsExactly(CountingEncoder.vectorOf("task 2 title"));
    encoder.embed(List.of("task 3 title"));
    assertThat(delegate.calls).hasSize(1);
    assertThat(cache.misses()).isEqualTo(1);
    assertThat(cache.hits()).isEqualTo(2);
    assertThat(cache.prefetched()).isEqualTo(2);
    assertThat(cache.prefetchHits()).isEqualTo(2);
    assertThat(encoder.waiting()).isZero();
  }

  @Test
  void shouldLeaveRequestsWaitingWhenARunFindsAllItsTextsCached() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 32);
    encoder.embed(List.of("cached"));
    encoder.request(List.of("later"));

    encoder.embed(List.of("cached"));

    assertThat(delegate.calls).containsExactly(List.of("cached"));
    assertThat(encoder.waiting()).isEqualTo(1);
  }

  @Test
  void shouldAddAtMostMaxAlongsideTextsToARunOldestFirst() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 2);
    encoder.request(List.of("r1", "r2", "r3"));

    encoder.embed(List.of("own"));

    assertThat(delegate.calls).containsExactly(List.of("own", "r1", "r2"));
    assertThat(encoder.waiting()).isEqualTo(1);
  }

  @Test
  void shouldSkipTextsAlreadyCachedOrRequestedAndDropRequestsBeyondTheCapacity() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 2, 32);
    encoder.embed(List.of("cached"));

    encoder.request(List.of("cached", "a", "a", "b", "c"));

    assertThat(encoder.waiting()).isEqualTo(2);
    assertThat(encoder.dropped()).isEqualTo(1);
  }

  @Test
  void shouldNotEmbedARequestedTextAgainOnceItsOwnRunEmbeddedIt() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 32);
    encoder.request(List.of("t"));
    cache.embed(List.of("t")); // its own task's run, through the cache

    encoder.embed(List.of("other"));

    assertThat(delegate.calls).containsExactly(List.of("t"), List.of("other"));
    assertThat(encoder.waiting()).isZero();
  }

  @Test
  void shouldStillEmbedTheCallersTextsWhenTheCompanionSupplierFails() {
    Supplier<List<String>> failing = () -> {
      throw new IllegalStateException("boom");
    };

    float[][] rows = cache.embed(List.of("own"), failing);

    assertThat(rows[0]).containsExactly(CountingEncoder.vectorOf("own"));
    assertThat(delegate.calls).containsExactly(List.of("own"));
    assertThat(cache.cachedOrInFlight("own")).isTrue();
  }

  @Test
  void shouldNotAskForCompanionsWhenNoModelCallIsNeeded() {
    cache.embed(List.of("a"));
    Supplier<List<String>> mustNotBeCalled = () -> {
      throw new AssertionError("asked for companions without a model call");
    };

    cache.embed(List.of("a", "a"), mustNotBeCalled);

    assertThat(delegate.calls).hasSize(1);
  }
}
