package io.ppscore.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventValidatorTest {

  private static final Instant NOW = Instant.parse("2011-07-01T00:00:00Z");
  private static final Instant T = Instant.parse("2011-06-01T00:00:00Z");
  private final EventValidator validator = new EventValidator(ValidationLimits.from(new AppConfig(Map.of())));

  private static BigDecimal money(String s) {
    return new BigDecimal(s).setScale(4);
  }

  private static ClickEvent.Builder click() {
    return ClickEvent.newBuilder().setEventId("e1").setUserId("u1").setEventTime(T).setType(ClickType.VIEW);
  }

  private static OrderEvent.Builder order(OrderLine... lines) {
    return OrderEvent.newBuilder().setEventId("e1").setUserId("u1").setEventTime(T).setOrderId("o1")
        .setStatus(OrderStatus.PLACED).setLines(List.of(lines)).setTotal(money("1")).setCurrency("GBP");
  }

  private static OrderLine line(int quantity, String price) {
    return OrderLine.newBuilder().setProductId("p").setQuantity(quantity).setUnitPrice(money(price)).build();
  }

  private Optional<DeadLetterReason> reasonOf(org.apache.avro.specific.SpecificRecord event) {
    return validator.validate(event, NOW).map(Violation::reason);
  }

  @Test
  void shouldAcceptValidEventsOfEveryType() {
    assertThat(reasonOf(click().setPrice(money("0")).build())).isEmpty();
    assertThat(reasonOf(order(line(1, "0.001")).build())).isEmpty();
    assertThat(reasonOf(CartEvent.newBuilder().setEventId("e").setUserId("u").setEventTime(T).setAction(CartAction.ADD)
        .setProductId("p").setQuantity(1).setUnitPrice(money("2")).build())).isEmpty();
  }

  @Test
  void shouldRejectMissingOrMalformedUserIds() {
    assertThat(reasonOf(click().setUserId(" ").build())).hasValue(DeadLetterReason.MISSING_USER_ID);
    assertThat(reasonOf(click().setUserId("a/b").build())).hasValue(DeadLetterReason.INVALID_FIELD);
    assertThat(reasonOf(click().setUserId("u".repeat(129)).build())).hasValue(DeadLetterReason.OVERSIZED_FIELD);
  }

  @Test
  void shouldRejectTimesBeforeTheMinimumOrBeyondTheAllowedFuture() {
    assertThat(reasonOf(click().setEventTime(Instant.parse("1999-12-31T23:59:59Z")).build())).hasValue(DeadLetterReason.ABSURD_TIMESTAMP);
    assertThat(reasonOf(click().setEventTime(NOW.plusSeconds(86_400)).build())).isEmpty();
    assertThat(reasonOf(click().setEventTime(NOW.plusSeconds(86_401)).build())).hasValue(DeadLetterReason.ABSURD_TIMESTAMP);
  }

  @Test
  void shouldRejectEnumSymbolsANewerProducerAddedInsteadOfTakingThemForKnownOnes() {
    // Given: UNKNOWN is what a symbol this version does not know (a CHARGEBACK status, say) reads as
    Optional<Violation> order = validator.validate(order(line(1, "1")).setStatus(OrderStatus.UNKNOWN).build(), NOW);
    Optional<Violation> cart = validator.validate(CartEvent.newBuilder().setEventId("e").setUserId("u").setEventTime(T)
        .setAction(CartAction.UNKNOWN).setProductId("p").setQuantity(1).setUnitPrice(money("2")).build(), NOW);
    Optional<Violation> click = validator.validate(click().setType(ClickType.UNKNOWN).build(), NOW);

    // Then
    assertThat(order).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
      assertThat(v.message()).contains("order status not known to this version").contains("PLACED, CANCELLED, REFUNDED");
    });
    assertThat(cart).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
      assertThat(v.message()).contains("cart action not known to this version").contains("ADD, REMOVE");
    });
    assertThat(click).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
      assertThat(v.message()).contains("click type not known to this version").contains("VIEW, SEARCH");
    });
  }

  @Test
  void shouldRejectAmountsOfAMillionDigitsAtOnceWithAShortMessage() {
    // Given: a decimal of 1 MiB (within Avro's bytes limit); comparing it with the limit and printing it took
    // 6.5 s per record and logged 2.5 MB
    byte[] bytes = new byte[1 << 20];
    Arrays.fill(bytes, (byte) 0x7f);
    BigDecimal huge = new BigDecimal(new BigInteger(bytes), 4);
    OrderLine hugeLine = OrderLine.newBuilder().setProductId("p").setQuantity(1).setUnitPrice(huge).build();

    // When
    Optional<Violation> asPrice = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> validator.validate(order(hugeLine).build(), NOW));
    Optional<Violation> asTotal = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> validator.validate(order(line(1, "1")).setTotal(huge).build(), NOW));
    Optional<Violation> afterAnother = assertTimeoutPreemptively(Duration.ofSeconds(2),
        () -> validator.validate(order(hugeLine).setEventId(" ").setTotal(huge).build(), NOW));

    // Then
    assertThat(asPrice).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_AMOUNT);
      assertThat(v.message()).startsWith("lines[0].unit_price is a number of about 2,525,2").contains("decimal(18,4)").hasSizeLessThan(120);
    });
    assertThat(asTotal).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_AMOUNT);
      assertThat(v.message()).startsWith("total is a number of about").hasSizeLessThan(120);
    });
    assertThat(afterAnother.map(Violation::reason)).hasValue(DeadLetterReason.INVALID_FIELD);
  }

  @Test
  void shouldRejectAmountsBeyondDecimal18Scale4AndShortenLongOnesInTheMessage() {
    // Given: 10^14 is one digit more than decimal(18,4) holds; the other has 44 digits
    BigDecimal justTooLarge = money("100000000000000");
    BigDecimal longer = money("1234567890123456789012345678901234567890");

    // When
    Optional<Violation> tooLarge = validator.validate(click().setPrice(justTooLarge).build(), NOW);
    Optional<Violation> tooLong = validator.validate(click().setPrice(longer).build(), NOW);

    // Then
    assertThat(tooLarge).hasValueSatisfying(v -> {
      assertThat(v.reason()).isEqualTo(DeadLetterReason.INVALID_AMOUNT);
      assertThat(v.message()).isEqualTo("price is 100000000000000.0000, more than a decimal(18,4) holds");
    });
    assertThat(tooLong).hasValueSatisfying(v -> assertThat(v.message())
        .isEqualTo("price is 12345678901234567890123456789012\u2026(44 digits), more than a decimal(18,4) holds"));
    assertThat(EventValidator.describe(new BigDecimal("1E+999999999"))).isEqualTo("1E+999999999");
  }

  @Test
  void shouldRejectNegativeZeroQuantityAndAbsurdAmounts() {
    assertThat(reasonOf(click().setPrice(money("-0.01")).build())).hasValue(DeadLetterReason.INVALID_AMOUNT);
    assertThat(reasonOf(order(line(0, "1")).build())).hasValue(DeadLetterReason.INVALID_AMOUNT);
    assertThat(reasonOf(order(line(1, "1000000.0001")).build())).hasValue(DeadLetterReason.INVALID_AMOUNT);
    assertThat(reasonOf(order(line(1, "1")).setTotal(money("-1")).build())).hasValue(DeadLetterReason.INVALID_AMOUNT);
  }

  @Test
  void shouldRejectAnOrderWhoseValidLinesAddUpToMoreThanTheLargestOrderValue() {
    // Given: the default limits allow lines of 100,000 x 1,000,000 (1e11 each) and 1,000 lines
    OrderLine largest = line(100_000, "1000000");
    OrderLine[] lines = new OrderLine[1_000];
    java.util.Arrays.fill(lines, largest);

    // When / Then: one such line is an order; a thousand of them (1e14, beyond decimal(18,4)) are not
    assertThat(reasonOf(order(largest).setTotal(money("0")).build())).isEmpty();
    assertThat(reasonOf(order(largest, largest).setTotal(money("0")).build())).hasValue(DeadLetterReason.INVALID_AMOUNT);
    assertThat(reasonOf(order(lines).setTotal(money("0")).build())).hasValue(DeadLetterReason.INVALID_AMOUNT);
  }

  @Test
  void shouldNeverAcceptAnOrderValueBeyondDecimal18Scale4WhateverTheConfiguredUnitPrice() {
    // Given: the unit price limit raised to its maximum
    EventValidator generous = new EventValidator(ValidationLimits.from(new AppConfig(Map.of(
        AppConfig.VALIDATION_MAX_UNIT_PRICE_CONFIG, "1e12"))));

    // When / Then: 100 x 1e12 = 1e14 does not fit; 99 x 1e12 does
    assertThat(generous.validate(order(line(100, "1000000000000")).setTotal(money("0")).build(), NOW)
        .map(Violation::reason)).hasValue(DeadLetterReason.INVALID_AMOUNT);
    assertThat(generous.validate(order(line(99, "1000000000000")).setTotal(money("0")).build(), NOW)).isEmpty();
    assertThat(generous.validate(order(line(1, "1")).setTotal(money("100000000000000")).build(), NOW)
        .map(Violation::reason)).hasValue(DeadLetterReason.INVALID_AMOUNT);
  }

  @Test
  void shouldRejectOrdersWithoutLinesAndSearchesWithoutText() {
    assertThat(reasonOf(order().build())).hasValue(DeadLetterReason.INVALID_FIELD);
    assertThat(reasonOf(click().setType(ClickType.SEARCH).build())).hasValue(DeadLetterReason.INVALID_FIELD);
  }

  @Test
  void shouldRejectOrdersWithMoreLinesThanConfigured() {
    OrderLine[] lines = new OrderLine[1_001];
    java.util.Arrays.fill(lines, line(1, "1"));
    assertThat(reasonOf(order(lines).build())).hasValue(DeadLetterReason.OVERSIZED_FIELD);
    assertThat(reasonOf(order(java.util.Arrays.copyOf(lines, 1_000)).build())).isEmpty();
  }

  @Test
  void shouldRejectOversizedTextAndBadCurrency() {
    assertThat(reasonOf(click().setTitle("t".repeat(1_001)).build())).hasValue(DeadLetterReason.OVERSIZED_FIELD);
    assertThat(reasonOf(click().setTitle("t".repeat(1_000)).build())).isEmpty();
    assertThat(reasonOf(click().setCurrency("pounds").build())).hasValue(DeadLetterReason.INVALID_FIELD);
  }
}
