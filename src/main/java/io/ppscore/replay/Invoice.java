package io.ppscore.replay;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The rows of one Online Retail II invoice, collected until it can become one {@link OrderEvent}. */
final class Invoice {

  static final String EVENT_ID_PREFIX = "online-retail:";
  static final String CURRENCY = "GBP";

  private final String number;
  private final List<RetailRow> rows = new ArrayList<>();
  private String customerId;
  private int guestRows;
  private boolean negativePrice;
  private long firstTimeMs = Long.MAX_VALUE;
  private long lastTimeMs = Long.MIN_VALUE;

  Invoice(String number) {
    this.number = number;
  }

  String number() {
    return number;
  }

  long lastTimeMs() {
    return lastTimeMs;
  }

  /** Adds a row; returns false (and keeps nothing) if it names another customer than earlier rows. */
  boolean add(RetailRow row) {
    if (row.customerId() != null && customerId != null && !customerId.equals(row.customerId())) {
      return false;
    }
    firstTimeMs = Math.min(firstTimeMs, row.timeMs());
    lastTimeMs = Math.max(lastTimeMs, row.timeMs());
    negativePrice |= row.unitPrice().signum() < 0;
    if (row.customerId() == null) {
      guestRows++;
    } else {
      customerId = row.customerId();
      rows.add(row);
    }
    return true;
  }

  /** The order this invoice becomes, or empty with the reason counted in {@code stats}. */
  Optional<OrderEvent> toOrder(ReplayStats stats) {
    if (number.startsWith("A")) {
      stats.countSkipped(SkipReason.ADJUSTMENT_INVOICE);
      return Optional.empty();
    }
    if (negativePrice) {
      stats.countSkipped(SkipReason.NEGATIVE_PRICE_INVOICE);
      return Optional.empty();
    }
    stats.countSkipped(SkipReason.GUEST_ROW, guestRows);
    if (customerId == null) {
      stats.countSkipped(SkipReason.GUEST_INVOICE);
      return Optional.empty();
    }
    boolean cancelled = number.startsWith("C");
    List<OrderLine> lines = lines(cancelled, stats);
    if (lines.isEmpty()) {
      stats.countSkipped(SkipReason.EMPTY_INVOICE);
      stats.noteEmptyInvoice(customerId, firstTimeMs);
      return Optional.empty();
    }
    return Optional.of(OrderEvent.newBuilder()
        .setEventId(EVENT_ID_PREFIX + number)
        .setUserId(customerId)
        .setEventTime(Instant.ofEpochMilli(firstTimeMs))
        .setOrderId(number)
        .setStatus(cancelled ? OrderStatus.CANCELLED : OrderStatus.PLACED)
        .setLines(lines)
        .setTotal(total(lines))
        .setCurrency(CURRENCY)
        .setCountry(rows.get(0).country())
        .build());
  }

  private List<OrderLine> lines(boolean cancelled, ReplayStats stats) {
    List<OrderLine> lines = new ArrayList<>(rows.size());
    for (RetailRow row : rows) {
      // A cancellation lists what was taken back with negative quantities; the event wants them positive.
      int quantity = cancelled ? -row.quantity() : row.quantity();
      if (quantity <= 0) {
        stats.countSkipped(SkipReason.NON_POSITIVE_QUANTITY_LINE);
      } else if (row.unitPrice().signum() == 0) {
        stats.countSkipped(SkipReason.ZERO_PRICE_LINE);
      } else {
        lines.add(OrderLine.newBuilder()
            .setProductId(row.stockCode())
            .setTitle(row.title())
            .setQuantity(quantity)
            .setUnitPrice(row.unitPrice())
            .build());
      }
    }
    return lines;
  }

  private static BigDecimal total(List<OrderLine> lines) {
    BigDecimal total = BigDecimal.ZERO.setScale(Money.SCALE);
    for (OrderLine line : lines) {
      total = total.add(line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity())));
    }
    return total;
  }
}
