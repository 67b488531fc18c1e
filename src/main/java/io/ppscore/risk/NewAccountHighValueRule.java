package io.ppscore.risk;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.Buckets;
import io.ppscore.state.Money;
import io.ppscore.state.Window;
import io.ppscore.state.avro.ActivityBucket;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * New account, high value: the user's first placed order, within {@code risk.new.account.max.age.ms} of
 * their first event, worth at least {@code risk.new.account.min.value}. The excess is value / threshold.
 *
 * <p>Rationale: fraudsters open fresh accounts and cash out at once; a large first order from a customer
 * with no history has nothing to vouch for it. Later orders are the spend-spike rule's business.
 */
final class NewAccountHighValueRule implements EventRule {

  private final RiskSettings settings;

  NewAccountHighValueRule(RiskSettings settings) {
    this.settings = settings;
  }

  @Override
  public RiskRuleId id() {
    return RiskRuleId.NEW_ACCOUNT_HIGH_VALUE;
  }

  @Override
  public Set<Window> windows() {
    return Set.of(Window.LIFETIME);
  }

  @Override
  public Optional<RiskCandidate> evaluate(RiskInput input) {
    Optional<OrderEvent> order = input.order(OrderStatus.PLACED);
    ActivityBucket lifetime = input.state().stats(Window.LIFETIME).bucket();
    if (order.isEmpty() || !isFirstOrder(lifetime, input.eventTime())) {
      return Optional.empty();
    }
    Duration age = Duration.between(lifetime.getFirstSeen(), input.eventTime());
    double value = Money.fromE4(Buckets.grossValueE4(order.get()));
    if (age.compareTo(settings.newAccountMaxAge()) > 0 || value < settings.newAccountMinValue()) {
      return Optional.empty();
    }
    var evidence = new RiskCandidate.Evidence()
        .compared("first_order_value", value, settings.newAccountMinValue())
        .context("account_age_hours", age.toMillis() / 3_600_000.0)
        .context("account_max_age_hours", settings.newAccountMaxAge().toMillis() / 3_600_000.0);
    String summary = String.format(Locale.ROOT, "First order %s of %.2f placed %.1f hours after the account was first seen"
        + " (threshold %.2f within %.1f hours)", order.get().getOrderId(), value, age.toMillis() / 3_600_000.0,
        settings.newAccountMinValue(), settings.newAccountMaxAge().toMillis() / 3_600_000.0);
    return Optional.of(new RiskCandidate(id(), value / settings.newAccountMinValue(), summary, evidence.list()));
  }

  /**
   * Whether the placed order at {@code orderTime}, which the state already holds, is the user's first: the only
   * one, or one that arrived late (within the grace period) after later ones, so the earliest with a later
   * one beside it. A second order at the very same time as the first is not a first order.
   */
  static boolean isFirstOrder(ActivityBucket lifetime, java.time.Instant orderTime) {
    return lifetime.getOrders() == 1
        || orderTime.equals(lifetime.getFirstOrderTime()) && orderTime.isBefore(lifetime.getLastOrderTime());
  }
}
