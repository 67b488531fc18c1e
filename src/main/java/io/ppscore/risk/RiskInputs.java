package io.ppscore.risk;

import io.ppscore.events.InputEvents;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Buckets;
import io.ppscore.state.Granularity;
import io.ppscore.state.UserState;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.UserStores;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserRiskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the {@link RiskInput} of an accepted event from the user's stores, as of the event's own time (so
 * a replay of history is judged as it happened): the state with its windows and the last 10 minutes
 * (the event's minute bucket and the 9 before).
 */
public final class RiskInputs {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final UserStores stores;
  private final UserStateStoreReader reader;

  public RiskInputs(UserStores stores) {
    this.stores = stores;
    this.reader = new UserStateStoreReader(stores);
  }

  /** The input of {@code event}, or empty when the user has no state (the event was not aggregated). */
  public Optional<RiskInput> read(String userId, SpecificRecord event, UserRiskState memory, UserScore latestScore) {
    Instant t = InputEvents.eventTime(event);
    Optional<UserState> state = reader.read(userId, t);
    return state.map(s -> new RiskInput(userId, event, s, last10Minutes(userId, t), memory.getOrderValuesE4(),
        latestScore));
  }

  private ActivityBucket last10Minutes(String userId, Instant t) {
    Instant last = Granularity.MINUTE.bucketStart(t);
    Instant first = last.minus(TEN_MINUTES).plus(Granularity.MINUTE.size());
    ActivityBucket total = Buckets.empty(t);
    for (ActivityBucket b : stores.bucket(Granularity.MINUTE).range(userId, first.toEpochMilli(), last.toEpochMilli())) {
      total = Buckets.merge(total, b);
    }
    return total;
  }
}
