package io.ppscore.it;

import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

/** Builders of valid input events with explicit event times, for the integration tests. */
final class ItEvents {

  private ItEvents() {
  }

  /** {@code amount} with the scale of every amount on the wire (Avro decimal(18,4)). */
  static BigDecimal money(String amount) {
    return new BigDecimal(amount).setScale(4);
  }

  static OrderLine line(String productId, int quantity, String unitPrice) {
    return OrderLine.newBuilder().setProductId(productId).setTitle("Product " + productId).setCategory("home.decor")
        .setQuantity(quantity).setUnitPrice(money(unitPrice)).build();
  }

  /** A PLACED order whose total is the sum of its lines. */
  static OrderEvent placed(String eventId, String userId, Instant at, OrderLine... lines) {
    return OrderEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at).setOrderId("o-" + eventId)
        .setStatus(OrderStatus.PLACED).setLines(List.of(lines)).setTotal(value(lines)).setCurrency("GBP").build();
  }

  /** Sum of quantity x unit price over {@code lines}: what the order adds to gross spend. */
  static BigDecimal value(OrderLine... lines) {
    BigDecimal total = money("0");
    for (OrderLine l : lines) {
      total = total.add(l.getUnitPrice().multiply(BigDecimal.valueOf(l.getQuantity())));
    }
    return total;
  }

  static ClickEvent view(String eventId, String userId, Instant at, String productId, String price) {
    return ClickEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at).setType(ClickType.VIEW)
        .setProductId(productId).setTitle("Product " + productId).setCategory("home.decor")
        .setPrice(money(price)).build();
  }

  static io.ppscore.events.avro.CartEvent cartAdd(String eventId, String userId, Instant at, String productId, String price) {
    return io.ppscore.events.avro.CartEvent.newBuilder().setEventId(eventId).setUserId(userId).setEventTime(at)
        .setAction(io.ppscore.events.avro.CartAction.ADD).setProductId(productId).setTitle("Product " + productId)
        .setCategory("home.decor").setQuantity(1).setUnitPrice(money(price)).build();
  }
}
