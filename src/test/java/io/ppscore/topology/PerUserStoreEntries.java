package io.ppscore.topology;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/** Counts a user's entries in a per-user store of a {@link TopologyHarness}, by the store's layout. */
final class PerUserStoreEntries {

  private PerUserStoreEntries() {
  }

  static long count(TopologyHarness harness, PerUserStores.Entry store, String user) {
    return switch (store.layout()) {
      case KEY_VALUE -> {
        KeyValueStore<String, Object> kv = harness.driver.getKeyValueStore(store.name());
        yield kv.get(user) == null ? 0 : 1;
      }
      case WINDOW -> {
        WindowStore<String, Object> w = harness.driver.getWindowStore(store.name());
        long n = 0;
        try (WindowStoreIterator<Object> it = w.fetch(user, 0L, Long.MAX_VALUE)) {
          while (it.hasNext()) {
            it.next();
            n++;
          }
        }
        yield n;
      }
      case WINDOW_USER_PREFIX -> {
        WindowStore<String, Object> w = harness.driver.getWindowStore(store.name());
        List<String> keys = new ArrayList<>();
        try (KeyValueIterator<Windowed<String>, Object> it = w.all()) {
          it.forEachRemaining(kv -> keys.add(kv.key.key()));
        }
        yield keys.stream().filter(k -> k.startsWith(UserActivityProcessor.dedupKey(user, ""))).count();
      }
    };
  }
}
