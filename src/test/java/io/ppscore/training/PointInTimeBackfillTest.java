package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.features.NumericFeatures;
import io.ppscore.replay.ReplayEvent;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class PointInTimeBackfillTest {

  private static final Instant T1 = Instant.parse("2011-01-01T00:00:00Z");
  private static final Instant T2 = Instant.parse("2011-02-01T00:00:00Z");

  private static ReplayEvent order(String id, String user, String time, OrderStatus status, int qty, String price) {
    OrderLine line = OrderLine.newBuilder().setProductId("p").setTitle("RED LAMP").setQuantity(qty)
        .setUnitPrice(new BigDecimal(price).setScale(4)).build();
    return ReplayEvent.of(OrderEvent.newBuilder().setEventId(id).setUserId(user).setEventTime(Instant.parse(time))
        .setOrderId(id).setStatus(status).setLines(List.of(line))
        .setTotal(new BigDecimal(price).multiply(BigDecimal.valueOf(qty)).setScale(4)).setCurrency("GBP").build());
  }

  private static ReplayEvent placed(String id, String user, String time, int qty, String price) {
    return order(id, user, time, OrderStatus.PLACED, qty, price);
  }

  private static List<ReplayEvent> history() {
    return List.of(
        placed("a1", "alice", "2010-12-01T10:00:00Z", 2, "10.00"),   // before T1: 20
        placed("a2", "alice", "2010-12-31T23:59:59Z", 1, "5.00"),    // last second before T1: 5
        placed("a3", "alice", "2011-01-01T00:00:00Z", 1, "7.00"),    // exactly at T1: label, not feature
        order("a4", "alice", "2011-01-15T00:00:00Z", OrderStatus.CANCELLED, 1, "7.00"), // not spend
        placed("a5", "alice", "2011-01-30T23:00:00Z", 3, "1.50"),    // in 30d label: 4.50
        placed("a6", "alice", "2011-03-15T00:00:00Z", 1, "100.00"),  // in 90d only
        placed("b1", "bob", "2011-01-10T00:00:00Z", 1, "50.00"));    // bob first buys after T1
  }

  private static Map<String, SnapshotRow> rows(Snapshot s) {
    return s.rows().stream().collect(Collectors.toMap(SnapshotRow::userId, Function.identity()));
  }

  private static float feature(SnapshotRow row, String name) {
    return row.numeric()[NumericFeatures.names().indexOf(name)];
  }

  @Test
  void shouldComputeLabelsAsGrossSpendOfPlacedOrdersInTheHorizonAfterTheCutoff() {
    List<Snapshot> snapshots = new PointInTimeBackfill(List.of(T1), List.of(30, 90), EmbeddingLookup.none(), 4, "GBP")
        .run(history());

    Map<String, SnapshotRow> rows = rows(snapshots.get(0));
    // bob had no order before T1: not in the population
    assertThat(rows).containsOnlyKeys("alice");
    // 30 days: a3 (7.00) + a5 (4.50); the cancellation is not spend; 90 days adds a6 (100.00)
    assertThat(rows.get("alice").labels()).containsExactly(11.5, 111.5);
    assertThat(rows.get("alice").orders()).hasSize(2);
  }

  @Test
  void shouldLeaveOrdersWithoutAPayingLineOutOfThePopulationAndThePastOrders() {
    // Given alice's paid orders and a free one before T1, and carol with only a free order before T1
    List<ReplayEvent> events = new ArrayList<>(history());
    events.add(placed("a0", "alice", "2010-12-15T10:00:00Z", 1, "0.00"));
    events.add(placed("c1", "carol", "2010-12-20T10:00:00Z", 2, "0.00"));

    // When the backfill snapshots T1
    Map<String, SnapshotRow> rows = rows(new PointInTimeBackfill(List.of(T1), List.of(30), EmbeddingLookup.none(), 4, "GBP")
        .run(events).get(0));

    // Then neither free order is an order: carol is not in the population, alice has her two paid orders
    assertThat(rows).containsOnlyKeys("alice");
    assertThat(rows.get("alice").orders()).extracting(SnapshotRow.PastOrder::grossValue).containsExactly(20.0, 5.0);
    assertThat(feature(rows.get("alice"), "orders_lifetime")).isEqualTo(2.0f);
  }

  @Test
  void shouldTakeFeaturesStrictlyBeforeTheCutoff() {
    SnapshotRow alice = rows(new PointInTimeBackfill(List.of(T1), List.of(30), EmbeddingLookup.none(), 4, "GBP")
        .run(history()).get(0)).get("alice");

    assertThat(feature(alice, "orders_lifetime")).isEqualTo(2f);
    assertThat(feature(alice, "gross_spend_lifetime")).isEqualTo(25f);
    assertThat(feature(alice, "days_since_last_order")).isEqualTo(1f / 86_400, org.assertj.core.data.Offset.offset(1e-6f));
  }

  @Test
  void shouldMeasureHowOverdueTheNextOrderIsAgainstTheUsersOwnRhythm() {
    // Given carol ordering every 10 days until 41 days before T1, and dave once, 10 days before T1
    List<ReplayEvent> history = List.of(
        placed("c1", "carol", "2010-11-01T00:00:00Z", 1, "10.00"),
        placed("c2", "carol", "2010-11-11T00:00:00Z", 1, "10.00"),
        placed("c3", "carol", "2010-11-21T00:00:00Z", 1, "10.00"),
        placed("d1", "dave", "2010-12-22T00:00:00Z", 1, "10.00"));

    Map<String, SnapshotRow> rows = rows(new PointInTimeBackfill(List.of(T1), List.of(30), EmbeddingLookup.none(), 4, "GBP")
        .run(history).get(0));

    // Then carol is 41 / 10 = 4.1 rhythms overdue; dave, with no rhythm yet (one order), gets the "never" value
    assertThat(feature(rows.get("carol"), "overdue_ratio")).isCloseTo(4.1f, org.assertj.core.data.Offset.offset(1e-5f));
    assertThat(feature(rows.get("dave"), "overdue_ratio")).isEqualTo((float) NumericFeatures.NEVER);
  }

  @Test
  void shouldNotLetAnyEventAtOrAfterTheCutoffChangeItsFeatures() {
    // Given the history, and the same history with more, different events at and after T1
    List<ReplayEvent> more = new ArrayList<>(history());
    more.add(placed("x1", "alice", "2011-01-01T00:00:00Z", 100, "99.00"));
    more.add(placed("x2", "carol", "2011-01-05T00:00:00Z", 1, "1.00"));
    more.add(ReplayEvent.of(ClickEvent.newBuilder().setEventId("c1").setUserId("alice")
        .setEventTime(Instant.parse("2011-01-02T00:00:00Z")).setType(ClickType.VIEW).setTitle("RED LAMP").build()));

    // When both are backfilled with text embeddings on
    EmbeddingLookup lookup = text -> text == null ? null : new float[] {1, 0, 0, 0};
    SnapshotRow before = rows(new PointInTimeBackfill(List.of(T1), List.of(30), lookup, 4, "GBP").run(history()).get(0)).get("alice");
    SnapshotRow after = rows(new PointInTimeBackfill(List.of(T1), List.of(30), lookup, 4, "GBP").run(more).get(0)).get("alice");

    // Then the features at T1 are identical (labels differ, as they should)
    assertThat(after.numeric()).containsExactly(before.numeric());
    assertThat(after.boughtText()).containsExactly(before.boughtText());
    assertThat(after.browsedText()).isNull();
    assertThat(after.labels()[0]).isNotEqualTo(before.labels()[0]);
  }

  @Test
  void shouldSnapshotEveryCutoffInOnePass() {
    List<Snapshot> snapshots = new PointInTimeBackfill(List.of(T2, T1), List.of(30), EmbeddingLookup.none(), 4, "GBP")
        .run(history());

    assertThat(snapshots).extracting(Snapshot::cutoff).containsExactly(T1, T2);
    assertThat(rows(snapshots.get(1))).containsOnlyKeys("alice", "bob");
    // alice at T2: a1, a2, a3, a5 placed before T2 = 20 + 5 + 7 + 4.5
    assertThat(feature(rows(snapshots.get(1)).get("alice"), "gross_spend_lifetime")).isEqualTo(36.5f);
    assertThat(feature(rows(snapshots.get(1)).get("alice"), "cancellations_lifetime")).isEqualTo(1f);
  }
}
