package io.ppscore.training;

import io.ppscore.events.InputEvents;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.features.EventTexts;
import io.ppscore.features.NumericFeatures;
import io.ppscore.features.TextProfile;
import io.ppscore.features.TextProfiles;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.state.Buckets;
import io.ppscore.state.InMemoryUserStores;
import io.ppscore.state.Money;
import io.ppscore.state.UserState;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.UserStateWriter;
import io.ppscore.state.UserStores;
import io.ppscore.state.Window;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Replays a historical dataset through the streaming aggregation code ({@link UserStateWriter} and
 * {@link UserStateStoreReader} on in-memory stores) and takes, at each cut-off T, every user with an order
 * before T: features from events strictly before T, labels (gross spend) from events in {@code [T, T+H)}.
 * No event at or after T can reach a snapshot's features: the snapshot is taken before the first such
 * event is applied.
 *
 * <p>Training takes users with a placed order that still counts at T. {@code score-batch} takes, with
 * {@link #withEveryCustomerWithAnOrder()}, every user with any order before T, a cancellation too: the
 * streaming app scores a user whose only event is a cancellation, with the features of 0 placed orders.
 */
public final class PointInTimeBackfill {

  private final List<Instant> cutoffs;
  private final List<Integer> horizonDays;
  private final EmbeddingLookup embeddings;
  private final int textDimension;
  private final String defaultCurrency;
  private final boolean everyCustomerWithAnOrder;

  public PointInTimeBackfill(List<Instant> cutoffs, List<Integer> horizonDays, EmbeddingLookup embeddings,
      int textDimension, String defaultCurrency) {
    this(cutoffs, horizonDays, embeddings, textDimension, defaultCurrency, false);
  }

  private PointInTimeBackfill(List<Instant> cutoffs, List<Integer> horizonDays, EmbeddingLookup embeddings,
      int textDimension, String defaultCurrency, boolean everyCustomerWithAnOrder) {
    if (cutoffs.isEmpty() || horizonDays.isEmpty()) {
      throw new IllegalArgumentException("need at least one cut-off and one horizon");
    }
    this.cutoffs = cutoffs.stream().sorted().toList();
    this.horizonDays = List.copyOf(horizonDays);
    this.embeddings = embeddings;
    this.textDimension = textDimension;
    this.defaultCurrency = defaultCurrency;
    this.everyCustomerWithAnOrder = everyCustomerWithAnOrder;
  }

  /**
   * This backfill, but a snapshot takes every user with an order event (placed or cancelled) before its
   * cut-off, also with no placed order counted there (for {@code score-batch}; training keeps buyers only).
   */
  public PointInTimeBackfill withEveryCustomerWithAnOrder() {
    return new PointInTimeBackfill(cutoffs, horizonDays, embeddings, textDimension, defaultCurrency, true);
  }

  /** Runs the backfill over {@code events} (any order; they are sorted by event time, stably). */
  public List<Snapshot> run(List<ReplayEvent> events) {
    List<ReplayEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(e -> InputEvents.eventTime(e.value()).toEpochMilli()));
    UserStores stores = InMemoryUserStores.create();
    UserStateWriter writer = new UserStateWriter(stores, defaultCurrency);
    UserStateStoreReader reader = new UserStateStoreReader(stores);
    Map<String, TextProfiles> text = new HashMap<>();
    Map<String, List<SnapshotRow.PastOrder>> orders = new HashMap<>();
    Set<String> customers = new HashSet<>();
    List<OpenSnapshot> taken = new ArrayList<>();
    int next = 0;
    for (ReplayEvent e : sorted) {
      long t = InputEvents.eventTime(e.value()).toEpochMilli();
      while (next < cutoffs.size() && t >= cutoffs.get(next).toEpochMilli()) {
        taken.add(snapshot(cutoffs.get(next++), reader, text, orders, customers));
      }
      SpecificRecord event = e.value();
      if (writer.currencyConflict(e.userId(), event).isPresent()) {
        continue;
      }
      writer.apply(e.userId(), event);
      addText(text.computeIfAbsent(e.userId(), u -> TextProfiles.empty(textDimension)), event);
      if (everyCustomerWithAnOrder && event instanceof OrderEvent) {
        customers.add(e.userId());
      }
      if (event instanceof OrderEvent order && order.getStatus() == OrderStatus.PLACED && Buckets.countsAsOrder(order)) {
        double value = Money.fromE4(Buckets.grossValueE4(order));
        orders.computeIfAbsent(e.userId(), u -> new ArrayList<>()).add(new SnapshotRow.PastOrder(t, value));
        for (OpenSnapshot open : taken) {
          open.addLabel(e.userId(), t, value);
        }
      }
    }
    while (next < cutoffs.size()) {
      taken.add(snapshot(cutoffs.get(next++), reader, text, orders, customers));
    }
    return taken.stream().map(OpenSnapshot::close).toList();
  }

  private OpenSnapshot snapshot(Instant cutoff, UserStateStoreReader reader, Map<String, TextProfiles> text,
      Map<String, List<SnapshotRow.PastOrder>> orders, Set<String> customers) {
    Map<String, SnapshotRow> rows = new LinkedHashMap<>();
    if (everyCustomerWithAnOrder) {
      for (String customer : customers) {
        rows.put(customer, row(customer, reader.read(customer, cutoff).orElseThrow(), text.get(customer),
            orders.getOrDefault(customer, List.of())));
      }
      return new OpenSnapshot(cutoff, rows);
    }
    for (Map.Entry<String, List<SnapshotRow.PastOrder>> buyer : orders.entrySet()) {
      UserState state = reader.read(buyer.getKey(), cutoff).orElseThrow();
      if (state.stats(Window.LIFETIME).bucket().getOrders() == 0) {
        continue;
      }
      rows.put(buyer.getKey(), row(buyer.getKey(), state, text.get(buyer.getKey()), buyer.getValue()));
    }
    return new OpenSnapshot(cutoff, rows);
  }

  private SnapshotRow row(String userId, UserState state, TextProfiles profiles, List<SnapshotRow.PastOrder> orders) {
    String currency = state.profile().getCurrency() != null ? state.profile().getCurrency() : defaultCurrency;
    return new SnapshotRow(userId, NumericFeatures.of(state), meanOrNull(profiles.bought()),
        meanOrNull(profiles.browsed()), List.copyOf(orders), new double[horizonDays.size()], currency);
  }

  private static float[] meanOrNull(TextProfile profile) {
    return profile.isEmpty() ? null : profile.mean();
  }

  private void addText(TextProfiles profiles, SpecificRecord event) {
    for (EventTexts.EventText t : EventTexts.of(event)) {
      float[] v = embeddings.embedding(t.text());
      if (v != null) {
        (t.bought() ? profiles.bought() : profiles.browsed()).add(v, t.weight());
      }
    }
  }

  /** A snapshot whose label windows may still be receiving orders. */
  private final class OpenSnapshot {
    private final Instant cutoff;
    private final Map<String, SnapshotRow> rows;

    OpenSnapshot(Instant cutoff, Map<String, SnapshotRow> rows) {
      this.cutoff = cutoff;
      this.rows = rows;
    }

    void addLabel(String userId, long t, double value) {
      SnapshotRow row = rows.get(userId);
      if (row == null || t < cutoff.toEpochMilli()) {
        return;
      }
      for (int h = 0; h < horizonDays.size(); h++) {
        if (t < cutoff.plus(Duration.ofDays(horizonDays.get(h))).toEpochMilli()) {
          row.labels()[h] += value;
        }
      }
    }

    Snapshot close() {
      return new Snapshot(cutoff, horizonDays, new ArrayList<>(rows.values()));
    }
  }
}
