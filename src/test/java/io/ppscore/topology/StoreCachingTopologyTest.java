package io.ppscore.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.state.Granularity;
import io.ppscore.state.StoreNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;
import org.junit.jupiter.api.Test;

/** Kafka Streams' record cache: off on the per-user stores unless configured, always on the watermark. */
class StoreCachingTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");

  private static List<String> perUserStores() {
    List<String> names = new ArrayList<>(List.of(StoreNames.USER_PROFILE, StoreNames.USER_TEXT_PROFILE,
        StoreNames.SCORING_DIRTY_USERS, StoreNames.USER_LATEST_SCORE, StoreNames.USER_RISK_STATE));
    for (Granularity g : Granularity.values()) {
      names.add(g.storeName());
    }
    return names;
  }

  @Test
  void shouldLeaveThePerUserStoresUncachedByDefaultAndCacheTheWatermark() {
    try (TopologyHarness harness = new TopologyHarness(WALL_CLOCK)) {
      for (String name : perUserStores()) {
        assertThat(hasCachingLayer(store(harness, name))).as(name).isFalse();
      }
      assertThat(hasCachingLayer(store(harness, StoreNames.EVENT_TIME_WATERMARK))).isTrue();
    }
  }

  @Test
  void shouldCacheThePerUserStoresWhenConfigured() {
    try (TopologyHarness harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.STATE_RECORD_CACHE_CONFIG, true))) {
      for (String name : perUserStores()) {
        assertThat(hasCachingLayer(store(harness, name))).as(name).isTrue();
      }
    }
  }

  private static StateStore store(TopologyHarness harness, String name) {
    boolean window = java.util.Arrays.stream(Granularity.values()).anyMatch(g -> g.storeName().equals(name));
    return window ? (StateStore) harness.driver.getWindowStore(name) : (StateStore) harness.driver.getKeyValueStore(name);
  }

  /** Whether one of the layers Kafka Streams wrapped around the store is its record cache. */
  private static boolean hasCachingLayer(StateStore store) {
    assertThat(store).as("store in the topology").isNotNull();
    StateStore layer = store;
    while (layer instanceof WrappedStateStore<?, ?, ?> wrapped) {
      if (layer.getClass().getSimpleName().startsWith("Caching")) {
        return true;
      }
      layer = wrapped.wrapped();
    }
    return false;
  }
}
