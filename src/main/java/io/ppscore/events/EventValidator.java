package io.ppscore.events;

import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks a decoded input event against the contract the Avro schema cannot express: ids present and
 * bounded, sane event time, non-negative bounded amounts, bounded text, no enum symbol this version does
 * not know. A pure function of the event, the limits and the wall-clock time passed in.
 */
public final class EventValidator {


  /** Longest number a violation message prints in full. */
  private static final int MAX_NUMBER_CHARS = 32;
  private final ValidationLimits limits;

  public EventValidator(ValidationLimits limits) {
    this.limits = limits;
  }

  /** The first violation found, or empty if the event is acceptable. */
  public Optional<Violation> validate(SpecificRecord event, Instant now) {
    Check check = new Check(limits);
    if (event instanceof ClickEvent click) {
      checkClick(check, click, now);
    } else if (event instanceof CartEvent cart) {
      checkCart(check, cart, now);
    } else if (event instanceof OrderEvent order) {
      checkOrder(check, order, now);
    } else {
      check.fail(DeadLetterReason.SCHEMA_MISMATCH, "not an input event type: " + event.getSchema().getFullName());
    }
    return check.first();
  }

  private void checkCommon(Check c, String eventId, String userId, Instant eventTime, Instant now) {
    c.id("event_id", eventId, DeadLetterReason.INVALID_FIELD);
    c.id("user_id", userId, DeadLetterReason.MISSING_USER_ID);
    if (eventTime.isBefore(limits.minEventTime())) {
      c.fail(DeadLetterReason.ABSURD_TIMESTAMP, "event_time " + eventTime + " is before " + limits.minEventTime());
    } else if (eventTime.isAfter(now.plus(limits.maxFuture()))) {
      c.fail(DeadLetterReason.ABSURD_TIMESTAMP, "event_time " + eventTime + " is more than " + limits.maxFuture() + " after now (" + now + ")");
    }
  }

  private void checkClick(Check c, ClickEvent e, Instant now) {
    checkCommon(c, e.getEventId(), e.getUserId(), e.getEventTime(), now);
    c.knownSymbol("click type", e.getType(), ClickType.UNKNOWN);
    c.optionalId("session_id", e.getSessionId());
    c.optionalId("product_id", e.getProductId());
    c.text("title", e.getTitle());
    c.text("category", e.getCategory());
    c.text("brand", e.getBrand());
    c.text("search_text", e.getSearchText());
    c.currency(e.getCurrency());
    if (e.getPrice() != null) {
      c.price("price", e.getPrice());
    }
    if (e.getType() == ClickType.SEARCH && (e.getSearchText() == null || e.getSearchText().isBlank())) {
      c.fail(DeadLetterReason.INVALID_FIELD, "a SEARCH click needs search_text");
    }
  }

  private void checkCart(Check c, CartEvent e, Instant now) {
    checkCommon(c, e.getEventId(), e.getUserId(), e.getEventTime(), now);
    c.knownSymbol("cart action", e.getAction(), CartAction.UNKNOWN);
    c.optionalId("session_id", e.getSessionId());
    c.id("product_id", e.getProductId(), DeadLetterReason.INVALID_FIELD);
    c.text("title", e.getTitle());
    c.text("category", e.getCategory());
    c.currency(e.getCurrency());
    c.quantity("quantity", e.getQuantity());
    c.price("unit_price", e.getUnitPrice());
  }

  private void checkOrder(Check c, OrderEvent e, Instant now) {
    checkCommon(c, e.getEventId(), e.getUserId(), e.getEventTime(), now);
    c.knownSymbol("order status", e.getStatus(), OrderStatus.UNKNOWN);
    c.id("order_id", e.getOrderId(), DeadLetterReason.INVALID_FIELD);
    c.optionalId("original_order_id", e.getOriginalOrderId());
    c.optionalId("session_id", e.getSessionId());
    c.text("payment_method", e.getPaymentMethod());
    c.text("coupon", e.getCoupon());
    c.text("country", e.getCountry());
    c.currency(e.getCurrency());
    if (e.getLines().isEmpty()) {
      c.fail(DeadLetterReason.INVALID_FIELD, "an order needs at least one line");
    } else if (e.getLines().size() > limits.maxOrderLines()) {
      c.fail(DeadLetterReason.OVERSIZED_FIELD, "an order has " + e.getLines().size() + " lines, more than " + limits.maxOrderLines());
      return;
    }
    for (int i = 0; i < e.getLines().size(); i++) {
      OrderLine line = e.getLines().get(i);
      c.id("lines[" + i + "].product_id", line.getProductId(), DeadLetterReason.INVALID_FIELD);
      c.text("lines[" + i + "].title", line.getTitle());
      c.text("lines[" + i + "].category", line.getCategory());
      c.quantity("lines[" + i + "].quantity", line.getQuantity());
      c.price("lines[" + i + "].unit_price", line.getUnitPrice());
    }
    BigDecimal maxTotal = maxOrderValue();
    c.amount("total", e.getTotal(), maxTotal);
    if (c.first().isEmpty()) {
      // each line is within bounds, but up to max-order-lines of them can add up to more than any amount field
      // holds: the order's value goes into risk flags as a decimal(18,4), and one that does not fit would fail
      // every attempt to write them, stopping the partition instead of dead-lettering the order
      BigDecimal value = BigDecimal.ZERO;
      for (OrderLine line : e.getLines()) {
        value = value.add(line.getUnitPrice().multiply(BigDecimal.valueOf(line.getQuantity())));
      }
      if (value.compareTo(maxTotal) > 0) {
        c.fail(DeadLetterReason.INVALID_AMOUNT, "the lines add up to " + describe(value)
            + ", more than the largest order value " + describe(maxTotal));
      }
    }
  }

