package io.ppscore.state;

import io.ppscore.events.avro.CartAction;
import io.ppscore.events.avro.CartEvent;
import io.ppscore.events.avro.ClickEvent;
import io.ppscore.events.avro.ClickType;
import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.state.avro.ActivityBucket;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Adds events to {@link ActivityBucket}s and merges buckets. The only place that says how an event
 * changes the aggregates, shared by the streaming topology and the training backfill. Amounts are summed
 * with overflow checks: an absurd amount throws {@link ArithmeticException} instead of wrapping.
 */
public final class Buckets {

  private Buckets() {
  }

  /** An empty bucket first and last seen at {@code at}. */
  public static ActivityBucket empty(Instant at) {
    return ActivityBucket.newBuilder()
        .setFirstSeen(at)
        .setLastSeen(at)
        .setProductSketch(new ArrayList<>())
        .setOrderedProductSketch(new ArrayList<>())
        .setCategorySketch(new ArrayList<>())
        .build();
  }

  /** Adds one validated event (ClickEvent, CartEvent or OrderEvent) to {@code bucket}, in place. */
  public static ActivityBucket add(ActivityBucket bucket, SpecificRecord event) {
    if (bucket.getOrderedProductSketch() == null) {
      // a bucket of an earlier build: its ordered sketch starts from the fallback, before this event's products
      bucket.setOrderedProductSketch(new ArrayList<>(bucket.getProductSketch()));
    }
    if (event instanceof ClickEvent click) {
      addClick(bucket, click);
    } else if (event instanceof CartEvent cart) {
      addCart(bucket, cart);
    } else if (event instanceof OrderEvent order) {
      addOrder(bucket, order);
    } else {
      throw new IllegalArgumentException("not an input event: " + event.getSchema().getFullName());
    }
    return bucket;
  }

  private static void touch(ActivityBucket b, Instant at) {
    b.setEvents(b.getEvents() + 1);
    if (at.isBefore(b.getFirstSeen())) {
      b.setFirstSeen(at);
    }
    if (at.isAfter(b.getLastSeen())) {
      b.setLastSeen(at);
    }
  }

  private static void addClick(ActivityBucket b, ClickEvent click) {
    touch(b, click.getEventTime());
    if (click.getType() == ClickType.SEARCH) {
      b.setSearches(b.getSearches() + 1);
      return;
    }
    b.setViews(b.getViews() + 1);
    b.setProductSketch(DistinctSketch.add(b.getProductSketch(), click.getProductId()));
    b.setCategorySketch(DistinctSketch.add(b.getCategorySketch(), click.getCategory()));
    if (click.getPrice() != null) {
      long price = Money.toE4(click.getPrice());
      b.setViewedPriceCount(b.getViewedPriceCount() + 1);
      b.setViewedPriceSumE4(Math.addExact(b.getViewedPriceSumE4(), price));
      b.setViewedPriceMaxE4(Math.max(b.getViewedPriceMaxE4(), price));
    }
  }

  private static void addCart(ActivityBucket b, CartEvent cart) {
    touch(b, cart.getEventTime());
    long value = Money.lineValueE4(cart.getQuantity(), cart.getUnitPrice());
    if (cart.getAction() == CartAction.REMOVE) {
      b.setCartRemoves(b.getCartRemoves() + 1);
      b.setCartRemoveValueE4(Math.addExact(b.getCartRemoveValueE4(), value));
      return;
    }
    b.setCartAdds(b.getCartAdds() + 1);
    b.setCartAddValueE4(Math.addExact(b.getCartAddValueE4(), value));
    b.setProductSketch(DistinctSketch.add(b.getProductSketch(), cart.getProductId()));
    b.setCategorySketch(DistinctSketch.add(b.getCategorySketch(), cart.getCategory()));
  }

  private static void addOrder(ActivityBucket b, OrderEvent order) {
    touch(b, order.getEventTime());
    long value = grossValueE4(order);
    if (value <= 0) {
      // not an order (countsAsOrder): no line with positive quantity and price; the Online Retail loader drops
      // such invoices, so the model never saw one
      return;
    }
    long units = 0;
    for (OrderLine line : order.getLines()) {
      if (!countsAsSpend(line)) {
        continue;
      }
      units += line.getQuantity();
      b.setProductSketch(DistinctSketch.add(b.getProductSketch(), line.getProductId()));
      b.setOrderedProductSketch(DistinctSketch.add(b.getOrderedProductSketch(), line.getProductId()));
      b.setCategorySketch(DistinctSketch.add(b.getCategorySketch(), line.getCategory()));
    }
    switch (order.getStatus()) {
      case PLACED -> addPlaced(b, order.getEventTime(), value, units);
      case CANCELLED -> {
        b.setCancellations(b.getCancellations() + 1);
        b.setCancelledValueE4(Math.addExact(b.getCancelledValueE4(), value));
      }
      case REFUNDED -> {
        b.setRefunds(b.getRefunds() + 1);
        b.setRefundedValueE4(Math.addExact(b.getRefundedValueE4(), value));
      }
      default -> throw new IllegalArgumentException("unknown order status " + order.getStatus());
    }
  }

