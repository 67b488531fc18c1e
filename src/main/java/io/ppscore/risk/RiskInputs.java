package io.ppscore.risk;

import io.ppscore.events.InputEvents;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Buckets;
import io.ppscore.state.Granularity;
import io.ppscore.state.UserStateStoreReader;
import io.ppscore.state.UserStores;
import io.ppscore.state.Window;
import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserRiskState;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Reads the {@link RiskInput} of an accepted event from the user's stores, as of the event's own time (so
 * a replay of history is judged as it happened): the state with its windows and the last 10 minutes
 * (the event's minute bucket and the 9 before).
 */
public final class RiskInputs {

  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private final UserStateStoreReader reader;
  private final Set<Window> windows;

  /**
   * Reads only {@code windows} (what the rules read, {@link RiskEngine#windowsRead()}) and the 1-hour
   * window, whose minute buckets hold the last 10 minutes: per event, the day store is then read over the
   * rules' windows only instead of the 366 days of the yearly ones.
   */
  public RiskInputs(UserStores stores, Set<Window> windows) {
    this.reader = new UserStateStoreReader(stores);
    EnumSet<Window> read = EnumSet.of(Window.H1);
    read.addAll(windows);
    this.windows = Collections.unmodifiableSet(read);
  }

  /** The input of {@code event}, or empty when the user has no state (the event was not aggregated). */
  public Optional<RiskInput> read(String userId, SpecificRecord event, UserRiskState memory, UserScore latestScore) {
    Instant t = InputEvents.eventTime(event);
    return reader.readWithBuckets(userId, t, windows).map(read -> new RiskInput(userId, event, read.state(),
        last10Minutes(read, t), memory.getOrderValuesE4(), latestScore));
  }

  /** From the minute buckets the state read fetched for its 1-hour window (the last 10 minutes lie inside it). */
  private static ActivityBucket last10Minutes(UserStateStoreReader.StateRead read, Instant t) {
    Instant last = Granularity.MINUTE.bucketStart(t);
    Instant first = last.minus(TEN_MINUTES).plus(Granularity.MINUTE.size());
    ActivityBucket total = Buckets.empty(t);
    for (ActivityBucket b : read.buckets(Granularity.MINUTE, first, last)) {
      total = Buckets.merge(total, b);
    }
    return total;
  }
}
