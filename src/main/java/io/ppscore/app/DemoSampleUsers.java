package io.ppscore.app;

import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplayEvent.Kind;
import io.ppscore.replay.ReplayTarget;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Remembers, while the demo replays, which users had the most orders and clicks, for example commands, and
 * how many events were sent.
 */
final class DemoSampleUsers {

  private final Map<String, Integer> orders = new HashMap<>();
  private final Map<String, Integer> clicks = new HashMap<>();
  private long sent;

  /** A target that counts events per user, then passes them to {@code delegate}. */
  ReplayTarget recording(ReplayTarget delegate) {
    return new ReplayTarget() {
      @Override
      public void send(ReplayEvent event) {
        (event.kind() == Kind.ORDER ? orders : clicks).merge(event.userId(), 1, Integer::sum);
        delegate.send(event);
        sent++;
      }

      @Override
      public void flush() {
        delegate.flush();
      }

      @Override
      public void close() {
        delegate.close();
      }
    };
  }

  /** Events handed to the targets (one record each on the clicks, carts or orders topic). */
  long sent() {
    return sent;
  }

  /** Up to {@code n} users with the most orders. */
  List<String> topBuyers(int n) {
    return top(orders, n);
  }

  /** Up to {@code n} users with the most clicks and carts. */
  List<String> topBrowsers(int n) {
    return top(clicks, n);
  }

  private static List<String> top(Map<String, Integer> counts, int n) {
    return counts.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
        .limit(n).map(Map.Entry::getKey).toList();
  }
}
