package io.ppscore.risk;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.output.avro.RiskFlag;
import io.ppscore.output.avro.RiskSeverity;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Buckets;
import io.ppscore.state.Money;
import io.ppscore.state.Window;
import io.ppscore.state.avro.RiskRuleMemory;
import io.ppscore.state.avro.RiskScorePoint;
import io.ppscore.state.avro.UserRiskState;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the rules for one user and applies the cooldown: the one place that decides what is flagged, used
 * by the streaming processors and by {@code risk-report} alike. Pure apart from the user's
 * {@link UserRiskState}, which it updates in place (the caller stores it).
 *
 * <p>Cooldown: a rule that fired for a user at event time T does not fire again for that user before
 * T + {@code risk.cooldown.ms} unless its severity is higher than the last flag's (a condition that
 * worsens is flagged again, and the cooldown restarts from it). T is capped at when the trigger was produced
 * ({@link #cooldownTime}): an event stamped ahead (validation lets it be up to {@code validation.max.future.ms})
 * must not push the cooldown into the future. The cap is a time stored with the trigger (an event's {@code produced_at}, a
 * score's {@code computed_at}), not the wall clock at evaluation, so an event rule's cooldown starts alike in an
 * exactly-once redo and in a lagging or reset application (limits: a record read with a timestamp ahead of the
 * clock or none, and a score's {@code computed_at}, the scoring run's time; see the README's risk section). Spend spike has no cooldown
 * ({@link RiskRuleId#coolsDown()}): each of its flags names one order, and a second cash-out within the
 * cooldown is exactly what a fraud service must see.
 */
public final class RiskEngine {

  /** Most earlier order values kept for the spend-spike percentile. */
  static final int MAX_ORDER_HISTORY = 100;
  /** Most recent flags kept per user for the HTTP API. */
  public static final int MAX_RECENT_FLAGS = 20;

  private final RiskSettings settings;
  private final String appVersion;
  private final List<EventRule> rules;
  private final ScoreCollapseRule scoreCollapse;

  public RiskEngine(RiskSettings settings, String appVersion) {
    this.settings = settings;
    this.appVersion = appVersion;
    this.rules = List.of(new VelocityRule(settings), new SpendSpikeRule(settings), new NewAccountHighValueRule(settings),
        new CancellationAbuseRule(settings));
    this.scoreCollapse = new ScoreCollapseRule(settings);
  }

  public RiskSettings settings() {
    return settings;
  }

  /** The windows of the user's state the rules read. */
  public Set<Window> windowsRead() {
    EnumSet<Window> windows = EnumSet.noneOf(Window.class);
    rules.forEach(rule -> windows.addAll(rule.windows()));
    return Collections.unmodifiableSet(windows);
  }

  /** What the rules know about a user never seen before. */
  public static UserRiskState emptyMemory() {
    return UserRiskState.newBuilder().setLastEventId(null).setRules(new ArrayList<>())
        .setOrderValuesE4(new ArrayList<>()).setScores(new ArrayList<>()).setRecentFlags(new ArrayList<>()).build();
  }

  /** True when {@code eventId} is the event the rules last evaluated for this user (a re-delivery). */
  public static boolean alreadyEvaluated(UserRiskState memory, String eventId) {
    return eventId.equals(memory.getLastEventId());
  }

  /**
   * Evaluates the event rules on {@code input}; returns the flags past their cooldown, oldest rule first,
   * and records them, the event id and a placed order's value in {@code memory}.
   *
   * @param producedAt when the event was produced, as stored with it ({@code UserEvent.produced_at}: the input
   *     record's timestamp, capped at when it was read); the cooldown's times are capped at it. Pass the event
   *     time when nothing else is known (a dataset), which is no cap
   */
  public List<RiskFlag> onEvent(RiskInput input, UserRiskState memory, Instant producedAt) {
    List<RiskFlag> flags = new ArrayList<>();
    String currency = input.state().profile().getCurrency();
    String modelVersion = input.score().map(UserScore::getModelVersion).orElse(null);
    BigDecimal orderValue = input.event() instanceof OrderEvent o ? Money.decimalOf(Buckets.grossValueE4(o)) : null;
    for (EventRule rule : rules) {
      rule.evaluate(input).flatMap(c -> admit(c, cooldownTime(input.eventTime(), producedAt), memory))
          .map(admitted -> flag(input.userId(), admitted, input.eventId(), input.eventTime(), orderValue,
              currency, modelVersion))
          .ifPresent(flags::add);
    }
    input.order(OrderStatus.PLACED).ifPresent(o -> append(memory.getOrderValuesE4(), Buckets.grossValueE4(o),
        MAX_ORDER_HISTORY));
    memory.setLastEventId(input.eventId());
    remember(memory, flags);
    return flags;
  }

  /**
   * Evaluates score collapse on a new {@code score} (against earlier scores of its model only); records the
   * score (and any flag) in {@code memory}, dropping the scores of other models ({@link ScoreMemory}).
   *
   * @param currency the user's currency when known (their profile's), else null, as on the event rules' flags: a
   *     score carries {@code currency.default} for a user without a priced event, which is not theirs
   * @param producedAt when the score was produced, as stored in it (its {@code computed_at}, the scoring run's
   *     time); the cooldown's times are capped at it, so a score of a future-stamped event does not start a
   *     cooldown in the future
   */
  public List<RiskFlag> onScore(UserScore score, String currency, UserRiskState memory, Instant producedAt) {
    Instant t = score.getTriggeringEventTime();
    List<RiskFlag> flags = new ArrayList<>();
    scoreCollapse.evaluate(score, ScoreMemory.ofModel(memory.getScores(), score.getModelVersion()))
        .flatMap(c -> admit(c, cooldownTime(t, producedAt), memory))
        .map(admitted -> flag(score.getUserId(), admitted, score.getTriggeringEventId(), t, null, currency,
            score.getModelVersion()))
        .ifPresent(flags::add);
    memory.setScores(ScoreMemory.remember(memory.getScores(), point(score), settings.scoreCollapseWindow()));
    remember(memory, flags);
    return flags;
  }

  /**
   * Records a refreshed {@code score} (the same state scored later, no event) without judging it: it replaces
   * the remembered scores, so a later drop is measured from the aged score. Judged, an idle user's ageing
   * would be a collapse; ignored, a returning user's first event would carry all of the ageing and be judged
   * against the pre-idle peak.
   */
  public void onRefresh(UserScore score, UserRiskState memory) {
    memory.setScores(ScoreMemory.replacedBy(point(score)));
  }

  private static RiskScorePoint point(UserScore score) {
    return new RiskScorePoint(score.getTriggeringEventTime(), score.getScore(), score.getModelVersion());
  }

  /**
   * The time a flag triggered at event time {@code eventTime} counts from for the cooldown (and for
   * {@link RiskFlags#active}, through {@code UserRiskState.rules}): the event time, but never after
   * {@code cap}, when the trigger was produced.
   */
  public static Instant cooldownTime(Instant eventTime, Instant cap) {
    return eventTime.isAfter(cap) ? cap : eventTime;
  }

  /** {@code t}: the trigger's {@link #cooldownTime}. */
  private Optional<Admitted> admit(RiskCandidate candidate, Instant t, UserRiskState memory) {
    RiskSeverity severity = settings.severityOf(candidate.excess());
    String ruleId = candidate.rule().id();
    RiskRuleMemory last = memory.getRules().stream().filter(r -> r.getRuleId().equals(ruleId)).findFirst().orElse(null);
    boolean cooled = last == null
        || t.toEpochMilli() - last.getLastFlagTime().toEpochMilli() >= settings.cooldown().toMillis();
    if (candidate.rule().coolsDown() && !cooled && severity.ordinal() <= last.getLastSeverity().ordinal()) {
      return Optional.empty();
    }
    if (last == null) {
      memory.getRules().add(new RiskRuleMemory(ruleId, t, severity));
    } else {
      // a late event (within grace) must not move the cooldown's start back in time
      if (t.isAfter(last.getLastFlagTime())) {
        last.setLastFlagTime(t);
      }
      last.setLastSeverity(severity);
    }
    return Optional.of(new Admitted(candidate, severity));
  }

  private RiskFlag flag(String userId, Admitted a, String eventId, Instant t, BigDecimal orderValue,
      String currency, String modelVersion) {
    return RiskFlag.newBuilder()
        .setFlagId(userId + ":" + a.candidate.rule().id() + ":" + eventId)
        .setUserId(userId)
        .setRuleId(a.candidate.rule().id())
        .setSeverity(a.severity)
        .setSummary(a.candidate.summary())
        .setEvidence(new ArrayList<>(a.candidate.evidence()))
        .setOrderValue(orderValue)
        .setCurrency(currency)
        .setTriggeringEventId(eventId)
        .setTriggeringEventTime(t)
        .setAppVersion(appVersion)
        .setModelVersion(modelVersion)
        .build();
  }

  /**
   * Appends {@code flags} to the recent flags, dropping the oldest beyond {@link #MAX_RECENT_FLAGS}, but never a
   * rule's last flag: {@link RiskFlags#active} shows it while {@code rules} says the rule is active, and a run of
   * another rule's flags (spend spikes have no cooldown) must not push it out.
   */
  private static void remember(UserRiskState memory, List<RiskFlag> flags) {
    List<RiskFlag> recent = memory.getRecentFlags();
    for (RiskFlag f : flags) {
      recent.add(f);
      while (recent.size() > MAX_RECENT_FLAGS) {
        recent.remove(oldestNotLastOfItsRule(recent));
      }
    }
  }

  /** Index of the oldest flag a later flag of the same rule follows; 0 if every flag is its rule's last. */
  private static int oldestNotLastOfItsRule(List<RiskFlag> recent) {
    for (int i = 0; i < recent.size(); i++) {
      String rule = recent.get(i).getRuleId();
      for (int j = i + 1; j < recent.size(); j++) {
        if (recent.get(j).getRuleId().equals(rule)) {
          return i;
        }
      }
    }
    return 0;
  }

  private static <T> void append(List<T> list, T value, int max) {
    list.add(value);
    while (list.size() > max) {
      list.remove(0);
    }
  }

  private record Admitted(RiskCandidate candidate, RiskSeverity severity) {
  }
}
