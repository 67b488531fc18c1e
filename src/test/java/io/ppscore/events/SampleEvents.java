package io.ppscore.events;

import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** One realistic record of each event type, with every kind of field set (unions, decimals, arrays). */
final class SampleEvents {

  static final Instant TIME = Instant.parse("2024-03-01T10:15:30.123Z");

  private SampleEvents() {}

  static ClickEvent click() {
    return ClickEvent.newBuilder()
        .setEventId("e-1").setUserId("u-42").setEventTime(TIME).setType(ClickType.VIEW)
        .setSessionId("s-7").setProductId("p-9").setTitle("Espresso machine").setCategory("kitchen.coffee")
        .setBrand("Acme").setPrice(new BigDecimal("249.9900")).setCurrency("EUR")
        .build();
  }

  static CartEvent cart() {
    return CartEvent.newBuilder()
        .setEventId("e-2").setUserId("u-42").setEventTime(TIME).setAction(CartAction.REMOVE)
        .setProductId("p-9").setQuantity(2).setUnitPrice(new BigDecimal("12.5000"))
        .build();
  }

  static OrderEvent order() {
    return OrderEvent.newBuilder()
        .setEventId("e-3").setUserId("u-42").setEventTime(TIME).setOrderId("o-1").setStatus(OrderStatus.PLACED)
        .setLines(List.of(
            OrderLine.newBuilder().setProductId("p-9").setQuantity(1).setUnitPrice(new BigDecimal("249.9900")).build(),
            OrderLine.newBuilder().setProductId("p-3").setTitle("Beans").setQuantity(3).setUnitPrice(new BigDecimal("9.0000")).build()))
        .setTotal(new BigDecimal("276.9900")).setCurrency("EUR").setCountry("DE")
        .build();
  }
}