  /**
   * The largest order value accepted: a line at the largest unit price and quantity, and never more than
   * the largest amount of the schemas' {@code decimal(18,4)} fields.
   */
  private BigDecimal maxOrderValue() {
    return limits.maxUnitPrice().multiply(BigDecimal.valueOf(limits.maxQuantity())).min(Money.MAX_DECIMAL);
  }

  /** Collects the first violation; later checks are skipped once one failed. */
  private static final class Check {
    private final ValidationLimits limits;
    private Violation first;

    Check(ValidationLimits limits) {
      this.limits = limits;
    }

    Optional<Violation> first() {
      return Optional.ofNullable(first);
    }

    void fail(DeadLetterReason reason, String message) {
      if (first == null) {
        first = new Violation(reason, message);
      }
    }

    void id(String field, String value, DeadLetterReason whenMissing) {
      if (value == null || value.isBlank()) {
        fail(whenMissing, field + " is missing");
      } else if (value.length() > limits.maxIdLength()) {
        fail(DeadLetterReason.OVERSIZED_FIELD, field + " has " + value.length() + " characters, more than " + limits.maxIdLength());
      } else if (field.equals("user_id") && !UserIds.isValid(value, limits.maxIdLength())) {
        fail(DeadLetterReason.INVALID_FIELD, "user_id may only use letters, digits and . _ : @ -");
      }
    }

    /**
     * A symbol a newer producer added to an enum reads as the reader's default, {@code UNKNOWN}: such an
     * event must not be counted as one of the symbols this version knows (a chargeback as a purchase).
     */
    <E extends Enum<E>> void knownSymbol(String what, E value, E unknown) {
      if (value == unknown) {
        String known = Arrays.stream(unknown.getDeclaringClass().getEnumConstants()).filter(v -> v != unknown)
            .map(Enum::name).collect(Collectors.joining(", "));
        fail(DeadLetterReason.INVALID_FIELD, what + " not known to this version (a symbol the producer's schema added,"
            + " read as " + unknown.name() + "); known: " + known);
      }
    }

    void optionalId(String field, String value) {
      if (value != null && value.length() > limits.maxIdLength()) {
        fail(DeadLetterReason.OVERSIZED_FIELD, field + " has " + value.length() + " characters, more than " + limits.maxIdLength());
      }
    }

    void text(String field, String value) {
      if (value != null && value.length() > limits.maxStringLength()) {
        fail(DeadLetterReason.OVERSIZED_FIELD, field + " has " + value.length() + " characters, more than " + limits.maxStringLength());
      }
    }

    void currency(String value) {
      if (value != null && !Money.isCurrencyCode(value)) {
        fail(DeadLetterReason.INVALID_FIELD, "currency '" + abbreviate(value) + "' is not an ISO 4217 code");
      }
    }

    void quantity(String field, int value) {
      if (value <= 0 || value > limits.maxQuantity()) {
        fail(DeadLetterReason.INVALID_AMOUNT, field + " " + value + " is outside [1, " + limits.maxQuantity() + "]");
      }
    }

    void price(String field, BigDecimal value) {
      amount(field, value, limits.maxUnitPrice());
    }

    /**
     * An amount in [0, max]. Avro's limits let a decimal carry a million digits, on which comparing with
     * another scale or printing takes seconds: its size is checked first, and only the first violation's
     * message is built.
     */
    void amount(String field, BigDecimal value, BigDecimal max) {
      if (first != null) {
        return;
      }
      if (!fitsDecimalRange(value)) {
        fail(DeadLetterReason.INVALID_AMOUNT, field + " is " + describe(value) + ", more than a decimal(18,4) holds");
      } else if (value.signum() < 0 || value.compareTo(max) > 0) {
        fail(DeadLetterReason.INVALID_AMOUNT, field + " " + describe(value) + " is outside [0, " + describe(max) + "]");
      }
    }

    private static String abbreviate(String s) {
      return s.length() <= 16 ? s : s.substring(0, 16) + "...";
    }
  }

  /** Whether {@code value} is within the range of the schemas' {@code decimal(18,4)}; cheap whatever its size. */
  static boolean fitsDecimalRange(BigDecimal value) {
    // the bit length first: decimal(18,4) needs at most 60 bits, and it costs nothing to read
    return value.unscaledValue().bitLength() <= 63 && value.abs().compareTo(Money.MAX_DECIMAL) <= 0;
  }

  /**
   * {@code value} for a message, at most {@value #MAX_NUMBER_CHARS} characters and the digit count: a
   * decimal can carry a million digits, which would take seconds to print and flood the log.
   */
  static String describe(BigDecimal value) {
    int bits = value.unscaledValue().bitLength();
    if (bits > 256) {
      return String.format(Locale.ROOT, "a number of about %,d digits", (long) Math.ceil(bits * Math.log10(2)));
    }
    // toString, not toPlainString, for an extreme scale: 1E+999999999 would print a billion zeros
    String text = value.scale() >= 0 && value.scale() <= 64 ? value.toPlainString() : value.toString();
    return text.length() <= MAX_NUMBER_CHARS ? text
        : text.substring(0, MAX_NUMBER_CHARS) + "\u2026(" + value.precision() + " digits)";
  }
}
