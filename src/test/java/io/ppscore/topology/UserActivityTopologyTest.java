package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.cartAdd;
import static io.ppscore.topology.TestEvents.cartRemove;
import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.order;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.search;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.UserState;
import io.ppscore.state.Window;
import io.ppscore.state.WindowStats;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class UserActivityTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");

  private TopologyHarness harness = new TopologyHarness(WALL_CLOCK);

  @AfterEach
  void close() {
    harness.close();
  }

  private UserState stateOf(String userId, Instant asOf) {
    return harness.state(userId, asOf).orElseThrow(() -> new AssertionError("no state for " + userId));
  }

  @Test
  void shouldCombineClicksCartsAndOrdersOfOneUserIntoOneState() {
    // Given events of user u1 on all three topics within one minute
    harness.clicks.pipeInput("u1", view("c1", "u1", T0, "p1", "10.00"), T0);
    harness.clicks.pipeInput("u1", view("c2", "u1", T0.plusSeconds(5), "p2", "30.00"), T0.plusSeconds(5));
    harness.clicks.pipeInput("u1", search("c3", "u1", T0.plusSeconds(6), "red lamp"), T0.plusSeconds(6));
    harness.carts.pipeInput("u1", cartAdd("k1", "u1", T0.plusSeconds(10), "p2", 2, "30.00"), T0.plusSeconds(10));
    harness.carts.pipeInput("u1", cartRemove("k2", "u1", T0.plusSeconds(20), "p2", 1, "30.00"), T0.plusSeconds(20));
    harness.orders.pipeInput("u1", placed("o1", "u1", T0.plusSeconds(30), line("p2", 1, "30.00"), line("p3", 3, "2.5")), T0.plusSeconds(30));

    // When the state is read one minute later
    UserState state = stateOf("u1", T0.plusSeconds(60));

    // Then every trailing window holds all six events, and last year's season none
    assertThat(state.stats(Window.NEXT90_LAST_YEAR).isEmpty()).isTrue();
    for (Window w : java.util.List.of(Window.H1, Window.H24, Window.D7, Window.D30, Window.D90, Window.D365, Window.LIFETIME)) {
      WindowStats s = state.stats(w);
      assertThat(s.bucket().getEvents()).as(w.label()).isEqualTo(6);
      assertThat(s.bucket().getViews()).isEqualTo(2);
      assertThat(s.bucket().getSearches()).isEqualTo(1);
      assertThat(s.distinctProducts()).isEqualTo(3);
      assertThat(s.meanViewedPrice()).isEqualTo(20.0);
      assertThat(s.bucket().getViewedPriceMaxE4()).isEqualTo(300_000L);
      assertThat(s.bucket().getCartAdds()).isEqualTo(1);
      assertThat(s.bucket().getCartAddValueE4()).isEqualTo(600_000L);
      assertThat(s.bucket().getCartRemoves()).isEqualTo(1);
      assertThat(s.bucket().getOrders()).isEqualTo(1);
      assertThat(s.grossSpend()).isEqualByComparingTo(new BigDecimal("37.50"));
      assertThat(s.bucket().getItemsBought()).isEqualTo(4);
    }
    assertThat(state.profile().getLastEventId()).isEqualTo("o1");
    assertThat(state.profile().getCurrency()).isEqualTo("GBP");
    assertThat(harness.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldIncludeEventsInsideTrailingWindowsAndExcludeThoseBeforeTheirFirstBucket() {
    // Given orders 59 minutes, 61 minutes, 23 hours, 25 hours, 6 days and 8 days before the reference time
    Instant asOf = Instant.parse("2011-06-10T12:00:30Z");
    harness.orders.pipeInput("u1", placed("a", "u1", asOf.minus(Duration.ofDays(8)), line("p", 1, "1")));
    harness.orders.pipeInput("u1", placed("b", "u1", asOf.minus(Duration.ofDays(6)), line("p", 1, "2")));
    harness.orders.pipeInput("u1", placed("c", "u1", asOf.minus(Duration.ofHours(25)), line("p", 1, "4")));
    harness.orders.pipeInput("u1", placed("d", "u1", asOf.minus(Duration.ofHours(23)), line("p", 1, "8")));
    harness.orders.pipeInput("u1", placed("e", "u1", asOf.minus(Duration.ofMinutes(61)), line("p", 1, "16")));
    harness.orders.pipeInput("u1", placed("f", "u1", asOf.minus(Duration.ofMinutes(59)), line("p", 1, "32")));

    // When the state is read at the reference time
    UserState state = stateOf("u1", asOf);

    // Then each window sums exactly the orders whose bucket lies inside it
    assertThat(state.stats(Window.H1).grossSpend()).isEqualByComparingTo("32");
    assertThat(state.stats(Window.H24).grossSpend()).isEqualByComparingTo("56");
    assertThat(state.stats(Window.D7).grossSpend()).isEqualByComparingTo("62");
    assertThat(state.stats(Window.D30).grossSpend()).isEqualByComparingTo("63");
    assertThat(state.stats(Window.LIFETIME).grossSpend()).isEqualByComparingTo("63");
  }

  @Test
  void shouldTreatTheBucketBoundaryOfTheOneHourWindowExactly() {
    // Given orders at 11:01:00 and 11:00:59 (minute buckets), read at 12:00:10
    Instant asOf = Instant.parse("2011-06-10T12:00:10Z");
    harness.orders.pipeInput("u1", placed("in", "u1", Instant.parse("2011-06-10T11:01:00Z"), line("p", 1, "5")));
    harness.orders.pipeInput("u1", placed("out", "u1", Instant.parse("2011-06-10T11:00:59Z"), line("p", 1, "7")));

    // Then the 1h window starts at the 11:01 bucket
    assertThat(stateOf("u1", asOf).stats(Window.H1).grossSpend()).isEqualByComparingTo("5");
    assertThat(stateOf("u1", asOf).stats(Window.H24).grossSpend()).isEqualByComparingTo("12");
  }

  @Test
  void shouldAggregateOutOfOrderEventWithinGraceExactly() {
    // Given an order at T0+2h, then one at T0 (2 h late, grace 24 h)
    harness.orders.pipeInput("u1", placed("late-ok-2", "u1", T0.plus(Duration.ofHours(2)), line("p", 1, "10")));
    harness.orders.pipeInput("u1", placed("late-ok-1", "u1", T0, line("p", 2, "10")));

    // Then both are in the state and nothing is dead-lettered
    UserState state = stateOf("u1", T0.plus(Duration.ofHours(3)));
    assertThat(state.stats(Window.H24).bucket().getOrders()).isEqualTo(2);
    assertThat(state.stats(Window.LIFETIME).grossSpend()).isEqualByComparingTo("30");
    assertThat(state.stats(Window.LIFETIME).bucket().getFirstOrderTime()).isEqualTo(T0);
    assertThat(state.stats(Window.LIFETIME).meanInterPurchaseDays()).hasValue(2.0 / 24);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeadLetterEventArrivingAfterTheGracePeriodAndCountIt() {
    // Given grace of 1 hour and a watermark at T0
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.GRACE_MS_CONFIG, Duration.ofHours(1).toMillis()));
    harness.orders.pipeInput("u1", placed("now", "u1", T0, line("p", 1, "10")));

    // When one event arrives exactly at the grace edge and one a millisecond past it
    harness.orders.pipeInput("u1", placed("edge", "u1", T0.minus(Duration.ofHours(1)), line("p", 1, "1")));
    var tooLate = placed("too-late", "u1", T0.minus(Duration.ofHours(1)).minusMillis(1), line("p", 1, "100"));
    harness.orders.pipeInput(new TestRecord<>("u1", tooLate, new org.apache.kafka.common.header.internals.RecordHeaders()
        .add("trace-id", "t-42".getBytes(java.nio.charset.StandardCharsets.UTF_8)), T0));

    // Then the edge event is aggregated and the late one dead-lettered with its reason
    UserState state = stateOf("u1", T0);
    assertThat(state.stats(Window.LIFETIME).grossSpend()).isEqualByComparingTo("11");
    assertThat(state.profile().getLateEvents()).isEqualTo(1);
    TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("LATE_EVENT");
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_TOPIC)).isEqualTo("orders");
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("2");
    // a late event's time is past retention by definition: the dead letter is stamped when written instead
    assertThat(dead.timestamp()).isEqualTo(WALL_CLOCK.toEpochMilli());
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_TIMESTAMP))
        .isEqualTo(Long.toString(T0.toEpochMilli()));
    assertThat(new String(dead.key(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("u1");
    assertThat(DeadLetterHeaders.read(dead.headers(), "trace-id")).as("original headers kept").isEqualTo("t-42");
    var deadEvent = harness.topics.userEventSerde().deserializer().deserialize("ppscore-dead-letter", dead.value());
    assertThat(deadEvent.getEvent()).isEqualTo(tooLate);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldNotLetAnEventStampedInTheFutureMakeRealTimeEventsLate() {
    // Given grace of 1 hour, a wall clock at WALL_CLOCK, and an order stamped 3 hours ahead of it
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.GRACE_MS_CONFIG, Duration.ofHours(1).toMillis()));
    harness.orders.pipeInput("u1", placed("future", "u1", WALL_CLOCK.plus(Duration.ofHours(3)), line("p", 1, "10")));

    // When a real-time order 30 minutes old arrives
    harness.orders.pipeInput("u1", placed("recent", "u1", WALL_CLOCK.minus(Duration.ofMinutes(30)), line("p", 1, "5")));

    // Then it is aggregated: the watermark stopped at the wall clock
    assertThat(stateOf("u1", WALL_CLOCK).stats(Window.LIFETIME).bucket().getOrders()).isEqualTo(2);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    // And no changelog record is stamped ahead of the wall clock (brokers reject those)
    var changelog = harness.changelog("user-profile").readRecordsToList();
    assertThat(changelog).isNotEmpty();
    changelog.forEach(r -> assertThat(r.timestamp()).isLessThanOrEqualTo(WALL_CLOCK.toEpochMilli()));
  }

  @Test
  void shouldKeepRealTimeBucketsReadableAfterAnEventStampedInTheFuture() {
    // Given grace of 1 hour and an order stamped 3 hours ahead of the wall clock (allowed: up to 1 day ahead),
    // which moves the window stores' own stream time 3 hours past the wall clock
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.GRACE_MS_CONFIG, Duration.ofHours(1).toMillis()));
    harness.orders.pipeInput("u1", placed("future", "u1", WALL_CLOCK.plus(Duration.ofHours(3)), line("p", 1, "10")));

    // When a real-time order 30 minutes old arrives
    harness.orders.pipeInput("u1", placed("recent", "u1", WALL_CLOCK.minus(Duration.ofMinutes(30)), line("p", 1, "5")));

    // Then its minute and hour buckets are kept and read: the last hour and day as of now hold it
    UserState now = stateOf("u1", WALL_CLOCK);
    assertThat(now.stats(Window.H1).bucket().getOrders()).isEqualTo(1);
    assertThat(now.stats(Window.H24).bucket().getOrders()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterAnEventInAnotherCurrencyThanTheUsersEarlierAmounts() {
    // Given a user whose orders are in GBP
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p", 1, "10")));

    // When an order in EUR arrives, then a click without a price
    var euro = placed("o2", "u1", T0.plusSeconds(1), line("p", 1, "10"));
    euro.setCurrency("EUR");
    harness.orders.pipeInput("u1", euro);
    harness.clicks.pipeInput("u1", view("c1", "u1", T0.plusSeconds(2), "p", null));

    // Then the EUR order is dead-lettered as INVALID_FIELD and the priceless click is aggregated
    TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("INVALID_FIELD");
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.MESSAGE)).contains("EUR", "GBP");
    WindowStats life = stateOf("u1", T0.plusSeconds(3)).stats(Window.LIFETIME);
    assertThat(life.bucket().getOrders()).isEqualTo(1);
    assertThat(life.bucket().getViews()).isEqualTo(1);
  }

  @Test
  void shouldNotTakeTheCurrencyOfAFreeOrder() {
    // Given a user whose first order is a free promotional one in USD (no paying line: not an order)
    var free = placed("o1", "u1", T0, line("promo", 1, "0"));
    free.setCurrency("USD");
    harness.orders.pipeInput("u1", free, T0);

    // When a paid order in GBP follows
    harness.orders.pipeInput("u1", placed("o2", "u1", T0.plusSeconds(60), line("p", 1, "10")), T0.plusSeconds(60));

    // Then it is no currency conflict: it is counted and sets the user's currency
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    UserState state = stateOf("u1", T0.plusSeconds(120));
    assertThat(state.stats(Window.LIFETIME).bucket().getOrders()).isEqualTo(1);
    assertThat(state.profile().getCurrency()).isEqualTo("GBP");
  }

  @Test
  void shouldNotDeadLetterAFreeOrderInAnotherCurrencyThanTheUsers() {
    // Given a user whose orders are in GBP
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p", 1, "10")), T0);

    // When a free order in USD arrives
    var free = placed("o2", "u1", T0.plusSeconds(60), line("promo", 1, "0"));
    free.setCurrency("USD");
    harness.orders.pipeInput("u1", free, T0.plusSeconds(60));

    // Then it is not a currency conflict: no dead letter, the user's currency stays GBP
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    UserState state = stateOf("u1", T0.plusSeconds(120));
    assertThat(state.profile().getCurrency()).isEqualTo("GBP");
    assertThat(state.stats(Window.LIFETIME).bucket().getOrders()).isEqualTo(1);
  }

  @Test
  void shouldDeadLetterALateEventThatHadNoKeyWithoutAKey() {
    // Given grace of 1 hour and a watermark at T0
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.GRACE_MS_CONFIG, Duration.ofHours(1).toMillis()));
    harness.orders.pipeInput("u1", placed("now", "u1", T0, line("p", 1, "10")));

    // When an event 2 hours late arrives on a record without a key
    var tooLate = placed("too-late", "u1", T0.minus(Duration.ofHours(2)), line("p", 1, "100"));
    harness.raw("orders").pipeInput(null, harness.topics.orders().valueSerde().serializer().serialize("orders", tooLate), T0);

    // Then its dead letter has no key either, as the original record
    TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("LATE_EVENT");
    assertThat(dead.key()).isNull();
  }

  @Test
  void shouldDeadLetterARecordWhoseAmountsOverflowAndLeaveTheStateUntouched() {
    // Given limits that let an order worth 9.9 x 10^13 through validation (99 x 10^12, within decimal(18,4)),
    // and nine such orders: the user's sums in units of 10^-4 reach 8.91 x 10^18, near the largest long
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.VALIDATION_MAX_UNIT_PRICE_CONFIG, 1e12));
    for (int i = 0; i < 9; i++) {
      harness.orders.pipeInput("u1", placed("big" + i, "u1", T0.plusSeconds(i), line("p", 99, "1000000000000")));
    }

    // When a tenth such order arrives, whose value would overflow the sums, then a small good order
    var tenth = placed("big9", "u1", T0.plusSeconds(9), line("p", 99, "1000000000000"));
    byte[] overflowing = harness.topics.orders().valueSerde().serializer().serialize("orders", tenth);
    harness.raw("orders").pipeInput("u1".getBytes(java.nio.charset.StandardCharsets.UTF_8), overflowing, T0.plusSeconds(9));
    harness.orders.pipeInput("u1", placed("ok", "u1", T0.plusSeconds(10), line("p", 1, "5")));

    // Then it is dead-lettered with its original bytes as PROCESSING_ERROR and the other orders are counted
    TestRecord<byte[], byte[]> dead = harness.deadLetters.readRecord();
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.REASON)).isEqualTo("PROCESSING_ERROR");
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_OFFSET)).isEqualTo("9");
    assertThat(dead.value()).isEqualTo(overflowing);
    assertThat(DeadLetterHeaders.read(dead.headers(), DeadLetterHeaders.SOURCE_TIMESTAMP))
        .isEqualTo(Long.toString(T0.plusSeconds(9).toEpochMilli()));
    assertThat(dead.timestamp()).as("stamped when written").isGreaterThan(WALL_CLOCK.toEpochMilli());
    assertThat(harness.deadLetters.isEmpty()).isTrue();
    WindowStats life = stateOf("u1", T0.plusSeconds(11)).stats(Window.LIFETIME);
    assertThat(life.bucket().getOrders()).isEqualTo(10);
    assertThat(life.grossSpend()).isEqualByComparingTo("891000000000005");
  }

  @Test
  void shouldDropExactDuplicateWithinHorizonButAcceptTheSameIdAfterIt() {
    // Given a dedup horizon of 1 hour
    harness.close();
    harness = new TopologyHarness(WALL_CLOCK, Map.of(AppConfig.DEDUP_HORIZON_MS_CONFIG, Duration.ofHours(1).toMillis()));
    var order = placed("dup", "u1", T0, line("p", 1, "10"));

    // When the same event arrives twice, and an event with the same id arrives 2 hours later
    harness.orders.pipeInput("u1", order);
    harness.orders.pipeInput("u1", order);
    harness.orders.pipeInput("u1", placed("dup", "u1", T0.plus(Duration.ofHours(2)), line("p", 1, "10")));

    // Then the duplicate is dropped (and counted) and the later one aggregated
    UserState state = stateOf("u1", T0.plus(Duration.ofHours(2)));
    assertThat(state.stats(Window.LIFETIME).bucket().getOrders()).isEqualTo(2);
    assertThat(state.profile().getDuplicateEvents()).isEqualTo(1);
    assertThat(harness.deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldDeduplicateEventIdsPerUserSoAnotherUsersEventWithTheSameIdCounts() {
    harness.orders.pipeInput("u1", placed("e-1", "u1", T0, line("p", 1, "10")));
    harness.orders.pipeInput("u2", placed("e-1", "u2", T0, line("p", 1, "20")));

    assertThat(stateOf("u1", T0).stats(Window.LIFETIME).grossSpend()).isEqualByComparingTo("10");
    assertThat(stateOf("u2", T0).stats(Window.LIFETIME).grossSpend()).isEqualByComparingTo("20");
  }

  @Test
  void shouldRekeyEventsWhoseKeyIsNotTheirUserId() {
    // Given events for u7 written with a null key and with another user's key
    harness.clicks.pipeInput((String) null, view("c1", "u7", T0, "p1", "3.00"));
    harness.orders.pipeInput("someone-else", placed("o1", "u7", T0.plusSeconds(1), line("p1", 1, "3.00")));

    // Then both land in u7's state and none in the other key's
    UserState state = stateOf("u7", T0.plusSeconds(2));
    assertThat(state.stats(Window.LIFETIME).bucket().getEvents()).isEqualTo(2);
    assertThat(harness.state("someone-else", T0)).isEmpty();
  }

  @Test
  void shouldCountCancellationsAndRefundsApartFromSpend() {
    // Given a placed order, a cancellation and a refund
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p1", 4, "5.00")));
    harness.orders.pipeInput("u1", order("o2", "u1", T0.plusSeconds(1), OrderStatus.CANCELLED, line("p1", 1, "5.00")));
    harness.orders.pipeInput("u1", order("o3", "u1", T0.plusSeconds(2), OrderStatus.REFUNDED, line("p1", 2, "5.00")));

    // Then gross spend counts only the placed order, net spend subtracts the rest
    WindowStats life = stateOf("u1", T0.plusSeconds(3)).stats(Window.LIFETIME);
    assertThat(life.bucket().getOrders()).isEqualTo(1);
    assertThat(life.grossSpend()).isEqualByComparingTo("20");
    assertThat(life.bucket().getCancellations()).isEqualTo(1);
    assertThat(life.bucket().getCancelledValueE4()).isEqualTo(50_000L);
    assertThat(life.bucket().getRefunds()).isEqualTo(1);
    assertThat(life.netSpend()).isEqualByComparingTo("5");
  }

  @Test
  void shouldReturnNothingForUnknownUser() {
    assertThat(harness.state("nobody", T0)).isEmpty();
  }
}
