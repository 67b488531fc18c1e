package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.cartAdd;
import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.order;
import static io.ppscore.topology.TestEvents.placed;
import static io.ppscore.topology.TestEvents.view;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.output.avro.RiskEvidence;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.RiskSeverity;
import io.ppscore.risk.RiskFlags;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The event risk rules through the real topology (no model): each rule on both sides of its count, value
 * and time thresholds, the cooldown and the severity escalation. Score collapse is in
 * {@link ScoreCollapseTopologyTest}.
 */
class RiskRulesTopologyTest {

  private static final Instant T0 = Instant.parse("2026-01-05T10:00:00Z");
  private static final Instant WALL_CLOCK = T0.plus(Duration.ofDays(60));
  private static final Duration MIN = Duration.ofMinutes(1);

  private static final Duration COOLDOWN = Duration.ofHours(24);

  private RiskHarness harness;
  private Instant wallClock = WALL_CLOCK;

  private RiskHarness harness(Object... keyValues) {
    Map<String, Object> overrides = new HashMap<>(Map.of(
        AppConfig.RISK_VELOCITY_ORDERS_10M_CONFIG, 4, AppConfig.RISK_VELOCITY_ORDERS_1H_CONFIG, 8,
        AppConfig.RISK_VELOCITY_CART_ADDS_10M_CONFIG, 5, AppConfig.RISK_VELOCITY_CART_ADDS_1H_CONFIG, 12,
        AppConfig.RISK_COOLDOWN_MS_CONFIG, Duration.ofHours(24).toMillis(), AppConfig.RISK_SEVERITY_STEP_CONFIG, 2.0,
        AppConfig.RISK_SPIKE_P95_FACTOR_CONFIG, 5.0, AppConfig.RISK_SPIKE_MIN_HISTORY_CONFIG, 5,
        AppConfig.RISK_SPIKE_MIN_VALUE_CONFIG, 500.0));
    overrides.putAll(Map.of(AppConfig.RISK_NEW_ACCOUNT_MIN_VALUE_CONFIG, 2_000.0,
        AppConfig.RISK_NEW_ACCOUNT_MAX_AGE_MS_CONFIG, Duration.ofHours(24).toMillis(),
        AppConfig.RISK_CANCELLATION_MIN_COUNT_CONFIG, 3, AppConfig.RISK_CANCELLATION_MIN_SHARE_CONFIG, 0.5,
        AppConfig.RISK_CANCELLATION_WINDOW_CONFIG, "30d"));
    for (int i = 0; i < keyValues.length; i += 2) {
      overrides.put((String) keyValues[i], keyValues[i + 1]);
    }
    harness = new RiskHarness(WALL_CLOCK, overrides);
    return harness;
  }

  @AfterEach
  void close() {
    if (harness != null) {
      harness.close();
    }
  }

  private void smallOrder(String id, String user, Instant at) {
    harness.order(placed(id, user, at, line("p-" + id, 1, "10.00")));
  }

  private static RiskEvidence evidence(RiskFlag flag, String metric) {
    return flag.getEvidence().stream().filter(e -> e.getMetric().equals(metric)).findFirst().orElseThrow();
  }

  // ---- velocity ----

