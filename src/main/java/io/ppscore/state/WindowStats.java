package io.ppscore.state;

import io.ppscore.state.avro.ActivityBucket;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Derived figures of one summed {@link ActivityBucket}: means, distinct counts, inter-purchase time. */
public record WindowStats(ActivityBucket bucket) {

  private static final double MS_PER_DAY = Duration.ofDays(1).toMillis();

  public boolean isEmpty() {
    return bucket.getEvents() == 0;
  }

  /** Distinct products viewed, carted or on an order. */
  public long distinctProducts() {
    return DistinctSketch.estimate(bucket.getProductSketch());
  }

  /**
   * Distinct products on orders (placed, cancelled or refunded), what the model learnt from order history;
   * for buckets of builds before the ordered sketch, all products touched ({@link Buckets#orderedProducts}).
   */
  public long distinctOrderedProducts() {
    return DistinctSketch.estimate(Buckets.orderedProducts(bucket));
  }

  public long distinctCategories() {
    return DistinctSketch.estimate(bucket.getCategorySketch());
  }

  /** Mean price of priced views, in currency units; 0 without any. */
  public double meanViewedPrice() {
    long n = bucket.getViewedPriceCount();
    return n == 0 ? 0.0 : Money.fromE4(bucket.getViewedPriceSumE4()) / n;
  }

  public BigDecimal grossSpend() {
    return Money.decimalOf(bucket.getGrossSpendE4());
  }

  /** Gross spend less cancelled and refunded value. */
  public BigDecimal netSpend() {
    return Money.decimalOf(bucket.getGrossSpendE4() - bucket.getCancelledValueE4() - bucket.getRefundedValueE4());
  }

  /** Mean gross value of a placed order; 0 without orders. */
  public double meanOrderValue() {
    long n = bucket.getOrders();
    return n == 0 ? 0.0 : Money.fromE4(bucket.getGrossSpendE4()) / n;
  }

  /** Population standard deviation of placed order values; 0 below two orders. */
  public double orderValueStdDev() {
    long n = bucket.getOrders();
    if (n < 2) {
      return 0.0;
    }
    double mean = meanOrderValue();
    return Math.sqrt(Math.max(0.0, bucket.getOrderValueSqSum() / n - mean * mean));
  }

  /**
   * Mean days between placed orders: (last - first) / (orders - 1). Order-independent, so exact under
   * out-of-order arrival; empty below two orders.
   */
  public Optional<Double> meanInterPurchaseDays() {
    Instant first = bucket.getFirstOrderTime();
    Instant last = bucket.getLastOrderTime();
    if (bucket.getOrders() < 2 || first == null || last == null) {
      return Optional.empty();
    }
    return Optional.of((last.toEpochMilli() - first.toEpochMilli()) / MS_PER_DAY / (bucket.getOrders() - 1));
  }
}
