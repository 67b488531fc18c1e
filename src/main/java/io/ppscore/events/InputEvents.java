package io.ppscore.events;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;

/** The fields every input event has, read from any of the three event types. */
public final class InputEvents {

  private InputEvents() {
  }

  public static String userId(SpecificRecord event) {
    if (event instanceof ClickEvent e) {
      return e.getUserId();
    } else if (event instanceof CartEvent e) {
      return e.getUserId();
    } else if (event instanceof OrderEvent e) {
      return e.getUserId();
    }
    throw notAnEvent(event);
  }

  public static String eventId(SpecificRecord event) {
    if (event instanceof ClickEvent e) {
      return e.getEventId();
    } else if (event instanceof CartEvent e) {
      return e.getEventId();
    } else if (event instanceof OrderEvent e) {
      return e.getEventId();
    }
    throw notAnEvent(event);
  }

  public static Instant eventTime(SpecificRecord event) {
    if (event instanceof ClickEvent e) {
      return e.getEventTime();
    } else if (event instanceof CartEvent e) {
      return e.getEventTime();
    } else if (event instanceof OrderEvent e) {
      return e.getEventTime();
    }
    throw notAnEvent(event);
  }

  /** The currency an event's amounts are in, or null if it names none. */
  public static String currency(SpecificRecord event) {
    if (event instanceof ClickEvent e) {
      return e.getCurrency();
    } else if (event instanceof CartEvent e) {
      return e.getCurrency();
    } else if (event instanceof OrderEvent e) {
      return e.getCurrency();
    }
    throw notAnEvent(event);
  }

  private static IllegalArgumentException notAnEvent(SpecificRecord event) {
    return new IllegalArgumentException("not an input event: " + event.getSchema().getFullName());
  }
}
