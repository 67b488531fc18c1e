package io.ppscore.topology;

import io.ppscore.state.StoreNames;
import java.time.Duration;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.Sensor.RecordingLevel;
import org.apache.kafka.streams.processor.api.ProcessingContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The erasure guard's decision, for every node that must drop a recently erased user's in-flight events: the
 * {@link ErasureGuardProcessor} (valid events) and the parse nodes ({@link ParseProcessor}: rejected events that
 * would otherwise keep a copy of the user's data on the dead-letter topic). An event is the erased user's in
 * flight when its user is in {@code user-erasures}, that erasure cannot be forgotten yet, and the event was
 * produced or stamped (the earlier of its event time and production time) at or before the cut-off. Dropped
 * events are counted in {@code erased-user-events-total}. A node using it must be connected to
 * {@code user-erasures} and the event-time watermark, and sees the erasures of its own task only: the users
 * whose default partition is the task's.
 */
final class ErasedUsers {

  private final Duration suppression;
  private final Duration onTimeHorizon;
  private ProcessingContext context;
  private KeyValueStore<String, Long> erasures;
  private KeyValueStore<String, Long> watermarks;
  private Sensor dropped;

  /**
   * @param suppression the least wall-clock time an erasure is remembered; zero: none is
   * @param onTimeHorizon how far past an erasure's cut-off the watermark must be before it is forgotten:
   *     the grace plus how far ahead of the wall clock validation accepts an event time
   */
  ErasedUsers(Duration suppression, Duration onTimeHorizon) {
    this.suppression = suppression;
    this.onTimeHorizon = onTimeHorizon;
  }

  /** Opens the stores and the drop counter of the node being initialised with {@code context}. */
  void init(ProcessingContext context) {
    this.context = context;
    this.erasures = context.getStateStore(StoreNames.USER_ERASURES);
    this.watermarks = context.getStateStore(StoreNames.EVENT_TIME_WATERMARK);
    this.dropped = context.metrics().addRateTotalSensor(DeadLetterMetrics.SCOPE, "erasure",
        ErasureGuardProcessor.DROPPED, RecordingLevel.INFO);
  }

  /** Whether erasures are remembered at all ({@code erasure.suppression.ms} above zero). */
  boolean enabled() {
    return !suppression.isZero();
  }

  /**
   * Whether an event of {@code userId} stamped {@code eventTime} and produced at {@code producedAt} is an
   * erased user's in-flight event; if so it is counted as dropped, and the caller drops it.
   */
  boolean dropsInFlight(String userId, long eventTime, long producedAt) {
    if (!enabled() || userId == null) {
      return false;
    }
    Long erasedAt = erasures.get(userId);
    if (erasedAt == null || forgettable(erasedAt, context.currentSystemTimeMs(), watermark())
        || Math.min(eventTime, producedAt) > erasedAt) {
      return false;
    }
    dropped.record();
    return true;
  }

  /**
   * Whether nothing produced before the erasure can still be accepted: the suppression has passed on the
   * wall clock, and the watermark is so far past the cut-off that any event user-activity still takes on
   * time was stamped after the cut-off plus the furthest an event may run ahead of the clock that read it.
   */
  boolean forgettable(long erasedAt, long now, Long watermark) {
    return erasedAt + suppression.toMillis() < now
        && watermark != null && watermark - erasedAt > onTimeHorizon.toMillis();
  }

  /** The task's event-time watermark, null before its first accepted event. */
  Long watermark() {
    return watermarks.get(UserActivityProcessor.WATERMARK_KEY);
  }

  /** The task's {@code user-erasures} store. */
  KeyValueStore<String, Long> store() {
    return erasures;
  }
}
