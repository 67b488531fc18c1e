package io.ppscore.events;

import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.OrderEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

/** Serializes any of the three input event types with its topic's wire-format serializer. */
public final class InputEventSerializer implements Serializer<SpecificRecord> {

  private final Serializer<ClickEvent> clicks;
  private final Serializer<CartEvent> carts;
  private final Serializer<OrderEvent> orders;

  public InputEventSerializer(Topics topics) {
    this.clicks = topics.clicks().valueSerde().serializer();
    this.carts = topics.carts().valueSerde().serializer();
    this.orders = topics.orders().valueSerde().serializer();
  }

  @Override
  public byte[] serialize(String topic, SpecificRecord event) {
    if (event instanceof ClickEvent e) {
      return clicks.serialize(topic, e);
    } else if (event instanceof CartEvent e) {
      return carts.serialize(topic, e);
    } else if (event instanceof OrderEvent e) {
      return orders.serialize(topic, e);
    }
    throw new IllegalArgumentException("not an input event: " + (event == null ? null : event.getSchema().getFullName()));
  }
}
