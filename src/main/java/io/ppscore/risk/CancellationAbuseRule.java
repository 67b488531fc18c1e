package io.ppscore.risk;

import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.Money;
import io.ppscore.state.Window;
import io.ppscore.state.avro.ActivityBucket;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Cancellation abuse: on a cancellation or refund, at least {@code risk.cancellation.min.count}
 * cancellations plus refunds in {@code risk.cancellation.window} and a reversed share (cancelled plus
 * refunded value over placed value in the window, capped at 1; 1 when nothing was placed in it) of at
 * least {@code risk.cancellation.min.share}. The minimum count means one cancellation is never a flag.
 * The excess is count / minimum count: with the share high, each further reversal makes it worse.
 *
 * <p>Rationale: refund abuse ("buy, use, return", "item not received" claims) shows as most of what was
 * bought coming back, repeatedly.
 */
final class CancellationAbuseRule implements EventRule {

  private final RiskSettings settings;

  CancellationAbuseRule(RiskSettings settings) {
    this.settings = settings;
  }

  @Override
  public RiskRuleId id() {
    return RiskRuleId.CANCELLATION_ABUSE;
  }

  @Override
  public Set<Window> windows() {
    return Set.of(settings.cancellationWindow());
  }

  @Override
  public Optional<RiskCandidate> evaluate(RiskInput input) {
    if (input.order(OrderStatus.CANCELLED).isEmpty() && input.order(OrderStatus.REFUNDED).isEmpty()) {
      return Optional.empty();
    }
    ActivityBucket w = input.state().stats(settings.cancellationWindow()).bucket();
    long reversals = w.getCancellations() + w.getRefunds();
    long reversedE4 = w.getCancelledValueE4() + w.getRefundedValueE4();
    double share = w.getGrossSpendE4() <= 0 ? 1.0 : Math.min(1.0, reversedE4 / (double) w.getGrossSpendE4());
    if (reversals < settings.cancellationMinCount() || share < settings.cancellationMinShare()) {
      return Optional.empty();
    }
    String window = settings.cancellationWindow().label();
    var evidence = new RiskCandidate.Evidence()
        .compared("reversals_" + window, reversals, settings.cancellationMinCount())
        .compared("reversed_share_" + window, share, settings.cancellationMinShare())
        .context("reversed_value_" + window, Money.fromE4(reversedE4))
        .context("placed_value_" + window, Money.fromE4(w.getGrossSpendE4()))
        .context("placed_orders_" + window, w.getOrders());
    String summary = String.format(Locale.ROOT, "%d cancellations or refunds in %s reversing %.0f%% of %.2f placed"
        + " (thresholds %d and %.0f%%)", reversals, window, share * 100, Money.fromE4(w.getGrossSpendE4()),
        settings.cancellationMinCount(), settings.cancellationMinShare() * 100);
    return Optional.of(new RiskCandidate(id(), reversals / (double) settings.cancellationMinCount(), summary,
        evidence.list()));
  }
}
