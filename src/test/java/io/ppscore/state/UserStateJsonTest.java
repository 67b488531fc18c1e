package io.ppscore.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The span each window of {@code GET /v1/users/{id}} covers, shown next to its figures. */
class UserStateJsonTest {

  private static final Instant AS_OF = Instant.parse("2026-03-10T00:00:01Z");

  @Test
  void shouldShowThatEachWindowEndsAtTheEndOfTheBucketHoldingAsOf() {
    // Given an order at 23:00Z on the day of a reference time one second past midnight
    UserStores stores = InMemoryUserStores.create();
    new UserStateWriter(stores, "GBP").apply("u", order("o1", Instant.parse("2026-03-10T23:00:00Z"), "10.00"));

    // When the state is read as of 00:00:01Z and rendered
    UserState state = new UserStateStoreReader(stores).read("u", AS_OF).orElseThrow();
    Map<String, Object> windows = windows(UserStateJson.toJson(state));

    // Then the 7d window holds the order and says it ends at the end of that UTC day, not at asOf
    assertThat(window(windows, "7d")).containsEntry("orders", 1L)
        .containsEntry("start", "2026-03-04T00:00:00Z").containsEntry("end", "2026-03-11T00:00:00Z");
    assertThat(window(windows, "365d")).containsEntry("end", "2026-03-11T00:00:00Z");
    assertThat(window(windows, "24h")).containsEntry("orders", 0L)
        .containsEntry("start", "2026-03-09T01:00:00Z").containsEntry("end", "2026-03-10T01:00:00Z");
    assertThat(window(windows, "1h"))
        .containsEntry("start", "2026-03-09T23:01:00Z").containsEntry("end", "2026-03-10T00:01:00Z");
    assertThat(window(windows, "next30dLastYear"))
        .containsEntry("start", "2025-03-10T00:00:00Z").containsEntry("end", "2025-04-09T00:00:00Z");
    assertThat(window(windows, "lifetime")).doesNotContainKeys("start", "end");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> windows(Map<String, Object> json) {
    return (Map<String, Object>) json.get("windows");
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> window(Map<String, Object> windows, String label) {
    return (Map<String, Object>) windows.get(label);
  }

  private static OrderEvent order(String id, Instant at, String value) {
    OrderLine line = OrderLine.newBuilder().setProductId("p-" + id).setTitle("Product " + id).setCategory("home.decor")
        .setQuantity(1).setUnitPrice(new BigDecimal(value).setScale(4)).build();
    return OrderEvent.newBuilder().setEventId(id).setUserId("u").setEventTime(at).setOrderId("order-" + id)
        .setStatus(OrderStatus.PLACED).setLines(List.of(line)).setTotal(new BigDecimal(value).setScale(4))
        .setCurrency("GBP").build();
  }
}
