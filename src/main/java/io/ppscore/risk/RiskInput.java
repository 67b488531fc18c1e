package io.ppscore.risk;

import io.ppscore.events.InputEvents;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Buckets;
import io.ppscore.state.UserState;
import io.ppscore.state.avro.ActivityBucket;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;

/**
 * What an event rule sees: the accepted event, the user's state read as of the event's time (the event
 * already included), the last ten minutes of activity, the user's earlier placed order values and their
 * latest score (null without a model or before the first score). Immutable by contract: rules only read.
 *
 * @param last10Minutes the minute buckets of the event's minute and the 9 before, summed
 * @param earlierOrderValuesE4 gross values x 10^4 of the user's most recent placed orders before this event, oldest first
 */
public record RiskInput(String userId, SpecificRecord event, UserState state, ActivityBucket last10Minutes,
    List<Long> earlierOrderValuesE4, UserScore latestScore) {

  public RiskInput {
    Objects.requireNonNull(userId, "userId must not be null");
    Objects.requireNonNull(event, "event must not be null");
    Objects.requireNonNull(state, "state must not be null");
    Objects.requireNonNull(last10Minutes, "last10Minutes must not be null");
    earlierOrderValuesE4 = List.copyOf(earlierOrderValuesE4);
  }

  public String eventId() {
    return InputEvents.eventId(event);
  }

  public Instant eventTime() {
    return InputEvents.eventTime(event);
  }

  /**
   * The event when it is an order with {@code status} that counts as one ({@link Buckets#countsAsOrder}: a
   * gross value above 0). An order of only free lines is not in the state's order counts, so the rules do
   * not treat it as an order either (it neither triggers them nor joins the order value history).
   */
  public Optional<OrderEvent> order(OrderStatus status) {
    return event instanceof OrderEvent o && o.getStatus() == status && Buckets.countsAsOrder(o)
        ? Optional.of(o) : Optional.empty();
  }

  /** The user's latest score, if any. */
  public Optional<UserScore> score() {
    return Optional.ofNullable(latestScore);
  }
}
