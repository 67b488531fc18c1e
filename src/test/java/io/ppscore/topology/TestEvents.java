package io.ppscore.topology;

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

/** Builders of valid input events with explicit times, for tests. */
final class TestEvents {

  private TestEvents() {
  }

  static BigDecimal money(String amount) {
    return new BigDecimal(amount).setScale(4);
  }

  static ClickEvent view(String eventId, String userId, Instant at, String productId, String price) {
    return ClickEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at).setType(ClickType.VIEW)
        .setProductId(productId).setTitle("Product " + productId).setCategory("home.decor")
        .setPrice(price == null ? null : money(price)).build();
  }

  static ClickEvent search(String eventId, String userId, Instant at, String text) {
    return ClickEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at).setType(ClickType.SEARCH)
        .setSearchText(text).build();
  }

  static CartEvent cartAdd(String eventId, String userId, Instant at, String productId, int quantity, String unitPrice) {
    return CartEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at).setAction(CartAction.ADD)
        .setProductId(productId).setQuantity(quantity).setUnitPrice(money(unitPrice)).build();
  }

  static CartEvent cartRemove(String eventId, String userId, Instant at, String productId, int quantity, String unitPrice) {
    return CartEvent.newBuilder(cartAdd(eventId, userId, at, productId, quantity, unitPrice)).setAction(CartAction.REMOVE).build();
  }

  static OrderLine line(String productId, int quantity, String unitPrice) {
    return OrderLine.newBuilder().setProductId(productId).setTitle("Product " + productId).setCategory("home.decor")
        .setQuantity(quantity).setUnitPrice(money(unitPrice)).build();
  }

  static OrderEvent order(String eventId, String userId, Instant at, OrderStatus status, OrderLine... lines) {
    BigDecimal total = BigDecimal.ZERO.setScale(4);
    for (OrderLine l : lines) {
      total = total.add(l.getUnitPrice().multiply(BigDecimal.valueOf(l.getQuantity())));
    }
    return OrderEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at).setOrderId("o-" + eventId)
        .setStatus(status).setLines(List.of(lines)).setTotal(total).setCurrency("GBP").build();
  }

  static OrderEvent placed(String eventId, String userId, Instant at, OrderLine... lines) {
    return order(eventId, userId, at, OrderStatus.PLACED, lines);
  }
}
