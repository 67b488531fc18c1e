package io.ppscore.topology;

import io.ppscore.events.EventValidator;
import io.ppscore.events.Topic;
import io.ppscore.events.Topics;
import io.ppscore.inference.EmbeddingPrefetch;
import io.ppscore.inference.TextEncoder;
import io.ppscore.metrics.AppMetrics;
import io.ppscore.model.UserScorer;
import io.ppscore.output.avro.UserScore;
import io.ppscore.risk.RiskEngine;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;

/**
 * The ppscore topology as a pure function of its collaborators.
 *
 * <pre>
 *  clicks ─┐                       ┌─ rejected ───────────────────────────────► dead-letter
 *  carts  ─┼─ parse-{topic} ─ merge┼─ user key, own partition ─────┐
 *  orders ─┘  (decode, validate)   └─ otherwise ─ rekey-by-user ───┴─ erasure-guard ─ user-activity ─► dead-letter (late)
 *                                                                   (dedup, buckets, profile,
 *                                                                    mark scoring-dirty-users)
 *                                                    with a scorer: ├─ user-scoring ─► scores
 *                                                      (wall-clock punctuation: embed, score, store;
 *                                                       another marks users whose latest score is stale,
 *                                                       its position in scoring-refresh-cursor)
 *                                                    with risk rules: └─ user-risk (+ user-risk-scores) ─► risk-flags
 *  user-erasure ─ (on another partition than its key's: via user-erasure-rekey)
 *               ─ user-erasure (delete the user in every per-user store, remember the erasure) ─► scores (tombstone)
 *  (erasure-guard drops a recently erased user's events produced or stamped before the erasure: in flight then)
 * </pre>
 *
 * Records already keyed by their user id and on the partition Kafka's default (murmur2) partitioner gives that
 * key (the documented contract) skip the repartition topic; others are re-keyed through
 * {@code <application.id>-user-events-rekey-repartition}. Erasure requests on another partition take
 * {@code <application.id>-user-erasure-rekey-repartition} ({@link UserErasure}). Every processor, store and
 * internal topic is named explicitly: they are part of the upgrade contract.
 */
public final class PurchasingPowerTopology {

  /** Name of the rekey repartition, part of its topic's name (see {@link #rekeyTopic}). */
  static final String REKEY = "user-events-rekey";

  /**
   * The WARN (an slf4j format: user currency, training currency, user currency, training currency) the scoring
   * logs once per task and currency when a user's currency is not the model's; the demo, which replays a USD
   * sample into the GBP model on purpose, says so itself and keeps this line, for the currencies it names, in
   * its log file.
   */
  public static final String FOREIGN_CURRENCY_WARNING = "Scoring users in {} with a model trained on {} amounts: "
      + "amounts are not converted, so their scores compare {} figures with a {} population (counted in "
      + "ppscore_scores_foreign_currency_total)";

  private PurchasingPowerTopology() {
  }

  /** The rekey repartition topic of the application {@code applicationId}, as Kafka Streams names it. */
  public static String rekeyTopic(String applicationId) {
    return applicationId + "-" + REKEY + "-repartition";
  }

  /**
   * The retention of each window store the topology builds, by store name. Part of the local state's layout:
   * Kafka Streams derives a window store's segment interval from it (see {@code StoreLayoutGuard}).
   */
  public static java.util.Map<String, java.time.Duration> windowStoreRetentions(TopologySettings settings) {
    return java.util.Collections.unmodifiableMap(UserStateStores.windowRetentions(settings));
  }

