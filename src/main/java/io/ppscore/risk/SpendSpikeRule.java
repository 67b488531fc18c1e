package io.ppscore.risk;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.output.avro.UserScore;
import io.ppscore.state.Buckets;
import io.ppscore.state.Money;
import io.ppscore.state.Window;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Spend spike: a placed order far above the user's own history, or far above what the model predicts
 * they spend in 90 days. Two independent tests, each with a floor of {@code risk.spend.spike.min.value} and each only once the user
 * has {@code risk.spend.spike.min.history} earlier orders:
 * <ul>
 *   <li>value &ge; factor x the 95th percentile (nearest rank) of the user's earlier order values, once
 *       they have {@code risk.spend.spike.min.history} of them;</li>
 *   <li>value &ge; factor x the predicted 90-day spend of the user's latest score (only with a model).</li>
 * </ul>
 * The excess is the larger value / threshold ratio. Every order that spikes is flagged: the rule has no
 * cooldown ({@link RiskRuleId#SPEND_SPIKE}).
 *
 * <p>Rationale: a taken-over account or a stolen card is cashed out in one order far larger than the
 * owner's habit; the percentile ignores the owner's one-off large orders, the floor ignores small ones. Without a history the model's prediction is its prior for a newcomer, low by
 * design, so a newcomer's first large order would always cross it; first orders are the new-account rule's
 * job. And the score must have been computed within {@code risk.spend.spike.score.max.age.ms} of the order:
 * scores are computed as of the wall clock, so in a replay of history a score says nothing about an old
 * order. (Measured: in the demo replay, without these two conditions the predicted-spend test flagged 106
 * orders, then 39 with the history condition alone.)
 */
final class SpendSpikeRule implements EventRule {

  private final RiskSettings settings;

  SpendSpikeRule(RiskSettings settings) {
    this.settings = settings;
  }

  @Override
  public RiskRuleId id() {
    return RiskRuleId.SPEND_SPIKE;
  }

  @Override
  public Set<Window> windows() {
    return Set.of();
  }

  @Override
  public Optional<RiskCandidate> evaluate(RiskInput input) {
    Optional<OrderEvent> order = input.order(OrderStatus.PLACED);
    if (order.isEmpty()) {
      return Optional.empty();
    }
    double value = Money.fromE4(Buckets.grossValueE4(order.get()));
    if (value < settings.spikeMinValue()) {
      return Optional.empty();
    }
    var evidence = new RiskCandidate.Evidence();
    List<String> reasons = new ArrayList<>();
    double excess = 0.0;
    List<Long> history = input.earlierOrderValuesE4();
    if (history.size() >= settings.spikeMinHistory()) {
      double p95 = Money.fromE4(p95(history));
      double threshold = Math.max(settings.spikeP95Factor() * p95, settings.spikeMinValue());
      evidence.compared("order_value_vs_p95", value, threshold).context("p95_order_value", p95)
          .context("earlier_orders", history.size());
      if (value >= threshold) {
        excess = value / threshold;
        reasons.add(p95 > 0.0
            ? String.format(Locale.ROOT, "%.1fx their 95th-percentile order of %.2f over %d orders",
                value / p95, p95, history.size())
            // an earlier build kept zero-value orders in the history: a ratio to 0 would read "Infinityx"
            : String.format(Locale.ROOT, "at or above the %.2f minimum; their 95th-percentile order over %d orders is 0.00",
                threshold, history.size()));
      }
    }
    Optional<UserScore> score = input.score().filter(s -> isCurrent(s, input));
    if (history.size() >= settings.spikeMinHistory() && score.isPresent()
        && score.get().getPredictedSpend90d().signum() > 0) {
      double predicted = score.get().getPredictedSpend90d().doubleValue();
      double threshold = Math.max(settings.spikePredictedFactor() * predicted, settings.spikeMinValue());
      evidence.compared("order_value_vs_predicted_90d", value, threshold).context("predicted_spend_90d", predicted);
      if (value >= threshold) {
        excess = Math.max(excess, value / threshold);
        reasons.add(String.format(Locale.ROOT, "%.1fx their predicted 90-day spend of %.2f", value / predicted, predicted));
      }
    }
    if (reasons.isEmpty()) {
      return Optional.empty();
    }
    String summary = String.format(Locale.ROOT, "Order %s of %.2f is %s", order.get().getOrderId(), value,
        String.join(" and ", reasons));
    return Optional.of(new RiskCandidate(id(), excess, summary, evidence.list()));
  }

  /** Whether {@code score} was computed within the configured age of the event (either side). */
  private boolean isCurrent(UserScore score, RiskInput input) {
    long apart = Math.abs(score.getComputedAt().toEpochMilli() - input.eventTime().toEpochMilli());
    return apart <= settings.spikeScoreMaxAge().toMillis();
  }

  /** The 95th percentile by nearest rank: the smallest value with at least 95 % of the values at or below it. */
  static long p95(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int rank = (int) Math.ceil(0.95 * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