  @Test
  void shouldFlagVelocityOnTheFourthOrderWithinTenMinutes() {
    harness();
    // Given three small orders in the first 6 minutes
    smallOrder("o1", "u", T0);
    smallOrder("o2", "u", T0.plus(MIN.multipliedBy(3)));
    smallOrder("o3", "u", T0.plus(MIN.multipliedBy(6)));
    assertThat(harness.flags()).isEmpty();
    // When a fourth lands in the 10th minute
    smallOrder("o4", "u", T0.plus(Duration.ofSeconds(9 * 60 + 59)));
    // Then one LOW velocity flag names it and the count that crossed
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).hasSize(1);
    RiskFlag flag = flags.get(0);
    assertThat(flag.getRuleId()).isEqualTo("velocity");
    assertThat(flag.getSeverity()).isEqualTo(RiskSeverity.LOW);
    assertThat(flag.getUserId()).isEqualTo("u");
    assertThat(flag.getTriggeringEventId()).isEqualTo("o4");
    assertThat(flag.getTriggeringEventTime()).isEqualTo(T0.plus(Duration.ofSeconds(599)));
    assertThat(flag.getFlagId()).isEqualTo("u:velocity:o4");
    assertThat(flag.getModelVersion()).isNull();
    assertThat(flag.getAppVersion()).isNotBlank();
    assertThat(evidence(flag, "orders_10m").getValue()).isEqualTo(4.0);
    assertThat(evidence(flag, "orders_10m").getThreshold()).isEqualTo(4.0);
    assertThat(evidence(flag, "orders_10m").getCrossed()).isTrue();
    assertThat(evidence(flag, "orders_1h").getCrossed()).isFalse();
  }

  @Test
  void shouldNotCountAnOrderWithoutAPayingLineTowardsVelocity() {
    harness();
    // Given three small orders in the first 6 minutes
    smallOrder("o1", "u", T0);
    smallOrder("o2", "u", T0.plus(MIN.multipliedBy(3)));
    smallOrder("o3", "u", T0.plus(MIN.multipliedBy(6)));
    // When a fourth order, of free items only, lands in the 9th minute
    harness.order(placed("o4", "u", T0.plus(MIN.multipliedBy(9)), line("gift", 1, "0.00")));
    // Then it is not an order: three orders in 10 minutes, no flag
    assertThat(harness.flags()).isEmpty();
  }

  @Test
  void shouldStampAFlagWhenItIsRaisedNotWithTheEventsTime() {
    harness();
    // Given four small orders within ten minutes, 60 days before the wall clock (a replayed history)
    for (int i = 0; i < 4; i++) {
      smallOrder("o" + i, "u", T0.plus(MIN.multipliedBy(2L * i)));
    }

    // When the flag is read
    var flag = harness.flags.readRecord();

    // Then its record is stamped now, so the topic's retention counts from when it was raised
    assertThat(flag.value().getTriggeringEventTime()).isEqualTo(T0.plus(MIN.multipliedBy(6)));
    assertThat(flag.timestamp()).isEqualTo(WALL_CLOCK.toEpochMilli());
  }

  @Test
  void shouldNotFlagVelocityWhenTheFirstOrderHasLeftTheTenMinuteWindow() {
    harness();
    // Given orders in minutes 0, 3 and 6; When the fourth lands in minute 10 (the window is minutes 1..10)
    smallOrder("o1", "u", T0);
    smallOrder("o2", "u", T0.plus(MIN.multipliedBy(3)));
    smallOrder("o3", "u", T0.plus(MIN.multipliedBy(6)));
    smallOrder("o4", "u", T0.plus(MIN.multipliedBy(10)));
    // Then only three orders are in 10 minutes: no flag
    assertThat(harness.flags()).isEmpty();
  }

  @Test
  void shouldFlagVelocityPerHourOnlyWhenAllEightOrdersFallInTheHour() {
    harness();
    // Given eight orders 8.5 minutes apart (the 8th in minute 59: all in the hour)
    for (int i = 0; i < 8; i++) {
      smallOrder("a" + i, "in-hour", T0.plus(Duration.ofSeconds(i * 510L)));
    }
    // and eight orders 9 minutes apart (the 8th in minute 63: the first has left the hour)
    for (int i = 0; i < 8; i++) {
      smallOrder("b" + i, "over-hour", T0.plus(MIN.multipliedBy(i * 9L)));
    }
    // Then only the first user is flagged, on the eighth order, for orders_1h
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getUserId).containsExactly("in-hour");
    assertThat(flags.get(0).getTriggeringEventId()).isEqualTo("a7");
    assertThat(evidence(flags.get(0), "orders_1h").getValue()).isEqualTo(8.0);
    assertThat(evidence(flags.get(0), "orders_10m").getCrossed()).isFalse();
  }

  @Test
  void shouldFlagCartAdditionsAtTheThresholdButNotBelow() {
    harness();
    // Given one user adding 5 products within 4 minutes and another adding 4
    for (int i = 0; i < 5; i++) {
      harness.cart(cartAdd("c" + i, "carter", T0.plus(MIN.multipliedBy(i)), "p" + i, 1, "3.00"));
    }
    for (int i = 0; i < 4; i++) {
      harness.cart(cartAdd("d" + i, "browser", T0.plus(MIN.multipliedBy(i)), "p" + i, 1, "3.00"));
    }
    // Then only the first is flagged, on the fifth addition
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("c4");
    assertThat(evidence(flags.get(0), "cart_adds_10m").getValue()).isEqualTo(5.0);
  }

  @Test
  void shouldNotFlagTheSameConditionAgainWithinTheCooldownButAgainAfterIt() {
    harness();
    // Given a first burst of 4 orders flagged at T0 + 9 min
    for (int i = 0; i < 4; i++) {
      smallOrder("a" + i, "u", T0.plus(MIN.multipliedBy(i * 3L)));
    }
    assertThat(harness.flags()).hasSize(1);
    // When a fifth order adds to the burst and a second burst comes 23 hours later (same severity, in the cooldown)
    smallOrder("a4", "u", T0.plus(MIN.multipliedBy(9)).plusSeconds(30));
    for (int i = 0; i < 4; i++) {
      smallOrder("b" + i, "u", T0.plus(Duration.ofHours(23)).plus(MIN.multipliedBy(i)));
    }
    // Then nothing new is flagged
    assertThat(harness.flags()).isEmpty();
    // When a third burst ends just after the cooldown (24 h after the first flag)
    Instant third = T0.plus(MIN.multipliedBy(9)).plus(Duration.ofHours(24)).minus(MIN.multipliedBy(3));
    for (int i = 0; i < 4; i++) {
      smallOrder("c" + i, "u", third.plus(MIN.multipliedBy(i)));
    }
    // Then it is flagged again, on the order at or past the cooldown's end
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("c3");
  }

  @Test
  void shouldFlagAgainWithinTheCooldownWhenTheSeverityRises() {
    harness();
    // Given 16 orders in 8 minutes: 4 is the threshold (LOW), 8 twice it (MEDIUM), 16 four times (HIGH)
    for (int i = 0; i < 16; i++) {
      smallOrder("o" + i, "u", T0.plus(Duration.ofSeconds(i * 30L)));
    }
    // Then exactly three flags, one per severity step, on the 4th, 8th and 16th order
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getSeverity)
        .containsExactly(RiskSeverity.LOW, RiskSeverity.MEDIUM, RiskSeverity.HIGH);
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("o3", "o7", "o15");
  }

  @Test
  void shouldNotEvaluateARedeliveredEventTwice() {
    harness();
    // Given 5 orders of which the last is delivered twice
    for (int i = 0; i < 5; i++) {
      smallOrder("o" + i, "u", T0.plus(Duration.ofDays(i)));
    }
    smallOrder("o4", "u", T0.plus(Duration.ofDays(4)));
    // Then the spend history holds 5 orders, not 6
    assertThat(harness.riskState("u").getOrderValuesE4()).hasSize(5);
  }

  // ---- spend spike ----

  /** {@code orders} daily orders of each of {@code users}, interleaved in time (one watermark per task). */
  private void history(int orders, String value, String... users) {
    for (int i = 0; i < orders; i++) {
      for (String user : users) {
        harness.order(placed(user + "-h" + i, user, T0.plus(Duration.ofDays(i)), line("p", 1, value)));
      }
    }
  }

  @Test
  void shouldFlagAnOrderAtFiveTimesTheUsersP95ButNotJustBelow() {
    harness();
    // Given two users with five orders of 100.00 (p95 100.00, threshold 5 x 100 = 500.00)
    history(5, "100.00", "at", "below");
    // When one orders 500.00 and the other 499.99
    harness.order(placed("spike", "at", T0.plus(Duration.ofDays(10)), line("tv", 1, "500.00")));
    harness.order(placed("almost", "below", T0.plus(Duration.ofDays(10)), line("tv", 1, "499.99")));
    // Then only the 500.00 order is flagged, with the percentile as evidence
    assertThat(harness.riskState("below").getOrderValuesE4()).hasSize(6);
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("spike");
    RiskFlag flag = flags.get(0);
    assertThat(flag.getRuleId()).isEqualTo("spend-spike");
    assertThat(flag.getOrderValue()).isEqualByComparingTo("500.00");
    assertThat(flag.getCurrency()).isEqualTo("GBP");
    assertThat(evidence(flag, "p95_order_value").getValue()).isEqualTo(100.0);
    assertThat(evidence(flag, "order_value_vs_p95").getThreshold()).isEqualTo(500.0);
  }

  @Test
  void shouldFlagASecondSpikingOrderWithinTheCooldown() {
    harness();
    // Given 20 daily orders of 100.00 (p95 100.00, threshold 500.00; with 20 orders one outlier leaves the p95)
    history(20, "100.00", "u");
    // When an order of 600.00 is placed, and one of 900.00 three hours later (both LOW, within the cooldown)
    Instant first = T0.plus(Duration.ofDays(25));
    harness.order(placed("cash-out-1", "u", first, line("tv", 1, "600.00")));
    harness.order(placed("cash-out-2", "u", first.plus(Duration.ofHours(3)), line("tv", 1, "900.00")));
    // Then each order is flagged: the fraud service acts per order, so the second cash-out must not be held back
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getRuleId).containsOnly("spend-spike");
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("cash-out-1", "cash-out-2");
    assertThat(flags.get(1).getOrderValue()).isEqualByComparingTo("900.00");
  }

  @Test
  void shouldNotCountOrdersOfZeroValueAsSpendHistory() {
    harness();
    // Given five earlier orders of 0.00 (free items pass validation, but an order without a paying line is no order)
    history(5, "0.00", "u");
    // When an order of 600.00 follows
    harness.order(placed("big", "u", T0.plus(Duration.ofDays(10)), line("tv", 1, "600.00")));
    // Then it has no history to be a spike against (it was an infinite ratio to a p95 of 0.00), and only it is kept
    assertThat(harness.flags()).extracting(RiskFlag::getRuleId).doesNotContain("spend-spike");
    assertThat(harness.riskState("u").getOrderValuesE4()).containsExactly(6_000_000L);
  }

  @Test
  void shouldNotJudgeASpikeBeforeTheMinimumHistoryNorBelowTheValueFloor() {
    harness();
    // Given a user with only 4 earlier orders, and one with 5 orders of 10.00 (5 x p95 = 50, floor 500)
    for (int i = 0; i < 5; i++) {
      if (i < 4) {
        harness.order(placed("young-h" + i, "young", T0.plus(Duration.ofDays(i)), line("p", 1, "100.00")));
      }
      harness.order(placed("small-h" + i, "small", T0.plus(Duration.ofDays(i)), line("p", 1, "10.00")));
    }
    // When they order 5,000.00 and 499.00
    harness.order(placed("big", "young", T0.plus(Duration.ofDays(10)), line("tv", 1, "5000.00")));
    harness.order(placed("mid", "small", T0.plus(Duration.ofDays(10)), line("tv", 1, "499.00")));
    // Then neither is a spend spike (and all their orders were aggregated)
    assertThat(harness.flags()).extracting(RiskFlag::getRuleId).doesNotContain("spend-spike");
    assertThat(harness.riskState("young").getOrderValuesE4()).hasSize(5);
    assertThat(harness.riskState("small").getOrderValuesE4()).hasSize(6);
  }

  // ---- active flags (GET /v1/users/{id}) and the wall clock ----

  /** The user's active flags at {@code asOf}, as the HTTP API shows them. */
  private List<RiskFlag> active(String user, Instant asOf) {
    return RiskFlags.active(harness.riskState(user), asOf, COOLDOWN);
  }

  private void advanceWallClock(Duration by) {
    harness.driver.advanceWallClockTime(by);
    wallClock = wallClock.plus(by);
  }

  @Test
  void shouldShowEverySpendSpikeOfTheCooldownSoASmallerLaterOneDoesNotHideTheCashOut() {
    harness();
    // Given 20 daily orders of 100.00 (threshold 500.00), then orders of 5,000.00 and of 600.00 an hour apart
    history(20, "100.00", "u");
    Instant asOf = T0.plus(Duration.ofDays(25));
    harness.order(placed("big", "u", asOf.minus(Duration.ofHours(5)), line("tv", 1, "5000.00")));
    harness.order(placed("small", "u", asOf.minus(Duration.ofHours(4)), line("tv", 1, "600.00")));
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId, RiskFlag::getSeverity)
        .containsExactly(Tuple.tuple("big", RiskSeverity.HIGH), Tuple.tuple("small", RiskSeverity.LOW));

    // When the active flags are read an hour after the second
    List<RiskFlag> active = active("u", asOf);

    // Then both show, newest first: each names its own order, and the HIGH cash-out is not hidden by the LOW one
    assertThat(active).extracting(RiskFlag::getTriggeringEventId).containsExactly("small", "big");
  }

  @Test
  void shouldShowTheMostSevereActiveFlagOfARuleThoughAMilderOneHasALaterTime() {
    harness();
    // Given four orders at 08:00-08:03 (velocity LOW on n3), then 16 late orders at 07:00-07:03:45 (within the
    // grace), which raise velocity to MEDIUM on l7 and HIGH on l15 in the cooldown of n3's flag
    Instant eight = Instant.parse("2026-01-06T08:00:00Z");
    for (int i = 0; i < 4; i++) {
      smallOrder("n" + i, "u", eight.plus(MIN.multipliedBy(i)));
    }
    for (int i = 0; i < 16; i++) {
      smallOrder("l" + i, "u", eight.minus(Duration.ofHours(1)).plusSeconds(15L * i));
    }
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId, RiskFlag::getSeverity).containsExactly(
        Tuple.tuple("n3", RiskSeverity.LOW), Tuple.tuple("l7", RiskSeverity.MEDIUM), Tuple.tuple("l15", RiskSeverity.HIGH));

    // When the active flags are read at 09:00
    List<RiskFlag> active = active("u", eight.plus(Duration.ofHours(1)));

    // Then velocity shows its HIGH flag, not the LOW one with the latest event time
    assertThat(active).extracting(RiskFlag::getTriggeringEventId).containsExactly("l15");
  }

  @Test
  void shouldShowAFutureStampedFlagAndRunItsCooldownFromWhenItWasProduced() {
    harness();
    // Given four orders stamped 20 h ahead of the wall clock (validation accepts up to 24 h), on records stamped
    // the same (read now, so produced_at is now): velocity LOW on f3
    Instant ahead = WALL_CLOCK.plus(Duration.ofHours(20));
    for (int i = 0; i < 4; i++) {
      smallOrder("f" + i, "u", ahead.plus(MIN.multipliedBy(i)));
    }
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("f3");

    // When the active flags are read now
    // Then the flag shows: it counts from when it was produced, not from its stamp
    assertThat(active("u", WALL_CLOCK)).extracting(RiskFlag::getTriggeringEventId).containsExactly("f3");

    // When 25 h later on the wall clock a burst of the same severity comes, stamped on time
    advanceWallClock(Duration.ofHours(25));
    for (int i = 0; i < 4; i++) {
      smallOrder("b" + i, "u", wallClock.minus(MIN.multipliedBy(4L - i)));
    }

    // Then it is flagged: the cooldown ran 24 h from when f3's trigger was produced, not from its stamp (to 44 h)
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("b3");
  }

  /**
   * Velocity flags of a user with 10 days of history, a burst of 5 orders stamped 20 h ahead, produced at
   * WALL_CLOCK and read {@code lag} later, then a burst stamped and produced 24 h 30 min after WALL_CLOCK.
   */
  private List<String> burstsStampedAheadReadAfter(Duration lag) {
    harness(AppConfig.RISK_VELOCITY_ORDERS_10M_CONFIG, 5);
    wallClock = WALL_CLOCK;
    history(10, "10.00", "u");
    harness.flags();
    advanceWallClock(lag);
    Instant ahead = WALL_CLOCK.plus(Duration.ofHours(20));
    for (int i = 0; i < 5; i++) {
      harness.order(placed("a" + i, "u", ahead.plus(MIN.multipliedBy(i)), line("p", 1, "10.00")), WALL_CLOCK);
    }
    Instant second = WALL_CLOCK.plus(Duration.ofHours(24)).plus(Duration.ofMinutes(30));
    advanceWallClock(Duration.between(wallClock, second));
    for (int i = 0; i < 5; i++) {
      smallOrder("b" + i, "u", second.plus(MIN.multipliedBy(i)));
    }
    List<String> flagged = harness.flags().stream().map(RiskFlag::getTriggeringEventId).toList();
    harness.close();
    harness = null;
    return flagged;
  }

  @Test
  void shouldRaiseTheSameFlagsWhateverTheWallClockWhenTheEventsAreProcessed() {
    // Given the same events (bursts stamped 20 h and 24 h 30 min ahead of when the first was produced)
    // When they are processed on arrival, and again with the first burst read 5 h late (lag, outage, reset)
    List<String> onArrival = burstsStampedAheadReadAfter(Duration.ZERO);
    List<String> late = burstsStampedAheadReadAfter(Duration.ofHours(5));

    // Then both raise both flags: the first burst's cooldown runs from when it was produced (its record's
    // timestamp, in the log), not from when it was read, and ends before the second burst
    assertThat(onArrival).containsExactly("a4", "b4");
    assertThat(late).containsExactly("a4", "b4");
  }

  @Test
  void shouldShowARulesFlagWhileItsCooldownRunsNotUntilTheFlagsOwnStamp() {
    harness();
    // Given 8 orders stamped 20 h ahead of the wall clock W (velocity LOW on f3, MEDIUM on f7)
    Instant ahead = WALL_CLOCK.plus(Duration.ofHours(20));
    for (int i = 0; i < 8; i++) {
      smallOrder("f" + i, "u", ahead.plus(MIN.multipliedBy(i)));
    }
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("f3", "f7");

    // When they are read 2 h later as of W + 1 h
    advanceWallClock(Duration.ofHours(2));
    // Then f7 shows: it was raised at W (its cooldown runs from W), though stamped W + 20 h
    assertThat(active("u", WALL_CLOCK.plus(Duration.ofHours(1)))).extracting(RiskFlag::getTriggeringEventId)
        .containsExactly("f7");

    // When at W + 25 h a burst of 4 orders comes, stamped on time (f7's cooldown ran from W to W + 24 h)
    advanceWallClock(Duration.ofHours(23));
    for (int i = 0; i < 4; i++) {
      smallOrder("b" + i, "u", wallClock.minus(MIN.multipliedBy(4L - i)));
    }
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId, RiskFlag::getSeverity)
        .containsExactly(Tuple.tuple("b3", RiskSeverity.LOW));

    // Then the active flags show b3, the flag whose cooldown now runs, not f7 (stamped W + 20 h, cooled at W + 24 h)
    assertThat(active("u", wallClock)).extracting(RiskFlag::getTriggeringEventId).containsExactly("b3");
  }

  // ---- new account, high value ----

  @Test
  void shouldFlagALargeFirstOrderWithinADayOfFirstBeingSeen() {
    harness();
    // Given three users first seen at T0
    for (String u : List.of("fresh", "cheap", "old")) {
      harness.click(view(u + "-v", u, T0, "p", "5.00"));
    }
    // When they place first orders of 2,000.00 after 23:59, 1,999.99 after 1 h, and 8,000.00 after 24:01
    harness.order(placed("f1", "fresh", T0.plus(Duration.ofHours(24)).minus(MIN), line("gold", 1, "2000.00")));
    harness.order(placed("c1", "cheap", T0.plus(Duration.ofHours(1)), line("gold", 1, "1999.99")));
    harness.order(placed("o1", "old", T0.plus(Duration.ofHours(24)).plus(MIN), line("gold", 4, "2000.00")));
    // Then only the first is flagged (LOW: at the threshold)
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("f1");
    assertThat(flags.get(0).getRuleId()).isEqualTo("new-account-high-value");
    assertThat(flags.get(0).getSeverity()).isEqualTo(RiskSeverity.LOW);
    assertThat(evidence(flags.get(0), "account_age_hours").getValue()).isEqualTo(23.0 + 59.0 / 60.0);
  }

  @Test
  void shouldFlagALargeFirstOrderThatArrivesAfterALaterSmallOne() {
    harness();
    // Given a small order at T0 + 30 min, processed first
    harness.order(placed("later", "u", T0.plus(MIN.multipliedBy(30)), line("pen", 1, "100.00")));
    assertThat(harness.flags()).isEmpty();

    // When the user's first order, 5,000.00 at T0, arrives late (within the grace period)
    harness.order(placed("first", "u", T0, line("gold", 1, "5000.00")));

    // Then it is flagged as the new account's first order, though the state now holds two orders
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("first");
    assertThat(flags.get(0).getRuleId()).isEqualTo("new-account-high-value");
  }

  @Test
  void shouldFlagOnlyTheFirstOrderAndRateItBySize() {
    harness();
    // Given a user whose first order is 8,000.00 (4x the threshold) and whose second, an hour later, 9,000.00
    harness.order(placed("o1", "u", T0, line("gold", 4, "2000.00")));
    harness.order(placed("o2", "u", T0.plus(Duration.ofHours(1)), line("gold", 1, "9000.00")));
    // Then only the first order is a new-account flag, HIGH
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("o1");
    assertThat(flags.get(0).getSeverity()).isEqualTo(RiskSeverity.HIGH);
  }

  // ---- cancellation abuse ----

  @Test
  void shouldFlagTheThirdCancellationWhenMostOfTheSpendIsReversed() {
    harness();
    // Given 100.00 placed and two cancellations of 20.00
    harness.order(placed("p", "u", T0, line("a", 1, "100.00")));
    harness.order(order("c1", "u", T0.plus(Duration.ofDays(1)), OrderStatus.CANCELLED, line("a", 1, "20.00")));
    harness.order(order("c2", "u", T0.plus(Duration.ofDays(2)), OrderStatus.REFUNDED, line("a", 1, "20.00")));
    // Then two reversals are never a flag
    assertThat(harness.flags()).isEmpty();
    // When a third reverses another 20.00 (60 % of the spend)
    harness.order(order("c3", "u", T0.plus(Duration.ofDays(3)), OrderStatus.CANCELLED, line("a", 1, "20.00")));
    // Then it is flagged with the count and share
    List<RiskFlag> flags = harness.flags();
    assertThat(flags).extracting(RiskFlag::getRuleId).containsExactly("cancellation-abuse");
    assertThat(evidence(flags.get(0), "reversals_30d").getValue()).isEqualTo(3.0);
    assertThat(evidence(flags.get(0), "reversed_share_30d").getValue()).isEqualTo(0.6);
    assertThat(evidence(flags.get(0), "placed_value_90d").getValue()).isEqualTo(100.0);
    assertThat(flags.get(0).getSummary()).contains("reversing 60% of 100.00 placed in 90d");
  }

  @Test
  void shouldCompareRefundsOfOrdersPlacedBeforeTheWindowWithWhatWasPlaced() {
    harness();
    // Given 10 orders of 1,000.00 placed on day 0 (hourly)
    for (int i = 0; i < 10; i++) {
      harness.order(placed("p" + i, "u", T0.plus(Duration.ofHours(i)), line("a", 1, "1000.00")));
    }
    // When 4 of them are partly refunded, 20.00 each, 35 days later (nothing placed in the 30-day window)
    for (int i = 0; i < 4; i++) {
      harness.order(order("r" + i, "u", T0.plus(Duration.ofDays(35)).plus(Duration.ofHours(i)), OrderStatus.REFUNDED,
          line("a", 1, "20.00")));
    }
    // Then 80.00 of 10,000.00 placed in 90 days is no abuse (over the 30-day window it read as 100 % of 0.00)
    assertThat(harness.flags()).isEmpty();
  }

  @Test
  void shouldFlagACustomerWhoReversesEverythingRecentAndAnOlderOrderWhateverTheirLifetimeSpend() {
    harness();
    // Given a long-standing customer: 20,000.00 placed 300 days back, 100.00 95 days back, 2 x 500.00 recently
    Instant r = T0.plus(Duration.ofDays(10));
    harness.order(placed("old", "u", r.minus(Duration.ofDays(300)), line("a", 1, "20000.00")));
    harness.order(placed("p100", "u", r.minus(Duration.ofDays(95)), line("a", 1, "100.00")));
    harness.order(placed("p1", "u", r.minus(Duration.ofDays(10)), line("a", 1, "500.00")));
    harness.order(placed("p2", "u", r.minus(Duration.ofDays(9)), line("a", 1, "500.00")));
    // When both recent orders and the 100.00 one are refunded
    harness.order(order("r1", "u", r.minus(Duration.ofDays(2)), OrderStatus.REFUNDED, line("a", 1, "500.00")));
    harness.order(order("r2", "u", r.minus(Duration.ofDays(1)), OrderStatus.REFUNDED, line("a", 1, "500.00")));
    harness.order(order("r3", "u", r, OrderStatus.REFUNDED, line("a", 1, "100.00")));
    // Then the third reversal is flagged against the 90 days (capped at 100 %): the lifetime's 21,100.00 would
    // have diluted it to 5 % (a lifetime fallback, tried and rejected, let exactly this customer through)
    List<RiskFlag> flags = harness.flags().stream().filter(f -> f.getRuleId().equals("cancellation-abuse")).toList();
    assertThat(flags).extracting(RiskFlag::getTriggeringEventId).containsExactly("r3");
    assertThat(evidence(flags.get(0), "reversed_share_30d").getValue()).isEqualTo(1.0);
  }

  @Test
  void shouldNeverFlagReversalsWhenNothingWasPlacedInNinetyDays() {
    harness();
    // Given a user whose orders were placed before the history began (a first deployment without a backfill)
    // When four refunds arrive within a week
    for (int i = 0; i < 4; i++) {
      harness.order(order("r" + i, "u", T0.plus(Duration.ofDays(i)), OrderStatus.REFUNDED, line("a", 1, "20.00")));
    }
    // Then nothing is flagged: there is no placed value to compare the reversals with
    assertThat(harness.flags()).isEmpty();
  }

  @Test
  void shouldNotFlagCancellationsThatReverseLittleOfTheSpend() {
    harness();
    // Given 1,000.00 placed and three cancellations of 20.00 (6 %)
    harness.order(placed("p", "u", T0, line("a", 10, "100.00")));
    for (int i = 1; i <= 3; i++) {
      harness.order(order("c" + i, "u", T0.plus(Duration.ofDays(i)), OrderStatus.CANCELLED, line("a", 1, "20.00")));
    }
    assertThat(harness.flags()).isEmpty();
  }

  @Test
  void shouldCountCancellationsOnlyWithinTheWindow() {
    harness();
    // Given two users each with an order of 50.00 and two cancellations on day 0
    for (String u : List.of("inside", "outside")) {
      harness.order(placed(u + "-p", u, T0, line("a", 1, "50.00")));
      harness.order(order(u + "-c1", u, T0, OrderStatus.CANCELLED, line("a", 1, "20.00")));
      harness.order(order(u + "-c2", u, T0.plus(Duration.ofHours(1)), OrderStatus.CANCELLED, line("a", 1, "20.00")));
    }
    // When the third comes on day 29 (the 30-day window is that day and the 29 before) or on day 30
    harness.order(order("inside-c3", "inside", T0.plus(Duration.ofDays(29)), OrderStatus.CANCELLED, line("a", 1, "20.00")));
    harness.order(order("outside-c3", "outside", T0.plus(Duration.ofDays(30)), OrderStatus.CANCELLED, line("a", 1, "20.00")));
    // Then only the first counts three
    assertThat(harness.flags()).extracting(RiskFlag::getTriggeringEventId).containsExactly("inside-c3");
  }
}
