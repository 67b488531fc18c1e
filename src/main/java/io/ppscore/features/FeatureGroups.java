package io.ppscore.features;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The model's features in groups a support agent understands (recency, order frequency, recent spend, ...),
 * each with a phrase that states the user's own values. Every feature of {@link FeatureSpec#names()} is in
 * exactly one group. Reason codes move a whole group to the typical user's values at once, so correlated
 * features (orders and spend of the same window) are never credited separately.
 */
public final class FeatureGroups {

  /**
   * One group: a name, which features belong to it, the phrase of a user's values, and whether that phrase
   * speaks for a user ({@code speaks}: false when it could only read 0 because the user never ordered, which
   * the recency group says in words: "Has never ordered", or because the user has no product text at all).
   */
  public record Group(String name, Predicate<String> member, Phrase phrase, Predicate<Map<String, Float>> speaks) {

    /** A group whose phrase speaks for every user. */
    public Group(String name, Predicate<String> member, Phrase phrase) {
      this(name, member, phrase, values -> true);
    }
  }

  /** Renders a user's values (by feature name) in words, amounts in {@code currency}. */
  @FunctionalInterface
  public interface Phrase {
    String render(Map<String, Float> values, String currency);
  }

  private static final List<Group> GROUPS = List.of(
      new Group("recency", n -> n.equals("days_since_last_order") || n.equals("mean_days_between_orders")
          || n.equals("overdue_ratio"),
          (v, c) -> recency(v.get("days_since_last_order"), hasOrdered(v))),
      new Group("order_frequency", n -> n.startsWith("orders_") && !n.contains("LastYear"),
          (v, c) -> count(v.get("orders_365d"), "order") + " in the last 365 days (" + count(v.get("orders_lifetime"), "order")
              + " in total)", FeatureGroups::hasOrdered),
      new Group("recent_spend", n -> n.equals("gross_spend_7d") || n.equals("gross_spend_30d") || n.equals("gross_spend_90d"),
          (v, c) -> "Spent " + money(v.get("gross_spend_90d"), c) + " in the last 90 days", FeatureGroups::hasOrdered),
      new Group("yearly_spend", n -> n.equals("gross_spend_365d") || n.equals("gross_spend_lifetime")
          || n.equals("spend_per_active_day"),
          (v, c) -> "Spent " + money(v.get("gross_spend_365d"), c) + " in the last 365 days", FeatureGroups::hasOrdered),
      new Group("order_value", n -> n.startsWith("mean_order_value_") || n.startsWith("max_order_value_")
          || n.equals("order_value_stddev_lifetime") || n.startsWith("items_") || n.startsWith("distinct_products_"),
          (v, c) -> "Average order " + money(v.get("mean_order_value_lifetime"), c) + ", largest "
              + money(v.get("max_order_value_lifetime"), c), FeatureGroups::hasOrdered),
      new Group("cancellations", n -> n.startsWith("cancellations_") || n.startsWith("cancelled_value_"),
          (v, c) -> count(v.get("cancellations_lifetime"), "cancellation") + " worth "
              + money(v.get("cancelled_value_lifetime"), c) + " in total",
          // a cancellation can come without a placed order in the history (of an order placed before it)
          v -> hasOrdered(v) || !isZero(v.get("cancellations_lifetime"))),
      new Group("browsing", n -> n.startsWith("views_") || n.startsWith("searches_") || n.startsWith("cart_add")
          || n.startsWith("mean_viewed_price_"),
          (v, c) -> count(v.get("views_30d"), "product view") + ", " + count(v.get("searches_30d"), "search") + " and "
              + count(v.get("cart_adds_30d"), "cart add") + " in the last 30 days"),
      new Group("tenure", n -> n.equals("days_since_first_order") || n.equals("days_since_first_seen"),
          (v, c) -> tenure(v.get("days_since_first_seen"))),
      new Group("season_last_year", n -> n.contains("LastYear"),
          (v, c) -> "Spent " + money(v.get("gross_spend_next90dLastYear"), c) + " in the same 90 days last year",
          FeatureGroups::hasOrdered),
      new Group("product_profile", n -> n.startsWith(FeatureSpec.BOUGHT_PREFIX) || n.startsWith(FeatureSpec.BROWSED_PREFIX),
          (v, c) -> "The kind of products bought and viewed", FeatureGroups::hasText));

  private FeatureGroups() {
  }

  /** All groups, in a fixed order. */
  public static List<Group> all() {
    return GROUPS;
  }

