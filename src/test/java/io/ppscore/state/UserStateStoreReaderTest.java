package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.avro.ActivityBucket;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import org.junit.jupiter.api.Test;

/** One range read per bucket store, summed per window in memory, as separate reads per window would. */
class UserStateStoreReaderTest {

  private static final Instant AS_OF = Instant.parse("2011-06-30T12:34:56Z");

  private final UserStores stores = InMemoryUserStores.create();
  private final Map<Granularity, Integer> rangeReads = new EnumMap<>(Granularity.class);
  private final UserStores counted = counting(stores);

  @Test
  void shouldSumEveryWindowAsAReadPerWindowWouldWithOneRangeReadPerBucketStore() {
    sumsEveryWindowAsAReadPerWindowWould(AS_OF);
  }

  @Test
  void shouldSumEveryWindowAsAReadPerWindowWouldAtMidnight() {
    sumsEveryWindowAsAReadPerWindowWould(Granularity.DAY.bucketStart(AS_OF));
  }

  private void sumsEveryWindowAsAReadPerWindowWould(Instant asOf) {
    // Given a user with views and orders spread over the 400 days before the reference time, including
    // the minutes and hours just before it and the same season one year earlier
    UserStateWriter writer = new UserStateWriter(stores, "GBP");
    long[] minutesBefore = {0, 3, 9, 10, 59, 61, 300, 1_439, 1_441, 3 * 1_440, 6 * 1_440 + 700, 29 * 1_440,
        31 * 1_440, 89 * 1_440 + 100, 91 * 1_440, 200 * 1_440, 364 * 1_440 + 5, 365 * 1_440 + 30, 380 * 1_440,
        395 * 1_440, 400 * 1_440};
    for (int i = 0; i < minutesBefore.length; i++) {
      Instant at = asOf.minus(Duration.ofMinutes(minutesBefore[i]));
      writer.apply("u", view("v" + i, at, (i + 1) + ".25"));
      // amounts whose squares binary doubles do not hold exactly: the sum of squares depends on merge order
      writer.apply("u", order("o" + i, at, (37 * i + 3) + ".49"));
    }

    // When
    UserState state = new UserStateStoreReader(counted).read("u", asOf).orElseThrow();

    // Then every window equals the sum of its own range read, oldest bucket first
    for (Window window : Window.values()) {
      ActivityBucket expected = window == Window.LIFETIME ? stores.profiles().get("u").getLifetime()
          : sumOfOwnRange(window, asOf);
      assertThat(state.stats(window).bucket()).as(window.label()).isEqualTo(expected);
    }
    // by hand: at 12:34 the order 89 days and 100 minutes before is on the 90-day window's first day, at
    // midnight it is a day earlier; the orders 364 days 5 minutes and 365 days 30 minutes before fall on
    // days -364 and -365 at 12:34 (both in last year's 90 days), on days -365 and -366 at midnight
    boolean midday = asOf.equals(AS_OF);
    assertThat(state.stats(Window.D90).bucket().getOrders()).isEqualTo(midday ? 14 : 13);
    assertThat(state.stats(Window.NEXT90_LAST_YEAR).bucket().getOrders()).isEqualTo(midday ? 2 : 1);
    assertThat(rangeReads).containsExactlyInAnyOrderEntriesOf(
        Map.of(Granularity.MINUTE, 1, Granularity.HOUR, 1, Granularity.DAY, 1));
  }

