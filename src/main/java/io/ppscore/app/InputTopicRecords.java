package io.ppscore.app;

import io.ppscore.config.AppConfig;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * For {@code replay --if-empty}: how many records each input topic has ever been given, by the sum of its
 * partitions' end offsets (records deleted by retention still count: the topic was loaded before).
 */
final class InputTopicRecords {

  private InputTopicRecords() {
  }

  /**
   * The clicks, carts and orders topics of {@code config} that have records, with their end offsets summed
   * over partitions, in that order; empty when none has any. Waits at most about 30 s for the broker.
   */
  static Map<String, Long> nonEmpty(AppConfig config) throws InterruptedException {
    List<String> topics = List.of(config.clicksTopic(), config.cartsTopic(), config.ordersTopic());
    Map<String, Object> props = StreamsProperties.clientSettings(config);
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 15_000);
    try (Admin admin = Admin.create(props)) {
      Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
      Map<TopicPartition, OffsetSpec> latest = described.values().stream()
          .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition())))
          .collect(Collectors.toMap(Function.identity(), p -> OffsetSpec.latest()));
      Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
      Map<String, Long> records = new LinkedHashMap<>();
      for (String topic : topics) {
        long sum = ends.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
            .mapToLong(e -> e.getValue().offset()).sum();
        if (sum > 0) {
          records.put(topic, sum);
        }
      }
      return records;
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("cannot read the end offsets of " + topics + " on "
          + StreamsProperties.bootstrapServers(config) + ": " + e.getMessage(), e);
    }
  }
}
