package io.ppscore.replay;

import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.List;
import java.util.Queue;

/** Maps REES46 rows to events; see {@link Rees46Reader}. */
final class Rees46Mapper implements CsvEventIterator.RecordMapper {

  static final List<String> HEADER = List.of("event_time", "event_type", "product_id", "category_id",
      "category_code", "brand", "price", "user_id", "user_session");
  static final String CURRENCY = "USD";
  private static final DateTimeFormatter EVENT_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'")
      .withResolverStyle(ResolverStyle.STRICT);

  private final ReplayStats stats;

  Rees46Mapper(ReplayStats stats) {
    this.stats = stats;
  }

  @Override
  public void header(List<String> columns) throws IOException {
    Headers.require(HEADER, columns, "REES46");
  }

  @Override
  public void end(Queue<ReplayEvent> out) {
    // every row is an event on its own: nothing pending
  }

  @Override
  public void record(List<String> fields, long line, Queue<ReplayEvent> out) {
    Rees46Row row = parse(fields, line);
    if (row == null) {
      stats.countSkipped(SkipReason.MALFORMED_ROW);
    } else if (row.userId() == null) {
      stats.countSkipped(SkipReason.GUEST_ROW);
    } else {
      ReplayEvent event = switch (row.eventType()) {
        case "view" -> ReplayEvent.of(click(row));
        case "cart" -> ReplayEvent.of(cart(row, CartAction.ADD));
        case "remove_from_cart" -> ReplayEvent.of(cart(row, CartAction.REMOVE));
        case "purchase" -> ReplayEvent.of(order(row));
        default -> null;
      };
      if (event == null) {
        stats.countSkipped(SkipReason.UNKNOWN_EVENT_TYPE);
      } else {
        out.add(event);
      }
    }
  }

  private Rees46Row parse(List<String> f, long line) {
    if (f.size() != HEADER.size() || f.get(2).isBlank()) {
      return null;
    }
    try {
      Instant time = LocalDateTime.parse(f.get(0).trim(), EVENT_TIME).toInstant(ZoneOffset.UTC);
      var price = Money.price(f.get(6).trim(), stats);
      if (price.signum() < 0) {
        return null;
      }
      return new Rees46Row(line, time, f.get(1).trim(), f.get(2).trim(), blankToNull(f.get(4)),
          blankToNull(f.get(5)), price, blankToNull(f.get(7)), blankToNull(f.get(8)));
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private static ClickEvent click(Rees46Row row) {
    return ClickEvent.newBuilder()
        .setEventId(row.eventId())
        .setUserId(row.userId())
        .setEventTime(row.time())
        .setType(ClickType.VIEW)
        .setSessionId(row.session())
        .setProductId(row.productId())
        .setTitle(row.title())
        .setCategory(row.categoryCode())
        .setBrand(row.brand())
        .setPrice(row.price())
        .setCurrency(CURRENCY)
        .build();
  }

  private static CartEvent cart(Rees46Row row, CartAction action) {
    return CartEvent.newBuilder()
        .setEventId(row.eventId())
        .setUserId(row.userId())
        .setEventTime(row.time())
        .setAction(action)
        .setSessionId(row.session())
        .setProductId(row.productId())
        .setTitle(row.title())
        .setCategory(row.categoryCode())
        .setQuantity(1)
        .setUnitPrice(row.price())
        .setCurrency(CURRENCY)
        .build();
  }

  private static OrderEvent order(Rees46Row row) {
    OrderLine line = OrderLine.newBuilder()
        .setProductId(row.productId())
        .setTitle(row.title())
        .setCategory(row.categoryCode())
        .setQuantity(1)
        .setUnitPrice(row.price())
        .build();
    return OrderEvent.newBuilder()
        .setEventId(row.eventId())
        .setUserId(row.userId())
        .setEventTime(row.time())
        .setOrderId(row.orderId())
        .setStatus(OrderStatus.PLACED)
        .setSessionId(row.session())
        .setLines(List.of(line))
        .setTotal(row.price())
        .setCurrency(CURRENCY)
        .build();
  }

  private static String blankToNull(String s) {
    String trimmed = s.trim();
    return trimmed.isEmpty() ? null : trimmed;
  }
}
