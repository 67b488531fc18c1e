package io.ppscore.topology;

import io.ppscore.events.Topics;
import io.ppscore.metrics.AppMetrics;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.risk.RiskEngine;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.Stores;

/**
 * The risk part of the topology: {@code user-risk} on the users' events (after {@code user-activity}),
 * {@code user-risk-scores} on the scores (with a model), both writing {@code user-risk-state} and sending
 * their flags to the risk-flags topic.
 *
 * <pre>
 *  users ─ user-activity ...
 *        ├ user-scoring ─ scores-out
 *        │              └ user-risk-scores (score collapse) ─┐
 *        └ user-risk (velocity, spend spike, new account,    ├─ risk-flags
 *                     cancellation abuse) ────────────────────┘
 * </pre>
 */
final class RiskNodes {

  private RiskNodes() {
  }

  /**
   * The {@code user-risk-state} store; the topology adds it whether or not the rules run (erasure clears it).
   * No record caching unless {@code recordCache}, like the other per-user stores (why: {@link UserStateStores}).
   */
  static org.apache.kafka.streams.state.StoreBuilder<?> store(Topics topics, boolean recordCache) {
    return PerUserStores.cached(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.USER_RISK_STATE),
        Serdes.String(), topics.riskStateSerde()), recordCache);
  }

  /**
   * Adds the nodes (the store is added by the topology, see {@link #store}). {@code scores} is the scoring node's output, or null without a model
   * (then the score rules never fire). Flags are counted by rule in {@code metrics}.
   */
  static void add(StreamsBuilder builder, Topics topics, RiskEngine engine, KStream<String, UserEvent> users,
      KStream<String, UserScore> scores, AppMetrics metrics) {
    boolean withScores = scores != null;
    List<String> stores = new ArrayList<>(List.of(UserStateStores.names()));
    stores.add(StoreNames.USER_RISK_STATE);
    if (withScores) {
      stores.add(StoreNames.USER_LATEST_SCORE);
    }
    KStream<String, RiskFlag> flags = users.process(() -> new RiskEventProcessor(engine, withScores),
        Named.as("user-risk"), stores.toArray(String[]::new));
    if (withScores) {
      flags = flags.merge(scores.process(() -> new RiskScoreProcessor(engine), Named.as("user-risk-scores"),
          StoreNames.USER_RISK_STATE, StoreNames.USER_PROFILE), Named.as("merge-risk-scores"));
    }
    flags.peek((userId, flag) -> metrics.riskFlag(flag.getRuleId()), Named.as("count-risk-flags"))
        .to(topics.riskFlags().name(), topics.riskFlags().produced().withName("risk-flags-out"));
  }
}
