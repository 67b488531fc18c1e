package io.ppscore.replay;

import static io.ppscore.replay.Fixtures.REES46_HEADER;
import static io.ppscore.replay.Fixtures.readAll;
import static io.ppscore.replay.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.replay.ReplayEvent.Kind;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Rees46ReaderTest {

  private static final String SESSION = "8187d148-3c41-46d4-b0c0-9c08cd9dc564";

  private final Rees46Reader reader = new Rees46Reader();
  private final ReplayStats stats = new ReplayStats();

  private List<ReplayEvent> read(String rows) {
    return readAll(reader, source(REES46_HEADER + rows), stats);
  }

  @Test
  void shouldMapAViewToAClickWithADerivedTitle() {
    // Given
    String rows = "2019-10-01 00:02:10 UTC,view,1004856,2053013555631882655,electronics.smartphone,samsung,"
        + "130.76,543272936," + SESSION + "\n";

    // When
    ReplayEvent event = read(rows).get(0);

    // Then
    assertThat(event.kind()).isEqualTo(Kind.CLICK);
    assertThat(event.userId()).isEqualTo("543272936");
    assertThat(event.timestampMs()).isEqualTo(Instant.parse("2019-10-01T00:02:10Z").toEpochMilli());
    ClickEvent click = (ClickEvent) event.value();
    assertThat(click.getEventId()).isEqualTo("rees46:2");
    assertThat(click.getType()).isEqualTo(ClickType.VIEW);
    assertThat(click.getProductId()).isEqualTo("1004856");
    assertThat(click.getCategory()).isEqualTo("electronics.smartphone");
    assertThat(click.getBrand()).isEqualTo("samsung");
    assertThat(click.getTitle()).isEqualTo("samsung electronics smartphone");
    assertThat(click.getPrice()).isEqualTo(new BigDecimal("130.7600"));
    assertThat(click.getCurrency()).isEqualTo("USD");
    assertThat(click.getSessionId()).isEqualTo(SESSION);
  }

  @Test
  void shouldMapACartRowToAnAddOfOneUnit() {
    // Given
    String rows = "2019-10-01 00:02:11 UTC,cart,1004856,2053013555631882655,electronics.smartphone,samsung,"
        + "130.76,543272936," + SESSION + "\n";

    // When
    ReplayEvent event = read(rows).get(0);

    // Then
    assertThat(event.kind()).isEqualTo(Kind.CART);
    CartEvent cart = (CartEvent) event.value();
    assertThat(cart.getAction()).isEqualTo(CartAction.ADD);
    assertThat(cart.getQuantity()).isEqualTo(1);
    assertThat(cart.getUnitPrice()).isEqualTo(new BigDecimal("130.7600"));
    assertThat(cart.getProductId()).isEqualTo("1004856");
    assertThat(cart.getCurrency()).isEqualTo("USD");
  }

  @Test
  void shouldMapAPurchaseToAPlacedOrderOfOneLineWithADeterministicId() {
    // Given
    String rows = "2019-10-01 00:02:14 UTC,purchase,1004856,2053013555631882655,electronics.smartphone,"
        + "samsung,130.76,543272936," + SESSION + "\n";

    // When
    ReplayEvent event = read(rows).get(0);

    // Then
    assertThat(event.kind()).isEqualTo(Kind.ORDER);
    OrderEvent order = (OrderEvent) event.value();
    assertThat(order.getStatus()).isEqualTo(OrderStatus.PLACED);
    assertThat(order.getOrderId())
        .isEqualTo("rees46:" + SESSION + ":1004856:" + Instant.parse("2019-10-01T00:02:14Z").getEpochSecond());
    assertThat(order.getLines()).singleElement().satisfies(line -> {
      assertThat(line.getQuantity()).isEqualTo(1);
      assertThat(line.getUnitPrice()).isEqualTo(new BigDecimal("130.7600"));
      assertThat(line.getTitle()).isEqualTo("samsung electronics smartphone");
    });
    assertThat(order.getTotal()).isEqualTo(new BigDecimal("130.7600"));
    assertThat(order.getCurrency()).isEqualTo("USD");
  }

  @Test
  void shouldLeaveTheTitleNullWhenNeitherBrandNorCategoryIsKnown() {
    // Given one row with neither, one with a category only
    String rows = """
        2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,,35.79,541312140,s1
        2019-10-01 00:00:01 UTC,view,3900821,2053013552326770905,appliances.environment.water_heater,,33.20,554748717,s2
        """;

    // When
    List<ReplayEvent> events = read(rows);

    // Then
    assertThat(events).extracting(e -> ((ClickEvent) e.value()).getTitle())
        .containsExactly(null, "appliances environment water heater");
    assertThat(((ClickEvent) events.get(0).value()).getCategory()).isNull();
    assertThat(((ClickEvent) events.get(0).value()).getBrand()).isNull();
  }

  @Test
  void shouldCountUnknownEventTypesAndRowsWithoutUser() {
    // Given
    String rows = """
        2019-10-01 00:00:00 UTC,wishlist,1,2,,,1.00,541312140,s1
        2019-10-01 00:00:00 UTC,view,1,2,,,1.00,,s1
        2019-10-01 00:00:01 UTC,view,1,2,,,1.00,541312140,s1
        """;

    // When
    List<ReplayEvent> events = read(rows);

    // Then
    assertThat(events).extracting(e -> ((ClickEvent) e.value()).getEventId()).containsExactly("rees46:4");
    assertThat(stats.skipped(SkipReason.UNKNOWN_EVENT_TYPE)).isEqualTo(1);
    assertThat(stats.skipped(SkipReason.GUEST_ROW)).isEqualTo(1);
  }

  @Test
  void shouldCountAnOverflowingPriceAsMalformedInsteadOfFailing() {
    // Given prices that do not fit decimal(18,4): the first overflows BigInteger when rescaled
    String rows = """
        2019-10-01 00:00:00 UTC,view,1,2,,,1e999999999,541312140,s1
        2019-10-01 00:00:01 UTC,view,1,2,,,1E+100000000,541312140,s1
        2019-10-01 00:00:02 UTC,view,1,2,,,1.00,541312140,s1
        """;

    // When
    long start = System.nanoTime();
    List<ReplayEvent> events = read(rows);

    // Then
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(events).extracting(e -> ((ClickEvent) e.value()).getEventId()).containsExactly("rees46:4");
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(2);
  }

  @Test
  void shouldCountAPriceThatRoundsPastDecimal18x4AsMalformed() {
    // Given a price with 14 integer digits that rounding to 4 decimals carries into a fifteenth, and the
    // largest price that fits
    String rows = """
        2019-10-01 00:00:00 UTC,view,1,2,,,99999999999999.99995,541312140,s1
        2019-10-01 00:00:01 UTC,view,1,2,,,99999999999999.99994,541312140,s1
        """;

    // When
    List<ReplayEvent> events = read(rows);

    // Then the first is malformed like 100000000000000 (it used to become 100000000000000.0000), the second kept
    assertThat(events).extracting(e -> ((ClickEvent) e.value()).getEventId()).containsExactly("rees46:3");
    assertThat(events).extracting(e -> ((ClickEvent) e.value()).getPrice())
        .containsExactly(new BigDecimal("99999999999999.9999"));
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(1);
  }

  @Test
  void shouldCountAnImpossibleDateAsMalformed() {
    // Given 30 February, 31 April and a real leap day
    String rows = """
        2019-02-30 00:00:00 UTC,view,1,2,,,1.00,541312140,s1
        2019-04-31 00:00:00 UTC,view,1,2,,,1.00,541312140,s1
        2020-02-29 23:59:59 UTC,view,1,2,,,1.00,541312140,s1
        """;

    // When
    List<ReplayEvent> events = read(rows);

    // Then
    assertThat(events).extracting(e -> ((ClickEvent) e.value()).getEventTime())
        .containsExactly(Instant.parse("2020-02-29T23:59:59Z"));
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(2);
  }
}