  @Test
  void shouldReadOnlyTheRequestedWindowsAndTheirBucketStores() {
    // Given
    UserStateWriter writer = new UserStateWriter(stores, "GBP");
    writer.apply("u", view("v1", AS_OF.minus(Duration.ofMinutes(5)), "2.00"));
    writer.apply("u", view("v2", AS_OF.minus(Duration.ofDays(3)), "4.00"));

    // When only the hour and the lifetime are read
    UserStateStoreReader.StateRead read = new UserStateStoreReader(counted)
        .readWithBuckets("u", AS_OF, EnumSet.of(Window.H1, Window.LIFETIME)).orElseThrow();

    // Then the day store is not touched, the other windows are absent, and day buckets cannot be asked for
    assertThat(rangeReads).containsExactlyEntriesOf(Map.of(Granularity.MINUTE, 1));
    assertThat(read.state().stats(Window.H1).bucket().getViews()).isEqualTo(1);
    assertThat(read.state().stats(Window.LIFETIME).bucket().getViews()).isEqualTo(2);
    assertThatThrownBy(() -> read.state().stats(Window.D7)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("7d was not read");
    Instant today = Granularity.DAY.bucketStart(AS_OF);
    assertThatThrownBy(() -> read.buckets(Granularity.DAY, today, today))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("were not read");
  }

  @Test
  void shouldRefuseMinuteBucketsOutsideTheHourItRead() {
    // Given
    new UserStateWriter(stores, "GBP").apply("u", view("v1", AS_OF.minus(Duration.ofMinutes(5)), "2.00"));
    UserStateStoreReader.StateRead read = new UserStateStoreReader(counted)
        .readWithBuckets("u", AS_OF, EnumSet.of(Window.H1)).orElseThrow();
    Instant last = Granularity.MINUTE.bucketStart(AS_OF);

    // When / Then: the last 10 minutes lie inside the hour; 61 minutes do not
    assertThat(read.buckets(Granularity.MINUTE, last.minus(Duration.ofMinutes(9)), last)).hasSize(1);
    assertThatThrownBy(() -> read.buckets(Granularity.MINUTE, last.minus(Duration.ofMinutes(60)), last))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReturnEmptyForAUserNeverSeen() {
    assertThat(new UserStateStoreReader(counted).read("nobody", AS_OF)).isEmpty();
    assertThat(rangeReads).isEmpty();
  }

  private ActivityBucket sumOfOwnRange(Window window, Instant asOf) {
    ActivityBucket total = null;
    for (ActivityBucket b : stores.bucket(window.granularity()).range("u", window.firstBucket(asOf).toEpochMilli(),
        window.lastBucket(asOf).toEpochMilli()).values()) {
      total = total == null ? b : Buckets.merge(total, b);
    }
    return total == null ? Buckets.empty(asOf) : total;
  }

  private UserStores counting(UserStores inner) {
    Map<Granularity, BucketStore> wrapped = new EnumMap<>(Granularity.class);
    for (Granularity g : Granularity.values()) {
      BucketStore store = inner.bucket(g);
      wrapped.put(g, new BucketStore() {
        @Override
        public ActivityBucket get(String userId, long bucketStart) {
          return store.get(userId, bucketStart);
        }

        @Override
        public void put(String userId, long bucketStart, ActivityBucket bucket) {
          store.put(userId, bucketStart, bucket);
        }

        @Override
        public NavigableMap<Long, ActivityBucket> range(String userId, long fromStart, long toStart) {
          rangeReads.merge(g, 1, Integer::sum);
          return store.range(userId, fromStart, toStart);
        }
      });
    }
    return new UserStores(inner.profiles(), wrapped);
  }

  private static ClickEvent view(String id, Instant at, String price) {
    return ClickEvent.newBuilder().setEventId(id).setUserId("u").setEventTime(at).setType(ClickType.VIEW)
        .setProductId("p-" + id).setTitle("Product " + id).setCategory("home.decor")
        .setPrice(new BigDecimal(price).setScale(4)).build();
  }

  private static OrderEvent order(String id, Instant at, String value) {
    OrderLine line = OrderLine.newBuilder().setProductId("p-" + id).setTitle("Product " + id).setCategory("home.decor")
        .setQuantity(1).setUnitPrice(new BigDecimal(value).setScale(4)).build();
    return OrderEvent.newBuilder().setEventId(id).setUserId("u").setEventTime(at).setOrderId("order-" + id)
        .setStatus(OrderStatus.PLACED).setLines(List.of(line)).setTotal(new BigDecimal(value).setScale(4))
        .setCurrency("GBP").build();
  }
}
