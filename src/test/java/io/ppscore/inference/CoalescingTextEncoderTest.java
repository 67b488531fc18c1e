package io.ppscore.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
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
  void shouldFillARunUpToMaxAlongsideTextsInAllOldestRequestsFirst() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 3);
    encoder.request(List.of("r1", "r2", "r3"));

    encoder.embed(List.of("own"));

    assertThat(delegate.calls).containsExactly(List.of("own", "r1", "r2"));
    assertThat(encoder.waiting()).isEqualTo(1);
  }

  @Test
  void shouldAddNothingToARunThatIsAlreadyFull() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 2);
    encoder.request(List.of("r1"));

    encoder.embed(List.of("own 1", "own 2"));

    assertThat(delegate.calls).containsExactly(List.of("own 1", "own 2"));
    assertThat(encoder.waiting()).isEqualTo(1);
  }

  @Test
  void shouldTakeTheCallersOwnTextsOutOfTheRequestedSet() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 32);
    encoder.request(List.of("mine", "theirs"));

    encoder.embed(List.of("mine"));

    assertThat(delegate.calls).containsExactly(List.of("mine", "theirs"));
    assertThat(encoder.waiting()).isZero();
  }

  @Test
  void shouldEmbedTheCallersTextsAloneWhenTheSharedCallFailsAndReleaseTheCompanions() {
    FailingOnEncoder failing = new FailingOnEncoder("poison");
    CachingTextEncoder failingCache = CachingTextEncoder.wrap(failing, 100);
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(failingCache, 100, 32);
    encoder.request(List.of("poison"));

    float[][] rows = encoder.embed(List.of("own"));

    assertThat(rows[0]).containsExactly(CountingEncoder.vectorOf("own"));
    assertThat(failing.calls).containsExactly(List.of("own", "poison"), List.of("own"));
    assertThat(failingCache.cachedOrInFlight("poison")).isFalse();
    assertThat(failingCache.misses()).isEqualTo(1);
    assertThat(failingCache.prefetched()).isZero();
  }

  @Test
  void shouldFailTheCallWhenItsOwnTextFailsAlone() {
    CachingTextEncoder failingCache = CachingTextEncoder.wrap(new FailingOnEncoder("poison"), 100);
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(failingCache, 100, 32);
    encoder.request(List.of("other"));

    assertThatThrownBy(() -> encoder.embed(List.of("poison"))).isInstanceOf(IllegalStateException.class);
    assertThat(failingCache.cachedOrInFlight("poison")).isFalse();
    assertThat(failingCache.cachedOrInFlight("other")).isFalse();
  }

  @Test
  void shouldIgnoreRequestsOnceClosed() {
    CoalescingTextEncoder encoder = CoalescingTextEncoder.over(cache, 100, 32);
    encoder.close();

    encoder.request(List.of("late"));

    assertThat(encoder.waiting()).isZero();
    assertThat(delegate.closed).isTrue();
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
    IntFunction<List<String>> failing = own -> {
      throw new IllegalStateException("boom");
    };

    float[][] rows = cache.embed(List.of("own"), failing);

    assertThat(rows[0]).containsExactly(CountingEncoder.vectorOf("own"));
    assertThat(delegate.calls).containsExactly(List.of("own"));
    assertThat(cache.size()).isEqualTo(1);
    cache.embed(List.of("own"));
    assertThat(cache.hits()).isEqualTo(1);
  }

  @Test
  void shouldReleaseTheCallersTextsWhenTheCompanionSupplierThrowsAnError() {
    IntFunction<List<String>> broken = own -> {
      throw new AssertionError("broken supplier");
    };

    assertThatThrownBy(() -> cache.embed(List.of("own"), broken)).isInstanceOf(AssertionError.class);

    // not left in flight: a later call embeds it instead of waiting forever
    assertThat(cache.cachedOrInFlight("own")).isFalse();
    assertThat(cache.embed(List.of("own"))[0]).containsExactly(CountingEncoder.vectorOf("own"));
  }

  @Test
  void shouldNotAskForCompanionsWhenNoModelCallIsNeeded() {
    cache.embed(List.of("a"));
    IntFunction<List<String>> mustNotBeCalled = own -> {
      throw new AssertionError("asked for companions without a model call");
    };

    cache.embed(List.of("a", "a"), mustNotBeCalled);

    assertThat(delegate.calls).hasSize(1);
  }

  /** Embeds like {@link CountingEncoder} but fails every call that contains {@code poison}. */
  private static final class FailingOnEncoder implements TextEncoder {
    final List<List<String>> calls = new ArrayList<>();
    private final String poison;

    FailingOnEncoder(String poison) {
      this.poison = poison;
    }

    @Override
    public String id() {
      return "failing";
    }

    @Override
    public int dimension() {
      return 4;
    }

    @Override
    public float[][] embed(List<String> texts) {
      calls.add(List.copyOf(texts));
      if (texts.contains(poison)) {
        throw new IllegalStateException("cannot embed " + poison);
      }
      return texts.stream().map(CountingEncoder::vectorOf).toArray(float[][]::new);
    }

    @Override
    public void close() {
    }
  }
}
