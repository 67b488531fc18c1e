package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.cartAdd;
import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.order;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.OrderStatus;
import io.ppscore.features.NumericFeatures;
import io.ppscore.state.UserState;
import io.ppscore.state.Window;
import io.ppscore.state.WindowStats;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The order features of a streamed user mean what the model learnt from the Online Retail invoices: products
 * on orders only, and only orders with a paying line.
 */
class OrderFeaturesTopologyTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T0 = Instant.parse("2011-06-01T10:30:00Z");

  private final TopologyHarness harness = new TopologyHarness(WALL_CLOCK);

  @AfterEach
  void close() {
    harness.close();
  }

  private UserState stateOf(String userId, Instant asOf) {
    return harness.state(userId, asOf).orElseThrow(() -> new AssertionError("no state for " + userId));
  }

  private static float feature(UserState state, String name) {
    return NumericFeatures.of(state)[NumericFeatures.names().indexOf(name)];
  }

  @Test
  void shouldCountOnlyProductsOnOrdersInTheDistinctProductFeatures() {
    // Given one order of p0, then 50 views of p1..p50 and a cart addition of p51
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p0", 1, "10.00")), T0);
    for (int i = 1; i <= 50; i++) {
      Instant at = T0.plusSeconds(i);
      harness.clicks.pipeInput("u1", view("c" + i, "u1", at, "p" + i, "5.00"), at);
    }
    harness.carts.pipeInput("u1", cartAdd("k1", "u1", T0.plusSeconds(60), "p51", 1, "5.00"), T0.plusSeconds(60));

    // When the state is read an hour later
    UserState state = stateOf("u1", T0.plus(Duration.ofHours(1)));

    // Then the model's features count the one ordered product, the served figure every product touched
    assertThat(feature(state, "distinct_products_90d")).isEqualTo(1.0f);
    assertThat(feature(state, "distinct_products_lifetime")).isEqualTo(1.0f);
    assertThat(state.stats(Window.D90).distinctProducts()).isEqualTo(52);
    assertThat(state.stats(Window.LIFETIME).distinctOrderedProducts()).isEqualTo(1);
  }

  @Test
  void shouldCountProductsOnCancelledOrdersButNotFreeLinesAsOrderedProducts() {
    // Given an order of p0 with a free p9, and a cancellation of p1
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p0", 1, "10.00"), line("p9", 1, "0.00")), T0);
    harness.orders.pipeInput("u1", order("o2", "u1", T0.plusSeconds(60), OrderStatus.CANCELLED,
        line("p1", 1, "4.00")), T0.plusSeconds(60));

    // When the state is read an hour later
    UserState state = stateOf("u1", T0.plus(Duration.ofHours(1)));

    // Then p0 and p1 are ordered products (as on the invoices the model learnt from), the free p9 is not
    assertThat(feature(state, "distinct_products_90d")).isEqualTo(2.0f);
    assertThat(state.stats(Window.D90).distinctProducts()).isEqualTo(2);
  }

  @Test
  void shouldNotCountAPlacedOrderWithoutAPayingLineAsAnOrder() {
    // Given an order of 10.00 and, ten days later, an order whose lines are all free
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p0", 1, "10.00")), T0);
    Instant later = T0.plus(Duration.ofDays(10));
    harness.orders.pipeInput("u1", placed("o2", "u1", later, line("p1", 2, "0.00"), line("p2", 1, "0")), later);

    // When the state is read twenty days after the first order
    UserState state = stateOf("u1", T0.plus(Duration.ofDays(20)));

    // Then only the paid order counts: its count, value, recency and products
    WindowStats life = state.stats(Window.LIFETIME);
    assertThat(life.bucket().getEvents()).isEqualTo(2);
    assertThat(life.bucket().getOrders()).isEqualTo(1);
    assertThat(life.meanOrderValue()).isEqualTo(10.0);
    assertThat(life.bucket().getLastOrderTime()).isEqualTo(T0);
    assertThat(life.meanInterPurchaseDays()).isEmpty();
    assertThat(feature(state, "days_since_last_order")).isEqualTo(20.0f);
    assertThat(feature(state, "distinct_products_lifetime")).isEqualTo(1.0f);
    assertThat(life.distinctProducts()).isEqualTo(1);
  }

  @Test
  void shouldNotCountAReversalWithoutAPayingLineAsACancellation() {
    // Given an order of 10.00 and a cancellation whose only line is free
    harness.orders.pipeInput("u1", placed("o1", "u1", T0, line("p0", 1, "10.00")), T0);
    harness.orders.pipeInput("u1", order("o2", "u1", T0.plusSeconds(60), OrderStatus.CANCELLED,
        line("p1", 1, "0.00")), T0.plusSeconds(60));

    // When the state is read an hour later
    UserState state = stateOf("u1", T0.plus(Duration.ofHours(1)));

    // Then there is no cancellation (the Online Retail loader drops such invoices too)
    assertThat(feature(state, "cancellations_lifetime")).isZero();
    assertThat(state.stats(Window.LIFETIME).bucket().getEvents()).isEqualTo(2);
  }
}
