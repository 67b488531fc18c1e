package io.ppscore.app;

import io.ppscore.config.AppConfig;
import io.ppscore.embedded.EmbeddedKafka;
import java.util.Map;

/**
 * Every topic an instance configured by {@link AppConfig} reads or writes, created on an in-process broker
 * (demo and bench): one list, so a topic added to the app cannot be missing from one of them.
 */
final class InProcessTopics {

  private InProcessTopics() {
  }

  /** Creates the inputs, the erasure requests and the outputs with {@code partitions}; one dead-letter partition. */
  static void create(EmbeddedKafka kafka, AppConfig config, int partitions) {
    kafka.createTopics(Map.of(config.clicksTopic(), partitions, config.cartsTopic(), partitions,
        config.ordersTopic(), partitions, config.deadLetterTopic(), 1, config.userErasureTopic(), partitions));
    // one latest score per user is what consumers need: compacted, keyed like the inputs
    kafka.createCompactedTopic(config.scoresTopic(), partitions);
    // every flag matters to the fraud service (not only the latest): a plain, keyed topic
    kafka.createTopics(Map.of(config.riskFlagsTopic(), partitions));
  }
}
