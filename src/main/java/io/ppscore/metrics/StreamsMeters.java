package io.ppscore.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.ppscore.events.DeadLetterReason;
import io.ppscore.inference.CachingTextEncoder;
import io.ppscore.inference.CoalescingTextEncoder;
import io.ppscore.inference.EmbeddingPrefetcher;
import io.ppscore.inference.InferenceMetrics;
import io.ppscore.inference.PersistedTextEncoder;
import io.ppscore.inference.TextEncoder;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/**
 * Binds everything {@code /metrics} shows besides {@link AppMetrics}' own meters: Kafka Streams' metrics
 * ({@link KafkaStreamsMetrics}), the JVM's, and the app's counters that live as Kafka Streams sensors
 * (group {@code stream-ppscore-metrics}), bridged as function counters summed over threads and tasks:
 * {@code ppscore_events_in_total{topic}}, {@code ppscore_dead_letters_total{reason}},
 * {@code ppscore_scores_out_total}, {@code ppscore_scores_refreshed_total}, {@code ppscore_user_scoring_failures_total},
 * {@code ppscore_scoring_failed_users_total}, {@code ppscore_text_profiles_foreign_encoder_total}; and the text
 * encoder's cache and execution provider.
 */
public final class StreamsMeters {

  static final String GROUP = "stream-ppscore-metrics";

  private StreamsMeters() {
  }

  /**
   * Binds Kafka Streams, the JVM and the bridged counters of {@code streams} to {@code metrics}; returns what
   * to close with the app: the Kafka Streams binder's scheduler, the GC binder's notification listeners on the
   * JVM's collector beans (which would otherwise outlive the app in a JVM that starts another, like the bench
   * and the tests) and the registry.
   */
  public static AutoCloseable bind(AppMetrics metrics, KafkaStreams streams, List<String> inputTopics) {
    MeterRegistry registry = metrics.registry();
    KafkaStreamsMetrics kafka = new KafkaStreamsMetrics(streams);
    kafka.bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    JvmGcMetrics gc = new JvmGcMetrics();
    gc.bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    for (String topic : inputTopics) {
      FunctionCounter.builder("ppscore.events.in", streams, s -> sum(s, "events-in-total", "topic", topic))
          .tag("topic", topic).description("Records read from an input topic, valid or not").register(registry);
    }
    for (DeadLetterReason reason : DeadLetterReason.values()) {
      FunctionCounter.builder("ppscore.dead.letters", streams,
              s -> sum(s, "dead-letter-records-total", "reason", reason.name()))
          .tag("reason", reason.name()).description("Records sent to the dead-letter topic, by reason").register(registry);
    }
    FunctionCounter.builder("ppscore.scores.out", streams, s -> sum(s, "scores-out-total", null, null))
        .description("Scores sent to the scores topic").register(registry);
    FunctionCounter.builder("ppscore.scores.refreshed", streams, s -> sum(s, "scores-refreshed-total", null, null))
        .description("Scores sent because the user's latest score had grown stale (scoring.refresh.age.ms), not "
            + "because of an event; included in ppscore_scores_out_total").register(registry);
    FunctionCounter.builder("ppscore.user.scoring.failures", streams, s -> sum(s, "user-scoring-failures-total", null, null))
        .description("Users whose prediction made no score (a non-finite or oversized amount, score or probability): "
            + "their pending entry was dropped, the other users of the run scored").register(registry);
    FunctionCounter.builder("ppscore.scoring.failed.users", streams, s -> sum(s, "scoring-failed-users-total", null, null))
        .description("Users whose scoring failed alone (encoder, state or model) in 3 runs in a row: their pending "
            + "entry was dropped unscored, the other users of the runs scored").register(registry);
    FunctionCounter.builder("ppscore.text.profiles.foreign.encoder", streams,
            s -> sum(s, "text-profiles-foreign-encoder-total", null, null))
        .description("Stored text profiles discarded because another encoder (an earlier model's) accumulated them: "
            + "those users' text profiles started afresh").register(registry);
    return () -> {
      kafka.close();
      gc.close();
      registry.close();
    };
  }

