package io.ppscore.bench;

import io.ppscore.events.Topic;
import io.ppscore.events.Topics;
import io.ppscore.features.EventTexts;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.model.UserScorer;
import io.ppscore.replay.ReplayEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** The bench's comparison points, each measured on the same events as the pipeline. */
public final class Baselines {

  private Baselines() {
  }

  /** A rate: {@code count} items in {@code seconds}. */
  public record Rate(long count, double seconds) {
    public double perSecond() {
      return seconds <= 0 ? Double.NaN : count / seconds;
    }
  }

  /**
   * (a) A plain consumer that only reads and Avro-decodes (with the app's wire-format deserializers) all
   * records of the three input topics from the beginning: its events/s bound what any consumer can do.
   */
  public static Rate plainConsumer(String bootstrap, Topics topics, List<String> names, long expected) {
    Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000, ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
    Map<String, Topic<String, ?>> byName = Map.of(names.get(0), topics.clicks(), names.get(1), topics.carts(),
        names.get(2), topics.orders());
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : names) {
        consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long start = System.nanoTime();
      long read = 0;
      long deadline = start + Duration.ofMinutes(2).toNanos();
      while (read < expected && System.nanoTime() < deadline) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(100))) {
          Object value = byName.get(r.topic()).valueSerde().deserializer().deserialize(r.topic(), r.value());
          if (value != null) {
            read++;
          }
        }
      }
      return new Rate(read, (System.nanoTime() - start) / 1e9);
    }
  }

  /** The distinct texts of {@code events}, in first-seen order, at most {@code max}. */
  public static List<String> distinctTexts(List<ReplayEvent> events, int max) {
    LinkedHashSet<String> texts = new LinkedHashSet<>();
    for (ReplayEvent e : events) {
      for (EventTexts.EventText t : EventTexts.of(e.value())) {
        if (texts.size() < max) {
          texts.add(t.text());
        }
      }
    }
    return List.copyOf(texts);
  }

  /**
   * (b) The raw ONNX encoder, no cache, embedding {@code texts} in calls of {@code batchSize} texts: texts/s.
   * A fresh session per batch size, warmed with one call first.
   */
  public static Rate rawEncoder(EncoderModel model, EncoderOptions options, List<String> texts, int batchSize) {
    try (OnnxTextEncoder encoder = OnnxTextEncoder.open(model, options.withBatchSize(Math.max(batchSize, 1)))) {
      encoder.embed(texts.subList(0, Math.min(batchSize, texts.size())));
      long start = System.nanoTime();
      for (int i = 0; i < texts.size(); i += batchSize) {
        encoder.embed(texts.subList(i, Math.min(i + batchSize, texts.size())));
      }
      return new Rate(texts.size(), (System.nanoTime() - start) / 1e9);
    }
  }

  /**
   * (c) Scoring per record, synchronously, without batching or cache: per event one encoder call for its
   * texts (if any) and one model call of one row. The row is the model's reference user (no state store
   * reads or writes), which flatters this baseline: the ratio to it is a lower bound. Without {@code model}
   * (no encoder in the pipeline) only the model calls.
   */
  public static Rate perRecord(EncoderModel model, EncoderOptions options, UserScorer scorer, List<ReplayEvent> events) {
    float[] row = scorer.referenceFeatures().orElse(new float[scorer.featureSpec().names().size()]);
    try (OnnxTextEncoder encoder = model == null ? null : OnnxTextEncoder.open(model, options)) {
      if (encoder != null) {
        encoder.embed(List.of("warm-up"));
      }
      scorer.score(new float[][] {row});
      long start = System.nanoTime();
      for (ReplayEvent e : events) {
        List<String> texts = EventTexts.of(e.value()).stream().map(EventTexts.EventText::text).toList();
        if (encoder != null && !texts.isEmpty()) {
          encoder.embed(texts);
        }
        scorer.score(new float[][] {row});
      }
      return new Rate(events.size(), (System.nanoTime() - start) / 1e9);
    }
  }
}
