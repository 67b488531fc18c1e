package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.events.InputEventSerializer;
import io.ppscore.events.SchemaRegistry;
import io.ppscore.events.Topics;
import io.ppscore.replay.KafkaReplayTarget;
import io.ppscore.replay.ReplayEvent.Kind;
import java.util.Map;

/** A Kafka replay target writing Confluent wire-format Avro to the topics {@link AppConfig} names. */
public final class ReplayTargets {

  private ReplayTargets() {
  }

  /** A target for the topics and producer settings of {@code config}, serializing with {@code registry}. */
  public static KafkaReplayTarget kafka(AppConfig config, SchemaRegistry registry) {
    Map<String, Object> producer = StreamsProperties.clientSettings(config);
    Map<Kind, String> topics = Map.of(Kind.CLICK, config.clicksTopic(), Kind.CART, config.cartsTopic(),
        Kind.ORDER, config.ordersTopic());
    return KafkaReplayTarget.create(producer, new InputEventSerializer(Topics.from(config, registry)), topics);
  }
}
