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
 * refunded value in that window over the value placed in the last 90 days, capped at 1) of at least
 * {@code risk.cancellation.min.share}; never when nothing was placed in the 90 days. The minimum count
 * means one cancellation is never a flag. The excess is count / minimum count: with the share high, each
 * further reversal makes it worse.
 *
 * <p>Why 90 days of placed value: a reversal reverses an earlier order, often one placed before the
 * cancellation window (a refund 35 days after the order); over the window alone such refunds met a base
 * of 0 and read as 100 % reversed. The 90-day window covers the orders a reversal in the last 30 days can
 * plausibly reverse (return and claim periods are weeks, not months) and is at least as long as any
 * cancellation window; the lifetime would dilute a long-standing customer's recent abuse with years of
 * honest orders. Reversals of orders older than 90 days (or placed before the history began: backfill it,
 * see the README) are compared with what was placed since, and not flagged when nothing was. So refunds of
 * old orders next to one small recent order read as up to 100 % reversed (a false positive the fraud
 * service can see in the evidence: reversed value above placed value). Falling back to the lifetime when
 * more was reversed than placed was tried and rejected: it made the rule non-monotone, a customer reversing
 * everything recent plus one older order escaped it by the dilution the 90 days avoid.
 *
 * <p>Limit: the state holds sums per time bucket, not orders, so a cancellation and a refund of the same
 * original order both count (twice the reversals, up to twice the value, capped at a share of 1).
 * De-duplicating by {@code original_order_id} would need per-order state; it is not done.
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

  /** The window placed value is compared over (see the class comment). */
  static final Window PLACED_BASE = Window.D90;

  @Override
  public Set<Window> windows() {
    // an EnumSet, not Set.of: risk.cancellation.window may be the 90 days itself
    return java.util.EnumSet.of(settings.cancellationWindow(), PLACED_BASE);
  }

  @Override
  public Optional<RiskCandidate> evaluate(RiskInput input) {
    if (input.order(OrderStatus.CANCELLED).isEmpty() && input.order(OrderStatus.REFUNDED).isEmpty()) {
      return Optional.empty();
    }
    ActivityBucket w = input.state().stats(settings.cancellationWindow()).bucket();
    ActivityBucket placed = input.state().stats(PLACED_BASE).bucket();
    long reversals = w.getCancellations() + w.getRefunds();
    long reversedE4 = w.getCancelledValueE4() + w.getRefundedValueE4();
    if (placed.getGrossSpendE4() <= 0 || reversals < settings.cancellationMinCount()) {
      return Optional.empty();
    }
    double share = Math.min(1.0, reversedE4 / (double) placed.getGrossSpendE4());
    if (share < settings.cancellationMinShare()) {
      return Optional.empty();
    }
    String window = settings.cancellationWindow().label();
    String base = PLACED_BASE.label();
    var evidence = new RiskCandidate.Evidence()
        .compared("reversals_" + window, reversals, settings.cancellationMinCount())
        .compared("reversed_share_" + window, share, settings.cancellationMinShare())
        .context("reversed_value_" + window, Money.fromE4(reversedE4))
        .context("placed_value_" + base, Money.fromE4(placed.getGrossSpendE4()))
        .context("placed_orders_" + base, placed.getOrders());
    String summary = String.format(Locale.ROOT, "%d cancellations or refunds in %s reversing %.0f%% of %.2f placed"
        + " in %s (thresholds %d and %.0f%%)", reversals, window, share * 100, Money.fromE4(placed.getGrossSpendE4()),
        base, settings.cancellationMinCount(), settings.cancellationMinShare() * 100);
    return Optional.of(new RiskCandidate(id(), reversals / (double) settings.cancellationMinCount(), summary,
        evidence.list()));
  }
}
