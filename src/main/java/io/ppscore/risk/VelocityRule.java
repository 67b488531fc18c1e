package io.ppscore.risk;

import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.state.Window;
import io.ppscore.state.avro.ActivityBucket;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Velocity: placed orders, or cart additions, per 10 minutes and per hour at or above their thresholds.
 * Evaluated on a placed order or a cart addition (the events that make the counts grow). The excess is
 * the largest count / threshold ratio, so a burst twice the threshold is MEDIUM with the default step.
 *
 * <p>Rationale: card testing, account takeover and scripted carting act in minutes at rates no shopper
 * reaches; the hourly thresholds catch the slower version of the same burst.
 */
final class VelocityRule implements EventRule {

  private final RiskSettings settings;

  VelocityRule(RiskSettings settings) {
    this.settings = settings;
  }

  @Override
  public RiskRuleId id() {
    return RiskRuleId.VELOCITY;
  }

  @Override
  public Set<Window> windows() {
    return Set.of(Window.H1);
  }

  @Override
  public Optional<RiskCandidate> evaluate(RiskInput input) {
    boolean grows = input.order(OrderStatus.PLACED).isPresent()
        || input.event() instanceof CartEvent cart && cart.getAction() == CartAction.ADD;
    if (!grows) {
      return Optional.empty();
    }
    ActivityBucket hour = input.state().stats(Window.H1).bucket();
    long orders10m = input.last10Minutes().getOrders();
    long carts10m = input.last10Minutes().getCartAdds();
    double excess = Math.max(
        Math.max(orders10m / (double) settings.orders10m(), hour.getOrders() / (double) settings.orders1h()),
        Math.max(carts10m / (double) settings.cartAdds10m(), hour.getCartAdds() / (double) settings.cartAdds1h()));
    if (excess < 1.0) {
      return Optional.empty();
    }
    var evidence = new RiskCandidate.Evidence()
        .compared("orders_10m", orders10m, settings.orders10m())
        .compared("orders_1h", hour.getOrders(), settings.orders1h())
        .compared("cart_adds_10m", carts10m, settings.cartAdds10m())
        .compared("cart_adds_1h", hour.getCartAdds(), settings.cartAdds1h());
    String summary = String.format(Locale.ROOT,
        "%d orders and %d cart additions in 10 minutes, %d orders and %d cart additions in the last hour"
            + " (thresholds %d, %d, %d, %d)", orders10m, carts10m, hour.getOrders(), hour.getCartAdds(),
        settings.orders10m(), settings.cartAdds10m(), settings.orders1h(), settings.cartAdds1h());
    return Optional.of(new RiskCandidate(id(), excess, summary, evidence.list()));
  }
}