  /** Adds the ppscore topology without scoring to {@code builder} and builds it. */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings) {
    return build(builder, topics, settings, Optional.empty(), null);
  }

  /**
   * Adds the ppscore topology to {@code builder} and builds it. With a {@code scorer}, users are scored when
   * their state changes ({@link ScoringProcessor}) and scores go to {@link Topics#scores()}; without one
   * (no model loaded) no scoring node is added (its stores are, for erasure; the refresh cursor's with a node that
   * deletes a leftover cursor) and {@code encoder} may be null.
   *
   * @param scorer the model, shared by all tasks (thread-safe)
   * @param encoder the text encoder of the pending texts, shared by all tasks; required with a scorer whose
   *     features use text, and then it must be the encoder the model was trained with
   */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings,
      Optional<UserScorer> scorer, TextEncoder encoder) {
    return build(builder, topics, settings, scorer, encoder, Optional.empty(), AppMetrics.inMemory());
  }

  /** As below, with the risk rules and metrics in a registry nobody reads. */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings,
      Optional<UserScorer> scorer, TextEncoder encoder, Optional<RiskEngine> risk) {
    return build(builder, topics, settings, scorer, encoder, risk, AppMetrics.inMemory());
  }

  /**
   * As {@link #build(StreamsBuilder, Topics, TopologySettings, Optional, TextEncoder)}; with a {@code risk}
   * engine, the risk rules run on every accepted event and score and flags go to {@link Topics#riskFlags()}
   * ({@link RiskNodes}). Inference, event-to-score latency and risk flags by rule are recorded to
   * {@code metrics}.
   */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings,
      Optional<UserScorer> scorer, TextEncoder encoder, Optional<RiskEngine> risk, AppMetrics metrics) {
    return build(builder, topics, settings, scorer, encoder, EmbeddingPrefetch.NONE, risk, metrics);
  }

  /**
   * As above; with a scorer, the texts each accepted event adds to its user's pending texts are also handed
   * to {@code prefetch}, to be embedded before the scoring run asks for them (a cache warm-up: the scores
   * are the same with {@link EmbeddingPrefetch#NONE}).
   */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings,
      Optional<UserScorer> scorer, TextEncoder encoder, EmbeddingPrefetch prefetch, Optional<RiskEngine> risk,
      AppMetrics metrics) {
    return build(builder, topics, settings, scorer, encoder, prefetch, risk, metrics, new ScoringGate());
  }

  /** As above; once {@code gate} is closed (the app is closing), scoring runs score nobody. */
  public static Topology build(StreamsBuilder builder, Topics topics, TopologySettings settings,
      Optional<UserScorer> scorer, TextEncoder encoder, EmbeddingPrefetch prefetch, Optional<RiskEngine> risk,
      AppMetrics metrics, ScoringGate gate) {
    scorer.ifPresent(s -> checkEncoder(s, encoder));
    EventValidator validator = new EventValidator(settings.limits());
    Serializer<UserEvent> rekeySerializer = topics.userEventSerde().serializer();
    for (var store : UserStateStores.all(settings, topics.profileSerde(), topics.bucketSerde())) {
      builder.addStateStore(store);
    }
    boolean scoring = scorer.isPresent();
    List<String> activityStores = new ArrayList<>(List.of(UserStateStores.names()));
    // Every per-user store exists whether or not its feature is on, so that an erasure always clears it
    // (and its changelog): a store left out while scoring or risk is off would be restored, erased user
    // included, when the feature came back.
    ScoringStores.all(topics.textProfileSerde(), topics.dirtyUserSerde(), topics.latestScoreSerde(), settings.recordCache())
        .forEach(builder::addStateStore);
    builder.addStateStore(RiskNodes.store(topics, settings.recordCache()));
    // before the parse nodes, which read user-erasures and the watermark (a store is added before its readers)
    builder.addStateStore(UserErasure.erasuresStore());
    KStream<String, ParsedEvent> parsed = parse(builder, topics.clicks(), validator, settings, rekeySerializer)
        .merge(parse(builder, topics.carts(), validator, settings, rekeySerializer), Named.as("merge-carts"))
        .merge(parse(builder, topics.orders(), validator, settings, rekeySerializer), Named.as("merge-orders"));

    Map<String, KStream<String, ParsedEvent>> branches = parsed.split(Named.as("route-"))
        .branch((userId, event) -> event instanceof ParsedEvent.Rejected, Branched.as("rejected"))
        .branch((userId, event) -> ((ParsedEvent.Valid) event).onUserPartition(), Branched.as("keyed"))
        .defaultBranch(Branched.as("unkeyed"));

    branches.get("route-rejected")
        .map((ignored, event) -> {
          ParsedEvent.Rejected rejected = (ParsedEvent.Rejected) event;
          return org.apache.kafka.streams.KeyValue.pair(rejected.originalKey(), rejected.originalValue());
        }, Named.as("unwrap-rejected"))
        .to(topics.deadLetter().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letter-invalid"));

    KStream<String, UserEvent> keyed = branches.get("route-keyed")
        .mapValues(event -> ((ParsedEvent.Valid) event).event(), Named.as("unwrap-keyed"));
    KStream<String, UserEvent> rekeyed = branches.get("route-unkeyed")
        .mapValues(event -> ((ParsedEvent.Valid) event).event(), Named.as("unwrap-unkeyed"))
        .repartition(Repartitioned.<String, UserEvent>as(REKEY)
            .withKeySerde(Serdes.String()).withValueSerde(topics.userEventSerde()));

    if (scoring) {
      activityStores.add(StoreNames.SCORING_DIRTY_USERS);
    }
    KStream<String, UserEvent> users = UserErasure.guard(keyed.merge(rekeyed, Named.as("merge-rekeyed")), settings);
    users.process(() -> new UserActivityProcessor(settings, topics.userEventSerde().serializer(), scoring, prefetch),
            Named.as("user-activity"), activityStores.toArray(String[]::new))
        .to(topics.deadLetter().name(), Produced.with(Serdes.ByteArray(), Serdes.ByteArray()).withName("dead-letter-late"));
    KStream<String, UserScore> scores = null;
    // the refresh sweep's position: no user data to erase (PerUserStores.NOT_PER_USER), but it holds a user id, so
    // it is in the topology with scoring off too, where a small node deletes a cursor an earlier run left
    builder.addStateStore(ScoringStores.refreshCursor());
    if (scoring) {
      List<String> scoringStores = new ArrayList<>(List.of(UserStateStores.names()));
      scoringStores.addAll(List.of(ScoringStores.names()));
      scoringStores.add(StoreNames.SCORING_REFRESH_CURSOR);
      scores = users.process(() -> new ScoringProcessor(settings, scorer.get(), encoder, metrics, gate), Named.as("user-scoring"),
              scoringStores.toArray(String[]::new));
      scores.to(topics.scores().name(), topics.scores().produced().withName("scores-out"));
    } else {
      users.process(() -> new RefreshCursorCleanup(settings.scoreRefresh().interval()), Named.as(RefreshCursorCleanup.NAME),
          StoreNames.SCORING_REFRESH_CURSOR);
    }
    if (risk.isPresent()) {
      RiskNodes.add(builder, topics, risk.get(), users, scores, metrics);
    }
    List<String> present = new ArrayList<>(activityStores);
    present.addAll(List.of(ScoringStores.names()));
    present.add(StoreNames.USER_RISK_STATE);
    UserErasure.add(builder, topics, settings, present, scoring);
    return builder.build();
  }

  private static void checkEncoder(UserScorer scorer, TextEncoder encoder) {
    if (encoder == null) {
      throw new IllegalArgumentException("scoring needs a text encoder for the users' texts");
    }
    String expected = scorer.featureSpec().encoderId();
    if (expected != null && !expected.equals(encoder.id())) {
      throw new IllegalArgumentException("model " + scorer.modelVersion() + " was trained with text encoder " + expected
          + " but the topology got " + encoder.id());
    }
  }

  private static <V extends SpecificRecord> KStream<String, ParsedEvent> parse(StreamsBuilder builder, Topic<String, V> topic,
      EventValidator validator, TopologySettings settings, Serializer<UserEvent> rekeySerializer) {
    return builder.stream(topic.name(), Consumed.with(Serdes.ByteArray(), Serdes.ByteArray())
            .withTimestampExtractor(new InputTimestamps()).withName("source-" + topic.name()))
        .process(() -> new ParseProcessor(topic.name(), topic.valueSerde().deserializer(), validator, settings.appVersion(),
            settings.inputPartitions(), settings.maxRecordBytes(), rekeySerializer, UserErasure.erasedUsers(settings)),
            Named.as("parse-" + topic.name()), UserErasure.GUARD_STORES);
  }
}
