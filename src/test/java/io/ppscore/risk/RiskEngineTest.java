package io.ppscore.risk;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.UserScore;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.state.InMemoryUserStores;
import io.ppscore.state.UserStateWriter;
import io.ppscore.state.UserStores;
import io.ppscore.state.avro.UserRiskState;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The rule engine without Kafka: spend against predicted spend, the percentile, bounds, and the offline replay. */
class RiskEngineTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");

  private final RiskEngine engine = new RiskEngine(RiskSettings.defaults(), "test");
  private final UserStores stores = InMemoryUserStores.create();
  private final UserStateWriter writer = new UserStateWriter(stores, "GBP");
  private final RiskInputs inputs = new RiskInputs(stores, engine.windowsRead());
  private final UserRiskState memory = RiskEngine.emptyMemory();

  private static OrderEvent placed(String id, Instant at, String value) {
    OrderLine line = OrderLine.newBuilder().setProductId("p").setTitle("t").setCategory(null).setQuantity(1)
        .setUnitPrice(new BigDecimal(value).setScale(4)).build();
    return OrderEvent.newBuilder().setEventId(id).setUserId("u").setEventTime(at).setOrderId("o-" + id)
        .setStatus(OrderStatus.PLACED).setLines(List.of(line)).setTotal(new BigDecimal(value).setScale(4))
        .setCurrency("GBP").build();
  }

  private static UserScore score(String predicted90d) {
    return score(predicted90d, T0);
  }

  private static UserScore score(String predicted90d, java.time.Instant computedAt) {
    return UserScore.newBuilder().setUserId("u").setScore(40).setTier("MEDIUM")
        .setPredictedSpend30d(new BigDecimal("1.0000")).setPredictedSpend90d(new BigDecimal(predicted90d).setScale(4))
        .setPPurchase90d(0.5).setCurrency("GBP").setModelVersion("m-1").setEncoderId(null).setReasonCodes(List.of())
        .setTriggeringEventId("x").setTriggeringEventTime(T0).setComputedAt(computedAt).build();
  }

  private List<RiskFlag> apply(OrderEvent order, UserScore latest) {
    writer.apply("u", order);
    return engine.onEvent(inputs.read("u", order, memory, latest).orElseThrow(), memory, order.getEventTime());
  }

  @Test
  void shouldReadOnlyTheWindowsItsRulesUse() {
    // Given the default rules: velocity (the hour), new account (lifetime), cancellation abuse (its window, and
    // 90 days of placed value)
    RiskSettings settings = RiskSettings.defaults();

    // When / Then (every test here reads its inputs with only these windows: a rule reading another throws)
    assertThat(new RiskEngine(settings, "test").windowsRead()).containsExactlyInAnyOrder(
        io.ppscore.state.Window.H1, io.ppscore.state.Window.LIFETIME, settings.cancellationWindow(),
        io.ppscore.state.Window.D90);
  }

  @Test
  void shouldFlagAnOrderAtThreeTimesThePredicted90DaySpendOnceTheUserHasAHistory() {
    // Given five earlier orders of 200.00 (p95 threshold 5 x 200 = 1,000.00) and a latest score predicting
    // 300.00 in 90 days (threshold 900.00)
    for (int i = 0; i < 5; i++) {
      apply(placed("h" + i, T0.plus(Duration.ofHours(i)), "200.00"), null);
    }
    // When orders of 899.99 and 900.00 follow, a day apart
    List<RiskFlag> below = apply(placed("o1", T0.plus(Duration.ofDays(1)), "899.99"), score("300.00", T0.plus(Duration.ofDays(1))));
    List<RiskFlag> at = apply(placed("o2", T0.plus(Duration.ofDays(2)), "900.00"), score("300.00", T0.plus(Duration.ofDays(2))));
    // Then only the second is a spend spike, naming the model of the score it used
    assertThat(below).extracting(RiskFlag::getRuleId).doesNotContain("spend-spike");
    assertThat(at).extracting(RiskFlag::getRuleId).containsExactly("spend-spike");
    assertThat(at.get(0).getModelVersion()).isEqualTo("m-1");
    assertThat(at.get(0).getEvidence()).anySatisfy(e -> {
      assertThat(e.getMetric()).isEqualTo("order_value_vs_predicted_90d");
      assertThat(e.getThreshold()).isEqualTo(900.0);
      assertThat(e.getCrossed()).isTrue();
    });
  }

  @Test
  void shouldIgnoreAScoreComputedMoreThanADayFromTheOrder() {
    // Given five earlier orders of 200.00 and a score predicting 300.00 computed 25 h after the order's event
    // time (a replay of history: the score was computed now, the order happened long ago)
    for (int i = 0; i < 5; i++) {
      apply(placed("h" + i, T0.plus(Duration.ofHours(i)), "200.00"), null);
    }
    java.time.Instant orderTime = T0.plus(Duration.ofDays(2));
    // When an order of 950.00 (above 3 x 300.00, below 5 x the p95 of 200.00) is evaluated with it, and with
    // a score computed 23 h after the order
    List<RiskFlag> stale = apply(placed("o1", orderTime, "950.00"), score("300.00", orderTime.plus(Duration.ofHours(25))));
    List<RiskFlag> current = apply(placed("o2", orderTime.plus(Duration.ofMinutes(1)), "950.00"),
        score("300.00", orderTime.plus(Duration.ofHours(23))));
    // Then only the current score makes it a spend spike
    assertThat(stale).extracting(RiskFlag::getRuleId).doesNotContain("spend-spike");
    assertThat(current).extracting(RiskFlag::getRuleId).containsExactly("spend-spike");
  }

  @Test
  void shouldNotCompareANewcomersOrderWithTheirPredictedSpend() {
    // Given a first order (history shorter than risk.spend.spike.min.history) and a score predicting 300.00
    apply(placed("o0", T0, "10.00"), null);
    // When an order of ten times the prediction follows
    List<RiskFlag> flags = apply(placed("o1", T0.plus(Duration.ofDays(1)), "3000.00"), score("300.00", T0.plus(Duration.ofDays(1))));
    // Then it is no spend spike: the newcomer's prediction is the model's prior, first orders are the new-account rule's
    assertThat(flags).extracting(RiskFlag::getRuleId).doesNotContain("spend-spike");
  }

  @Test
  void shouldTakeTheNearestRankPercentile() {
    List<Long> twenty = new ArrayList<>();
    for (long v = 1; v <= 20; v++) {
      twenty.add(v);
    }
    assertThat(SpendSpikeRule.p95(twenty)).isEqualTo(19L);
    assertThat(SpendSpikeRule.p95(List.of(5L, 1L, 3L))).isEqualTo(5L);
  }

  @Test
  void shouldKeepTheMemoryBounded() {
    for (int i = 0; i < RiskEngine.MAX_ORDER_HISTORY + 20; i++) {
      apply(placed("o" + i, T0.plus(Duration.ofDays(i)), "10.00"), null);
    }
    assertThat(memory.getOrderValuesE4()).hasSize(RiskEngine.MAX_ORDER_HISTORY);
    assertThat(memory.getLastEventId()).isEqualTo("o" + (RiskEngine.MAX_ORDER_HISTORY + 19));
  }

  @Test
  void shouldRejectSettingsThatWouldFlagASingleCancellation() {
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> RiskSettings.from(
            new AppConfig(Map.of(AppConfig.RISK_CANCELLATION_MIN_COUNT_CONFIG, 1))))
        .hasMessageContaining(AppConfig.RISK_CANCELLATION_MIN_COUNT_CONFIG);
  }

  @Test
  void shouldCountOnlyFlagsAfterTheWarmUpInTheOfflineReplay() {
    // Given a user whose first order (5,000.00) comes on day 0 and another's on day 40
    List<ReplayEvent> events = List.of(
        ReplayEvent.of(OrderEvent.newBuilder(placed("a1", T0, "5000.00")).setUserId("early").build()),
        ReplayEvent.of(OrderEvent.newBuilder(placed("b1", T0.plus(Duration.ofDays(40)), "5000.00")).setUserId("late").build()));
    // When the replay counts from day 30
    RiskReplay.Result result = new RiskReplay(engine, "GBP").run(events, 30);
    // Then only the late user's new-account flag counts, against one active user
    assertThat(result.flags()).extracting(RiskFlag::getUserId).containsExactly("late");
    assertThat(result.activeUsers()).isEqualTo(1);
    RiskReport.RuleFigures newAccount = RiskReport.figures(result).stream()
        .filter(f -> f.rule().equals("new-account-high-value")).findFirst().orElseThrow();
    assertThat(newAccount.users()).isEqualTo(1);
    assertThat(newAccount.orders()).isEqualTo(1);
    assertThat(newAccount.meanDailyShare()).isEqualTo(1.0);
    assertThat(RiskReport.markdown("test", result, engine.settings())).contains("| new-account-high-value | 1 | 1 |");
  }

  @Test
  void shouldNotCountAFreeOrderAsAPlacedOrderInTheOfflineReplay() {
    // Given a paid order and a free one (no paying line), both after the warm-up
    List<ReplayEvent> events = List.of(
        ReplayEvent.of(placed("first", T0, "10.00")),
        ReplayEvent.of(placed("paid", T0.plus(Duration.ofDays(40)), "20.00")),
        ReplayEvent.of(placed("free", T0.plus(Duration.ofDays(41)), "0.00")));

    // When the replay counts from day 30
    RiskReplay.Result result = new RiskReplay(engine, "GBP").run(events, 30);

    // Then both are counted events, but only the paid one is a placed order
    assertThat(result.events()).isEqualTo(2);
    assertThat(result.placedOrders()).isEqualTo(1);
  }

  @Test
  void shouldKeepARulesActiveFlagThoughTwentyLaterSpendSpikesFillTheRecentFlags() {
    // Given five earlier orders, then a burst of five within minutes (velocity LOW on v4)
    for (int i = 0; i < 5; i++) {
      apply(placed("h" + i, T0.plus(Duration.ofDays(i)), "10.00"), null);
    }
    Instant burst = T0.plus(Duration.ofDays(10));
    for (int i = 0; i < 5; i++) {
      apply(placed("v" + i, burst.plus(Duration.ofMinutes(i)), "10.00"), null);
    }
    assertThat(memory.getRecentFlags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("v4");

    // When 20 orders of 1,000.00 follow an hour apart, each 10 x a predicted 90-day spend of 100.00 (20 spend spikes)
    Instant last = burst;
    for (int i = 1; i <= 20; i++) {
      last = burst.plus(Duration.ofHours(i));
      apply(placed("s" + i, last, "1000.00"), score("100.00", last));
    }

    // Then the recent flags keep 20: the velocity flag, whose cooldown still runs, and the 19 latest spikes
    assertThat(memory.getRecentFlags()).hasSize(RiskEngine.MAX_RECENT_FLAGS)
        .extracting(RiskFlag::getTriggeringEventId).contains("v4").doesNotContain("s1");
    // and it is active with them
    assertThat(RiskFlags.active(memory, last, Duration.ofHours(24))).extracting(RiskFlag::getRuleId)
        .contains("velocity").filteredOn("spend-spike"::equals).hasSize(19);
  }

  @Test
  void shouldCoolDownTheSameWayInTheOfflineReplayWhateverTheDayItRuns() {
    // Given five orders, then two bursts of five dated ahead of today, 24 h 30 min apart (cooldown 24 h)
    Instant ahead = Instant.now().plus(Duration.ofDays(400));
    List<ReplayEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(ReplayEvent.of(placed("h" + i, ahead.minus(Duration.ofDays(10 - i)), "10.00")));
    }
    Instant second = ahead.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(30));
    for (int i = 0; i < 5; i++) {
      events.add(ReplayEvent.of(placed("a" + i, ahead.plus(Duration.ofMinutes(i)), "10.00")));
      events.add(ReplayEvent.of(placed("b" + i, second.plus(Duration.ofMinutes(i)), "10.00")));
    }

    // When risk-report's replay runs over them
    RiskReplay.Result result = new RiskReplay(engine, "GBP").run(events, 0);

    // Then both bursts are flagged, as on any day after them: the cooldown runs from the events' own times,
    // not from the wall clock of the run
    assertThat(result.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("a4", "b4");
  }

  @Test
  void shouldKeepTheWindowsPeakInABoundedScoreMemory() {
    // Given a score of 90, then one of 65 every 10 minutes for 6 days (864 scores, the window is 7 days)
    engine.onScore(collapseScore(90.0, T0), "GBP", memory, T0);
    for (int i = 1; i <= 864; i++) {
      engine.onScore(collapseScore(65.0, T0.plus(Duration.ofMinutes(10L * i))), "GBP", memory,
          T0.plus(Duration.ofMinutes(10L * i)));
    }
    // Then at most MAX_SCORES points are kept, and the peak is one of them
    assertThat(memory.getScores()).hasSizeLessThanOrEqualTo(ScoreMemory.MAX_SCORES);
    assertThat(memory.getScores()).extracting(p -> p.getScore()).contains(90.0);
    // and a fall to 60 on day 6 is still measured from it
    assertThat(engine.onScore(collapseScore(60.0, T0.plus(Duration.ofDays(6)).plusSeconds(1)), "GBP", memory,
        T0.plus(Duration.ofDays(6)).plusSeconds(1)))
        .extracting(RiskFlag::getRuleId).containsExactly("score-collapse");
  }

  private static UserScore collapseScore(double value, Instant triggeredAt) {
    return UserScore.newBuilder(score("300.00")).setScore(value).setTriggeringEventTime(triggeredAt)
        .setTriggeringEventId("s-" + triggeredAt.toEpochMilli()).build();
  }


  @Test
  void shouldReadTheNinetyDayWindowOnceWhenTheCancellationWindowIsNinetyDays() {
    // Given the cancellation window set to 90 days, the window the placed value is compared over
    RiskSettings settings = RiskSettings.from(new AppConfig(java.util.Map.of(AppConfig.RISK_CANCELLATION_WINDOW_CONFIG, "90d")));

    // When the engine lists the windows its rules read (every task does at start-up)
    // Then it lists 90 days once instead of failing on a duplicate element
    assertThat(new RiskEngine(settings, "test").windowsRead())
        .contains(io.ppscore.state.Window.D90);
  }
}
