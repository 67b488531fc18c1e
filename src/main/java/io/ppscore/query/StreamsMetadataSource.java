package io.ppscore.query;

import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;

/** The two questions {@link UserQueryService} asks of {@link KafkaStreams}, behind an interface so tests can fake them. */
interface StreamsMetadataSource {

  KafkaStreams.State state();

  <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key, Serializer<K> keySerializer);

  static StreamsMetadataSource of(KafkaStreams streams) {
    return new StreamsMetadataSource() {
      @Override
      public KafkaStreams.State state() {
        return streams.state();
      }

      @Override
      public <K> KeyQueryMetadata queryMetadataForKey(String storeName, K key, Serializer<K> keySerializer) {
        return streams.queryMetadataForKey(storeName, key, keySerializer);
      }
    };
  }
}