  /**
   * The gross value of an order in units of 10^-4: quantity x unit price over its lines with positive
   * quantity and price. The definition of spend for state, features and training labels alike.
   */
  public static long grossValueE4(OrderEvent order) {
    long value = 0;
    for (OrderLine line : order.getLines()) {
      if (countsAsSpend(line)) {
        value = Math.addExact(value, Money.lineValueE4(line.getQuantity(), line.getUnitPrice()));
      }
    }
    return value;
  }

  /**
   * True for an order that counts as one (placed, cancelled or refunded): one with a gross value above 0.
   * An order of only free or empty lines is activity, not an order.
   */
  public static boolean countsAsOrder(OrderEvent order) {
    return grossValueE4(order) > 0;
  }

  /**
   * The sketch of the products on orders in {@code bucket}; for a bucket written by a build before it had
   * one, the sketch of all products touched (the same for a user who never viewed or carted).
   */
  public static List<Long> orderedProducts(ActivityBucket bucket) {
    return bucket.getOrderedProductSketch() != null ? bucket.getOrderedProductSketch() : bucket.getProductSketch();
  }

  /** True for a line that counts as spend: positive quantity and positive price. */
  public static boolean countsAsSpend(OrderLine line) {
    return line.getQuantity() > 0 && line.getUnitPrice().signum() > 0;
  }

  private static void addPlaced(ActivityBucket b, Instant at, long valueE4, long units) {
    b.setOrders(b.getOrders() + 1);
    b.setItemsBought(b.getItemsBought() + units);
    b.setGrossSpendE4(Math.addExact(b.getGrossSpendE4(), valueE4));
    b.setOrderValueMaxE4(Math.max(b.getOrderValueMaxE4(), valueE4));
    double v = Money.fromE4(valueE4);
    b.setOrderValueSqSum(b.getOrderValueSqSum() + v * v);
    if (b.getFirstOrderTime() == null || at.isBefore(b.getFirstOrderTime())) {
      b.setFirstOrderTime(at);
    }
    if (b.getLastOrderTime() == null || at.isAfter(b.getLastOrderTime())) {
      b.setLastOrderTime(at);
    }
  }

  /** A new bucket holding the sum of {@code a} and {@code b}. */
  public static ActivityBucket merge(ActivityBucket a, ActivityBucket b) {
    return ActivityBucket.newBuilder()
        .setFirstSeen(min(a.getFirstSeen(), b.getFirstSeen()))
        .setLastSeen(max(a.getLastSeen(), b.getLastSeen()))
        .setEvents(a.getEvents() + b.getEvents())
        .setViews(a.getViews() + b.getViews())
        .setSearches(a.getSearches() + b.getSearches())
        .setViewedPriceCount(a.getViewedPriceCount() + b.getViewedPriceCount())
        .setViewedPriceSumE4(Math.addExact(a.getViewedPriceSumE4(), b.getViewedPriceSumE4()))
        .setViewedPriceMaxE4(Math.max(a.getViewedPriceMaxE4(), b.getViewedPriceMaxE4()))
        .setCartAdds(a.getCartAdds() + b.getCartAdds())
        .setCartAddValueE4(Math.addExact(a.getCartAddValueE4(), b.getCartAddValueE4()))
        .setCartRemoves(a.getCartRemoves() + b.getCartRemoves())
        .setCartRemoveValueE4(Math.addExact(a.getCartRemoveValueE4(), b.getCartRemoveValueE4()))
        .setOrders(a.getOrders() + b.getOrders())
        .setItemsBought(a.getItemsBought() + b.getItemsBought())
        .setGrossSpendE4(Math.addExact(a.getGrossSpendE4(), b.getGrossSpendE4()))
        .setOrderValueMaxE4(Math.max(a.getOrderValueMaxE4(), b.getOrderValueMaxE4()))
        .setOrderValueSqSum(a.getOrderValueSqSum() + b.getOrderValueSqSum())
        .setFirstOrderTime(minNullable(a.getFirstOrderTime(), b.getFirstOrderTime()))
        .setLastOrderTime(maxNullable(a.getLastOrderTime(), b.getLastOrderTime()))
        .setCancellations(a.getCancellations() + b.getCancellations())
        .setCancelledValueE4(Math.addExact(a.getCancelledValueE4(), b.getCancelledValueE4()))
        .setRefunds(a.getRefunds() + b.getRefunds())
        .setRefundedValueE4(Math.addExact(a.getRefundedValueE4(), b.getRefundedValueE4()))
        .setProductSketch(DistinctSketch.merge(a.getProductSketch(), b.getProductSketch()))
        .setOrderedProductSketch(DistinctSketch.merge(orderedProducts(a), orderedProducts(b)))
        .setCategorySketch(DistinctSketch.merge(a.getCategorySketch(), b.getCategorySketch()))
        .build();
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
  }

  private static Instant max(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  private static Instant minNullable(Instant a, Instant b) {
    return a == null ? b : b == null ? a : min(a, b);
  }

  private static Instant maxNullable(Instant a, Instant b) {
    return a == null ? b : b == null ? a : max(a, b);
  }
}
