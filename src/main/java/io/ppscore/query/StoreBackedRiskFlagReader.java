package io.ppscore.query;

import io.ppscore.output.avro.RiskFlag;
import io.ppscore.risk.RiskFlags;
import io.ppscore.state.StoreNames;
import io.ppscore.state.avro.UserRiskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a user's flags from this instance's active {@code user-risk-state} store, pinned to the user's
 * partition like {@link StoreBackedLatestScoreReader}. Only for an instance whose topology has the risk
 * rules; otherwise use {@link RiskFlagReader#NONE}.
 */
public final class StoreBackedRiskFlagReader implements RiskFlagReader {

  private final KafkaStreams streams;
  private final Duration cooldown;

  /** @param cooldown {@code risk.cooldown.ms}: a rule's flag is active while its cooldown runs ({@link RiskFlags#active}) */
  public StoreBackedRiskFlagReader(KafkaStreams streams, Duration cooldown) {
    this.streams = streams;
    this.cooldown = cooldown;
  }

  @Override
  public List<Map<String, Object>> recent(String userId) {
    UserRiskState state = state(userId);
    List<RiskFlag> flags = state == null ? List.of() : state.getRecentFlags();
    return RiskFlags.newestFirst(flags).stream().map(RiskFlags::toJson).toList();
  }

  @Override
  public List<Map<String, Object>> active(String userId, Instant asOf) {
    UserRiskState state = state(userId);
    return state == null ? List.of()
        : RiskFlags.active(state, asOf, cooldown).stream().map(RiskFlags::toJson).toList();
  }

  private UserRiskState state(String userId) {
    try {
      ReadOnlyKeyValueStore<String, UserRiskState> store = ActiveStores.store(streams, StoreNames.USER_RISK_STATE,
          QueryableStoreTypes.<String, UserRiskState>keyValueStore(), ActiveStores.partitionOf(streams, userId));
      return store.get(userId);
    } catch (InvalidStateStoreException e) {
      throw new StateUnavailableException("the risk store is not queryable here right now: " + e.getMessage(), e);
    }
  }
}