  /**
   * Binds the encoder's cache counters ({@code ppscore_embedding_cache_hits_total}, {@code _misses_total},
   * {@code _waits_total}, {@code ppscore_embedding_prefetch_texts_total}, {@code _hits_total}, and with the
   * on-disk level {@code ppscore_embedding_cache_persisted_*}) when it is a
   * {@link CachingTextEncoder} or wraps one ({@link CoalescingTextEncoder}, which adds its
   * {@code ppscore_embedding_prefetch_dropped_total} and {@code _pending}), and {@code ppscore_inference_provider_info{provider}} = 1 for
   * the provider its ONNX session runs on, and {@code ppscore_encoder_unknown_token_texts_total{encoder}}, the texts
   * it embedded that were mostly {@code [UNK]} to it.
   */
  public static void bindEncoder(AppMetrics metrics, TextEncoder encoder) {
    MeterRegistry registry = metrics.registry();
    if (encoder instanceof CoalescingTextEncoder coalescing) {
      FunctionCounter.builder("ppscore.embedding.prefetch.dropped", coalescing, CoalescingTextEncoder::dropped)
          .description("Texts not queued to ride along in another task's model run because the queue was full").register(registry);
      Gauge.builder("ppscore.embedding.prefetch.pending", coalescing, CoalescingTextEncoder::waiting)
          .description("Texts queued to ride along in the next model run").register(registry);
      encoder = coalescing.cache();
    }
    if (encoder instanceof CachingTextEncoder caching) {
      FunctionCounter.builder("ppscore.embedding.cache.hits", caching, CachingTextEncoder::hits)
          .description("Texts served from the embedding cache").register(registry);
      FunctionCounter.builder("ppscore.embedding.cache.misses", caching, CachingTextEncoder::misses)
          .description("Texts not in the in-memory cache: embedded by the encoder, or with embedding.cache.persist "
              + "looked up on disk first").register(registry);
      FunctionCounter.builder("ppscore.embedding.cache.waits", caching, CachingTextEncoder::waits)
          .description("Texts a scoring run waited for because another call (usually the prefetch thread) was embedding them").register(registry);
      FunctionCounter.builder("ppscore.embedding.prefetch.texts", caching, CachingTextEncoder::prefetched)
          .description("Texts embedded into the cache before a scoring run asked for them (by the prefetch thread, or riding along in another task's model run)").register(registry);
      FunctionCounter.builder("ppscore.embedding.prefetch.hits", caching, CachingTextEncoder::prefetchHits)
          .description("Prefetched embeddings a scoring run used (first use only)").register(registry);
      if (caching.delegate() instanceof PersistedTextEncoder persisted) {
        bindPersisted(registry, persisted);
      }
    }
    InferenceMetrics inference = InferenceMetrics.forEncoder(encoder.id());
    Gauge.builder("ppscore.inference.provider.info", () -> 1)
        .tag("provider", inference.providerInUse().name()).tag("encoder", encoder.id())
        .description("The ONNX Runtime execution provider the text encoder runs on").register(registry);
    FunctionCounter.builder("ppscore.encoder.unknown.token.texts", inference, InferenceMetrics::unknownTokenTexts)
        .tag("encoder", encoder.id())
        .description("Texts embedded whose word pieces were mostly [UNK] (more than half, [CLS] and [SEP] not counted): "
            + "the encoder cannot represent them (MiniLM: Chinese text)").register(registry);
  }

  /**
   * The on-disk level's {@code ppscore_embedding_cache_persisted_hits_total}, {@code _misses_total},
   * {@code _invalid_total} and {@code _errors_total}.
   */
  private static void bindPersisted(MeterRegistry registry, PersistedTextEncoder persisted) {
    FunctionCounter.builder("ppscore.embedding.cache.persisted.hits", persisted, PersistedTextEncoder::hits)
        .description("Texts the in-memory cache missed that were read from the persisted embedding cache on disk").register(registry);
    FunctionCounter.builder("ppscore.embedding.cache.persisted.misses", persisted, PersistedTextEncoder::misses)
        .description("Texts the in-memory cache missed that were not on disk either: embedded by the encoder and written to disk").register(registry);
    FunctionCounter.builder("ppscore.embedding.cache.persisted.invalid", persisted, PersistedTextEncoder::invalid)
        .description("Values on disk that were not a vector of the encoder's dimension (or not finite): embedded again and overwritten; included in the misses").register(registry);
    FunctionCounter.builder("ppscore.embedding.cache.persisted.errors", persisted, PersistedTextEncoder::errors)
        .description("Failures to open, read or write the persisted embedding cache; the first turns it off until restart").register(registry);
  }

  /**
   * Binds the prefetcher's {@code ppscore_embedding_prefetch_dropped_total} (queue full),
   * {@code ppscore_embedding_prefetch_batches_total} (encoder calls),
   * {@code ppscore_embedding_prefetch_errors_total} (failed batches) and {@code ppscore_embedding_prefetch_pending}.
   */
  public static void bindPrefetcher(AppMetrics metrics, EmbeddingPrefetcher prefetcher) {
    MeterRegistry registry = metrics.registry();
    FunctionCounter.builder("ppscore.embedding.prefetch.dropped", prefetcher, EmbeddingPrefetcher::dropped)
        .description("Texts not prefetched because the prefetch queue was full").register(registry);
    FunctionCounter.builder("ppscore.embedding.prefetch.batches", prefetcher, EmbeddingPrefetcher::batches)
        .description("Encoder calls of the prefetch thread").register(registry);
    FunctionCounter.builder("ppscore.embedding.prefetch.errors", prefetcher, EmbeddingPrefetcher::errors)
        .description("Prefetch batches that failed (the scoring run embedded their texts)").register(registry);
    Gauge.builder("ppscore.embedding.prefetch.pending", prefetcher, EmbeddingPrefetcher::pending)
        .description("Texts queued for or being embedded by the prefetch thread").register(registry);
  }

  /** The sum of the app's sensor {@code name} over all threads and tasks, optionally with one tag value. */
  static double sum(KafkaStreams streams, String name, String tag, String value) {
    double total = 0;
    for (Map.Entry<MetricName, ? extends Metric> e : streams.metrics().entrySet()) {
      MetricName n = e.getKey();
      if (GROUP.equals(n.group()) && name.equals(n.name()) && (tag == null || value.equals(n.tags().get(tag)))) {
        total += ((Number) e.getValue().metricValue()).doubleValue();
      }
    }
    return total;
  }
}
