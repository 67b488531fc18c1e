package io.ppscore.features;

import io.ppscore.state.Money;
import io.ppscore.state.UserState;
import io.ppscore.state.Window;
import io.ppscore.state.WindowStats;
import io.ppscore.state.avro.ActivityBucket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The numeric features of a user at the state's reference time, all derived from the windowed
 * aggregates. Users without clicks or carts (the Online Retail data) get zeros for browsing features;
 * users without orders get the sentinel {@link #NEVER} for times since an order. Trees split on these
 * values directly, so no scaling is applied.
 */
public final class NumericFeatures {

  /** Days reported for "time since" an event that never happened. */
  public static final double NEVER = 3650.0;
  private static final double MS_PER_DAY = Duration.ofDays(1).toMillis();

  private record Feature(String name, ToDoubleFunction<UserState> value) {
  }

  private static final List<Feature> FEATURES = define();

  private NumericFeatures() {
  }

  /** Feature names, in vector order. */
  public static List<String> names() {
    return FEATURES.stream().map(Feature::name).toList();
  }

  /** The features of {@code state}, in {@link #names()} order. */
  public static float[] of(UserState state) {
    float[] values = new float[FEATURES.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = (float) FEATURES.get(i).value().applyAsDouble(state);
    }
    return values;
  }

  private static List<Feature> define() {
    List<Feature> f = new ArrayList<>();
    f.add(new Feature("days_since_last_order", s -> daysSince(s, life(s).getLastOrderTime())));
    f.add(new Feature("days_since_first_order", s -> daysSince(s, life(s).getFirstOrderTime())));
    f.add(new Feature("days_since_first_seen", s -> daysSince(s, life(s).getFirstSeen())));
    for (Window w : List.of(Window.D7, Window.D30, Window.D90, Window.D365, Window.LIFETIME)) {
      f.add(new Feature("orders_" + w.label(), s -> s.stats(w).bucket().getOrders()));
      f.add(new Feature("gross_spend_" + w.label(), s -> Money.fromE4(s.stats(w).bucket().getGrossSpendE4())));
    }
    for (Window w : List.of(Window.NEXT30_LAST_YEAR, Window.NEXT90_LAST_YEAR)) {
      f.add(new Feature("orders_" + w.label(), s -> s.stats(w).bucket().getOrders()));
      f.add(new Feature("gross_spend_" + w.label(), s -> Money.fromE4(s.stats(w).bucket().getGrossSpendE4())));
    }
    for (Window w : List.of(Window.D90, Window.LIFETIME)) {
      f.add(new Feature("items_" + w.label(), s -> s.stats(w).bucket().getItemsBought()));
      f.add(new Feature("mean_order_value_" + w.label(), s -> s.stats(w).meanOrderValue()));
      f.add(new Feature("max_order_value_" + w.label(), s -> Money.fromE4(s.stats(w).bucket().getOrderValueMaxE4())));
      f.add(new Feature("distinct_products_" + w.label(), s -> s.stats(w).distinctOrderedProducts()));
      f.add(new Feature("cancellations_" + w.label(), s -> s.stats(w).bucket().getCancellations()));
      f.add(new Feature("cancelled_value_" + w.label(), s -> Money.fromE4(s.stats(w).bucket().getCancelledValueE4())));
    }
    f.add(new Feature("order_value_stddev_lifetime", s -> s.stats(Window.LIFETIME).orderValueStdDev()));
    f.add(new Feature("mean_days_between_orders", s -> s.stats(Window.LIFETIME).meanInterPurchaseDays().orElse(NEVER)));
    f.add(new Feature("spend_per_active_day", NumericFeatures::spendPerActiveDay));
    // how overdue the next order is against the user's own rhythm (a ratio depth-2 trees cannot form);
    // NEVER without a rhythm (fewer than two orders), like the other "time since" features without an event
    f.add(new Feature("overdue_ratio", s -> s.stats(Window.LIFETIME).meanInterPurchaseDays()
        .map(gap -> daysSince(s, life(s).getLastOrderTime()) / Math.max(1.0, gap)).orElse(NEVER)));
    for (Window w : List.of(Window.D30, Window.LIFETIME)) {
      f.add(new Feature("views_" + w.label(), s -> s.stats(w).bucket().getViews()));
      f.add(new Feature("searches_" + w.label(), s -> s.stats(w).bucket().getSearches()));
      f.add(new Feature("cart_adds_" + w.label(), s -> s.stats(w).bucket().getCartAdds()));
      f.add(new Feature("cart_add_value_" + w.label(), s -> Money.fromE4(s.stats(w).bucket().getCartAddValueE4())));
      f.add(new Feature("mean_viewed_price_" + w.label(), s -> s.stats(w).meanViewedPrice()));
    }
    return List.copyOf(f);
  }

  private static ActivityBucket life(UserState s) {
    return s.stats(Window.LIFETIME).bucket();
  }

  private static double daysSince(UserState s, Instant then) {
    return then == null ? NEVER : Math.max(0.0, (s.asOf().toEpochMilli() - then.toEpochMilli()) / MS_PER_DAY);
  }

  private static double spendPerActiveDay(UserState s) {
    WindowStats life = s.stats(Window.LIFETIME);
    double days = Math.max(1.0, daysSince(s, life.bucket().getFirstSeen()));
    return Money.fromE4(life.bucket().getGrossSpendE4()) / days;
  }
}