  /**
   * The indices into {@code featureNames} of each group's features, in {@link #all()} order; groups with no
   * feature in the list get an empty array.
   *
   * @throws IllegalArgumentException if a feature is in no group or in more than one
   */
  public static int[][] indices(List<String> featureNames) {
    int[][] out = new int[GROUPS.size()][];
    int[] owners = new int[featureNames.size()];
    for (int g = 0; g < GROUPS.size(); g++) {
      List<Integer> members = new ArrayList<>();
      for (int i = 0; i < featureNames.size(); i++) {
        if (GROUPS.get(g).member().test(featureNames.get(i))) {
          members.add(i);
          owners[i]++;
        }
      }
      out[g] = members.stream().mapToInt(Integer::intValue).toArray();
    }
    for (int i = 0; i < owners.length; i++) {
      if (owners[i] != 1) {
        throw new IllegalArgumentException("feature " + featureNames.get(i) + " is in " + owners[i]
            + " reason-code groups; it must be in exactly one");
      }
    }
    return out;
  }

  /**
   * False for a user who never placed an order ("Has never ordered"): the order counts, spends and order
   * values of such a user are all 0, so their groups say nothing more. Read from the lifetime order count:
   * the time since the last order reaches the "never" value also for a real order ten years old (a replay of
   * old history); from that time only for a model without the count, true when both are missing.
   */
  static boolean hasOrdered(Map<String, Float> values) {
    Float orders = values.get("orders_lifetime");
    if (orders != null) {
      return orders > 0;
    }
    Float daysSinceLastOrder = values.get("days_since_last_order");
    return daysSinceLastOrder == null || daysSinceLastOrder < NumericFeatures.NEVER;
  }

  /**
   * False for a user without any product text (no purchased title, viewed title or search): both text
   * profiles are empty, so every text feature is 0 (the projection of an empty profile), and the typical
   * user's text features differ from that only because that user has texts; "The kind of products bought
   * and viewed" would then describe products the user never bought or viewed.
   */
  static boolean hasText(Map<String, Float> values) {
    for (Map.Entry<String, Float> e : values.entrySet()) {
      if ((e.getKey().startsWith(FeatureSpec.BOUGHT_PREFIX) || e.getKey().startsWith(FeatureSpec.BROWSED_PREFIX))
          && !isZero(e.getValue())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isZero(Float value) {
    return value != null && value == 0f;
  }

  /**
   * The recency phrase. The feature is in fractional days, so an order less than half a day ago rounds to 0
   * days: "No order for 0 days" read as no order at all.
   */
  static String recency(float daysSinceLastOrder, boolean hasOrdered) {
    if (!hasOrdered) {
      return "Has never ordered";
    }
    return Math.round(daysSinceLastOrder) == 0 ? "Ordered in the last 12 hours" : "No order for " + days(daysSinceLastOrder);
  }

  /** The tenure phrase; first seen less than half a day ago rounds to 0 days, as in {@link #recency}. */
  static String tenure(float daysSinceFirstSeen) {
    return Math.round(daysSinceFirstSeen) == 0 ? "First seen in the last 12 hours" : "Customer for " + days(daysSinceFirstSeen);
  }

  static String days(float days) {
    long d = Math.round(days);
    return d == 1 ? "1 day" : d + " days";
  }

  static String count(float n, String noun) {
    long k = Math.round(n);
    String plural = noun.endsWith("h") ? noun + "es" : noun + "s";
    return String.format(Locale.ROOT, "%,d %s", k, k == 1 ? noun : plural);
  }

  /** {@code £1,240} for GBP; the ISO code before the amount for currencies without a UK symbol. */
  static String money(float amount, String currency) {
    String symbol;
    try {
      symbol = Currency.getInstance(currency).getSymbol(Locale.UK);
    } catch (IllegalArgumentException | NullPointerException e) {
      symbol = currency == null ? "" : currency + " ";
    }
    if (symbol.length() > 1 && Character.isLetter(symbol.charAt(symbol.length() - 1))) {
      symbol = symbol + " ";
    }
    return symbol + wholeUnits(amount);
  }

  /**
   * {@code amount} rounded half up to whole units with comma grouping: what {@code String.format(Locale.UK,
   * "%,.0f", amount)} prints, without its Formatter (parsing the pattern per call was 3 % of the stream
   * thread's time: every scored user gets reason texts).
   */
  static String wholeUnits(float amount) {
    if (!Float.isFinite(amount)) {
      return Float.isNaN(amount) ? "NaN" : amount > 0 ? "Infinity" : "-Infinity";
    }
    // Formatter rounds the double's shortest decimal form; BigDecimal of Double.toString is that form.
    String magnitude = new BigDecimal(Double.toString(Math.abs(amount))).setScale(0, RoundingMode.HALF_UP).toPlainString();
    StringBuilder out = new StringBuilder(magnitude.length() + magnitude.length() / 3 + 1);
    if (Float.floatToRawIntBits(amount) < 0) {
      out.append('-'); // as Formatter: -0.3 prints "-0"
    }
    int head = magnitude.length() % 3 == 0 ? 3 : magnitude.length() % 3;
    out.append(magnitude, 0, head);
    for (int i = head; i < magnitude.length(); i += 3) {
      out.append(',').append(magnitude, i, i + 3);
    }
    return out.toString();
  }
}
