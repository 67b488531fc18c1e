package io.ppscore.events;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Produced;

/**
 * A Kafka topic with the serdes of its keys and values: the one place a topic's name and format meet.
 *
 * @param name the topic name
 * @param keySerde serde of the keys
 * @param valueSerde serde of the values
 * @param <K> key type
 * @param <V> value type
 */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde) {

  /** Checks the arguments. */
  public Topic {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("topic name must not be blank");
    }
    Objects.requireNonNull(keySerde, "keySerde");
    Objects.requireNonNull(valueSerde, "valueSerde");
  }

  /** {@code Consumed} with this topic's serdes, for {@code StreamsBuilder.stream(name(), consumed())}. */
  public Consumed<K, V> consumed() {
    return Consumed.with(keySerde, valueSerde);
  }

  /** {@code Produced} with this topic's serdes, for {@code KStream.to(name(), produced())}. */
  public Produced<K, V> produced() {
    return Produced.with(keySerde, valueSerde);
  }
}
