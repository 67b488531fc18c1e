package io.ppscore.risk;

import io.ppscore.events.InputEvents;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.state.Buckets;
import io.ppscore.state.InMemoryUserStores;
import io.ppscore.state.UserStateWriter;
import io.ppscore.state.UserStores;
import io.ppscore.state.avro.UserRiskState;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;

/**
 * Runs the event risk rules over a historical dataset in event-time order, with the streaming code: the
 * aggregation ({@link UserStateWriter} on in-memory stores), {@link RiskInputs} and {@link RiskEngine}, as
 * the {@code user-activity} and {@code user-risk} nodes do. Without a model no score exists, so the
 * score-based checks (score collapse, spend against predicted spend) do not run.
 *
 * <p>Events before {@code start + warmUp} build state but are not counted: at the start of a dataset every
 * customer looks new and has no history.
 */
public final class RiskReplay {

  private final RiskEngine engine;
  private final String defaultCurrency;

  /**
   * A replay of a dataset. Its events carry no time of production, so the cooldown runs from their event
   * times uncapped ({@link RiskEngine#onEvent}): the same events give the same flags whenever it runs.
   */
  public RiskReplay(RiskEngine engine, String defaultCurrency) {
    this.engine = engine;
    this.defaultCurrency = defaultCurrency;
  }

  /** What a run saw: the flags after the warm-up and the activity they are measured against. */
  public record Result(Instant countedFrom, Instant last, List<RiskFlag> flags, Set<String> orderEventIds,
      Map<LocalDate, Set<String>> activeUsersByDay, long placedOrders, long events) {

    /** Users with at least one counted event. */
    public long activeUsers() {
      Set<String> users = new HashSet<>();
      activeUsersByDay.values().forEach(users::addAll);
      return users.size();
    }

    /** Sum over days of the users active that day. */
    public long activeUserDays() {
      return activeUsersByDay.values().stream().mapToLong(Set::size).sum();
    }
  }

  /** Replays {@code events} (any order; sorted stably by event time) counting from {@code warmUpDays} after the first. */
  public Result run(List<ReplayEvent> events, int warmUpDays) {
    List<ReplayEvent> sorted = new ArrayList<>(events);
    sorted.sort(Comparator.comparingLong(e -> InputEvents.eventTime(e.value()).toEpochMilli()));
    UserStores stores = InMemoryUserStores.create();
    UserStateWriter writer = new UserStateWriter(stores, defaultCurrency);
    RiskInputs inputs = new RiskInputs(stores, engine.windowsRead());
    Map<String, UserRiskState> memories = new HashMap<>();
    Instant from = sorted.isEmpty() ? Instant.EPOCH
        : InputEvents.eventTime(sorted.get(0).value()).plus(java.time.Duration.ofDays(warmUpDays));
    List<RiskFlag> flags = new ArrayList<>();
    Set<String> orderIds = new HashSet<>();
    Map<LocalDate, Set<String>> active = new HashMap<>();
    long placed = 0;
    long counted = 0;
    Instant last = from;
    for (ReplayEvent e : sorted) {
      SpecificRecord event = e.value();
      if (writer.currencyConflict(e.userId(), event).isPresent()) {
        continue;
      }
      writer.apply(e.userId(), event);
      UserRiskState memory = memories.computeIfAbsent(e.userId(), u -> RiskEngine.emptyMemory());
      List<RiskFlag> raised = inputs.read(e.userId(), event, memory, null)
          .map(input -> engine.onEvent(input, memory, input.eventTime())).orElse(List.of());
      Instant t = InputEvents.eventTime(event);
      if (t.isBefore(from)) {
        continue;
      }
      counted++;
      last = t;
      active.computeIfAbsent(LocalDate.ofInstant(t, ZoneOffset.UTC), d -> new HashSet<>()).add(e.userId());
      if (event instanceof OrderEvent order) {
        orderIds.add(order.getEventId());
        // as the state and the rules count them: an order without a paying line is no order (Buckets.countsAsOrder)
        if (order.getStatus() == OrderStatus.PLACED && Buckets.countsAsOrder(order)) {
          placed++;
        }
      }
      flags.addAll(raised);
    }
    return new Result(from, last, flags, orderIds, active, placed, counted);
  }
}
