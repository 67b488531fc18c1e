package io.ppscore.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.ConfigKeys.UnknownKafkaKey;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConfigKeysTest {

  @Test
  void shouldFindMisspeltKafkaKeysWithTheKeyMeantAfterAnyClientPrefix() {
    // Given kafka.* keys, three of them misspelt (one without a client prefix, one after producer., one after topic.)
    List<String> keys = List.of("kafka.securty.protocol", "kafka.security.protocol", "kafka.producer.lingr.ms",
        "kafka.main.consumer.max.poll.records", "kafka.restore.consumer.fetch.max.bytes", "kafka.admin.retries",
        "kafka.topic.min.insync.replicas", "kafka.topic.retention.msx", "kafka.client.tag.zone",
        "kafka.num.standby.replicas.x.y.z.q.r.s.t.u.v.w.nothing.like.it", "http.port");

    // When
    List<UnknownKafkaKey> unknown = ConfigKeys.unknownKafkaKeys(keys);

    // Then only the misspelt ones (and the one far from any name) are found, each with the key meant, prefix kept
    assertThat(unknown).containsExactly(
        new UnknownKafkaKey("kafka.securty.protocol", Optional.of("kafka.security.protocol")),
        new UnknownKafkaKey("kafka.producer.lingr.ms", Optional.of("kafka.producer.linger.ms")),
        new UnknownKafkaKey("kafka.topic.retention.msx", Optional.of("kafka.topic.retention.ms")),
        new UnknownKafkaKey("kafka.num.standby.replicas.x.y.z.q.r.s.t.u.v.w.nothing.like.it", Optional.empty()));
  }

  @Test
  void shouldLeaveKafkaKeysOfStreamsProducerConsumerAdminAndTopicsAlone() {
    // Given a key of each kind Kafka Streams passes on, with and without client prefixes
    List<String> keys = List.of("kafka.bootstrap.servers", "kafka.sasl.jaas.config", "kafka.ssl.keystore.password",
        "kafka.transaction.timeout.ms", "kafka.producer.transaction.timeout.ms", "kafka.group.instance.id",
        "kafka.rocksdb.config.setter", "kafka.global.consumer.auto.offset.reset", "kafka.topic.cleanup.policy",
        "kafka.statestore.cache.max.bytes", "kafka.default.timestamp.extractor");

    // Then none is reported
    assertThat(ConfigKeys.unknownKafkaKeys(keys)).isEmpty();
  }

  @Test
  void shouldLeaveConfigProviderAndMetricsContextKeysAlone() {
    // Given a config provider (its list, class and parameters) and metrics context labels, one after producer.
    List<String> keys = List.of("kafka.config.providers", "kafka.config.providers.file.class",
        "kafka.config.providers.vault.param.secret.path", "kafka.metrics.context.cluster",
        "kafka.producer.metrics.context.region");

    // When
    List<UnknownKafkaKey> unknown = ConfigKeys.unknownKafkaKeys(keys);

    // Then none is reported: Kafka reads these families by prefix
    assertThat(unknown).isEmpty();
  }

  @Test
  void shouldStillReportAConfigProviderKeyKafkaDoesNotRead() {
    // Given a provider key that is neither <name>.class nor <name>.param.<param>
    List<String> keys = List.of("kafka.config.providers.file.clas");

    // When
    List<UnknownKafkaKey> unknown = ConfigKeys.unknownKafkaKeys(keys);

    // Then it is reported
    assertThat(unknown).extracting(UnknownKafkaKey::key).containsExactly("kafka.config.providers.file.clas");
  }
}
