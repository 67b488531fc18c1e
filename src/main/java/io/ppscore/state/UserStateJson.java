package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import io.ppscore.state.avro.UserProfile;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON shape of a user's state served by {@code GET /v1/users/{id}}: amounts are exact decimals in
 * the user's currency, times are ISO-8601 UTC, empty windows report zeros and null times.
 *
 * <p>Each window but the lifetime starts with the span its buckets cover, {@code start} (inclusive) and
 * {@code end} (exclusive): windows are summed from whole buckets, so for the trailing windows {@code end} is
 * the end of the bucket holding {@code asOf} (its minute for 1h, its hour for 24h, its UTC day for 7d to
 * 365d), not {@code asOf} itself; events between the two are counted. The two "last year" windows cover
 * whole UTC days a year back instead: both start 365 days before the start of {@code asOf}'s UTC day, and
 * {@code end} is 335 days before it for next30dLastYear, 275 days before it for next90dLastYear
 * ({@link Window#firstBucket}, {@link Window#lastBucket}).
 */
public final class UserStateJson {

  private UserStateJson() {
  }

  /** A JSON-ready tree of {@code state}. */
  public static Map<String, Object> toJson(UserState state) {
    UserProfile p = state.profile();
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("userId", p.getUserId());
    json.put("asOf", state.asOf().toString());
    json.put("currency", p.getCurrency());
    json.put("lastEventId", p.getLastEventId());
    json.put("lastEventTime", p.getLastEventTime().toString());
    json.put("lateEvents", p.getLateEvents());
    json.put("duplicateEvents", p.getDuplicateEvents());
    Map<String, Object> windows = new LinkedHashMap<>();
    for (Window window : Window.values()) {
      Map<String, Object> w = new LinkedHashMap<>();
      if (window != Window.LIFETIME) {
        w.put("start", window.firstBucket(state.asOf()).toString());
        w.put("end", window.lastBucket(state.asOf()).plus(window.granularity().size()).toString());
      }
      w.putAll(windowJson(state.stats(window)));
      windows.put(window.label(), w);
    }
    json.put("windows", windows);
    return json;
  }

  private static Map<String, Object> windowJson(WindowStats stats) {
    ActivityBucket b = stats.bucket();
    boolean empty = stats.isEmpty();
    Map<String, Object> w = new LinkedHashMap<>();
    w.put("events", b.getEvents());
    w.put("firstSeen", empty ? null : iso(b.getFirstSeen()));
    w.put("lastSeen", empty ? null : iso(b.getLastSeen()));
    w.put("views", b.getViews());
    w.put("searches", b.getSearches());
    w.put("distinctProducts", stats.distinctProducts());
    w.put("distinctOrderedProducts", stats.distinctOrderedProducts());
    w.put("distinctCategories", stats.distinctCategories());
    w.put("meanViewedPrice", round4(stats.meanViewedPrice()));
    w.put("maxViewedPrice", Money.decimalOf(b.getViewedPriceMaxE4()));
    w.put("cartAdds", b.getCartAdds());
    w.put("cartAddValue", Money.decimalOf(b.getCartAddValueE4()));
    w.put("cartRemoves", b.getCartRemoves());
    w.put("cartRemoveValue", Money.decimalOf(b.getCartRemoveValueE4()));
    w.put("orders", b.getOrders());
    w.put("itemsBought", b.getItemsBought());
    w.put("grossSpend", stats.grossSpend());
    w.put("netSpend", stats.netSpend());
    w.put("meanOrderValue", round4(stats.meanOrderValue()));
    w.put("maxOrderValue", Money.decimalOf(b.getOrderValueMaxE4()));
    w.put("orderValueStdDev", round4(stats.orderValueStdDev()));
    w.put("firstOrder", iso(b.getFirstOrderTime()));
    w.put("lastOrder", iso(b.getLastOrderTime()));
    w.put("meanInterPurchaseDays", stats.meanInterPurchaseDays().map(UserStateJson::round4).orElse(null));
    w.put("cancellations", b.getCancellations());
    w.put("cancelledValue", Money.decimalOf(b.getCancelledValueE4()));
    w.put("refunds", b.getRefunds());
    w.put("refundedValue", Money.decimalOf(b.getRefundedValueE4()));
    return w;
  }

  private static String iso(Instant t) {
    return t == null ? null : t.toString();
  }

  private static double round4(double v) {
    return Math.round(v * 10_000.0) / 10_000.0;
  }
}
