package io.ppscore.replay;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;

/**
 * One event read from a dataset, ready to be sent: which topic family it goes to, the Kafka key (the
 * user id), the Avro value and its time, which always equals the value's {@code event_time} (used for
 * pacing and the progress; the Kafka record is stamped with the time it is sent).
 *
 * @param kind which input topic the event belongs on
 * @param userId the shopper's id, used as the record key
 * @param value a {@link ClickEvent}, {@link CartEvent} or {@link OrderEvent}, matching {@code kind}
 * @param timestampMs the event time in epoch milliseconds
 */
public record ReplayEvent(Kind kind, String userId, SpecificRecord value, long timestampMs) {

  /** The three input event families of ppscore, one topic each. */
  public enum Kind { CLICK, CART, ORDER }

  /** Checks that the value's type matches the kind. */
  public ReplayEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(value, "value");
    Class<?> expected = switch (kind) {
      case CLICK -> ClickEvent.class;
      case CART -> CartEvent.class;
      case ORDER -> OrderEvent.class;
    };
    if (!expected.isInstance(value)) {
      throw new IllegalArgumentException(kind + " event needs a " + expected.getSimpleName()
          + " value, got " + value.getClass().getSimpleName());
    }
  }

  /** A click, keyed and stamped from its own fields. */
  public static ReplayEvent of(ClickEvent click) {
    return new ReplayEvent(Kind.CLICK, click.getUserId(), click, click.getEventTime().toEpochMilli());
  }

  /** A cart change, keyed and stamped from its own fields. */
  public static ReplayEvent of(CartEvent cart) {
    return new ReplayEvent(Kind.CART, cart.getUserId(), cart, cart.getEventTime().toEpochMilli());
  }

  /** An order, keyed and stamped from its own fields. */
  public static ReplayEvent of(OrderEvent order) {
    return new ReplayEvent(Kind.ORDER, order.getUserId(), order, order.getEventTime().toEpochMilli());
  }

  /**
   * A copy of this event moved in time by {@code millis}: both the value's {@code event_time} and
   * {@link #timestampMs()} change; this event is left as it was.
   */
  public ReplayEvent shiftedBy(long millis) {
    if (millis == 0) {
      return this;
    }
    return switch (kind) {
      case CLICK -> {
        ClickEvent click = (ClickEvent) value;
        yield of(ClickEvent.newBuilder(click).setEventTime(click.getEventTime().plusMillis(millis)).build());
      }
      case CART -> {
        CartEvent cart = (CartEvent) value;
        yield of(CartEvent.newBuilder(cart).setEventTime(cart.getEventTime().plusMillis(millis)).build());
      }
      case ORDER -> {
        OrderEvent order = (OrderEvent) value;
        yield of(OrderEvent.newBuilder(order).setEventTime(order.getEventTime().plusMillis(millis)).build());
      }
    };
  }
}
