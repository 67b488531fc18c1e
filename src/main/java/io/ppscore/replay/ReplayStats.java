package io.ppscore.replay;

import io.ppscore.replay.ReplayEvent.Kind;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts of one replay: events read from the dataset and sent, per {@link Kind}; parts of the dataset
 * skipped, per {@link SkipReason}; values adjusted, per {@link Adjustment}. Thread-safe, so a producer
 * callback may count too. {@link #summary()} prints them as a table.
 */
public final class ReplayStats {

  private final Map<Kind, LongAdder> read = counters(Kind.class);
  private final Map<Kind, LongAdder> sent = counters(Kind.class);
  private final Map<SkipReason, LongAdder> skipped = counters(SkipReason.class);
  private final Map<Adjustment, LongAdder> adjusted = counters(Adjustment.class);
  private final Map<String, Long> emptyInvoiceCustomers = new java.util.concurrent.ConcurrentHashMap<>();

  private static <E extends Enum<E>> Map<E, LongAdder> counters(Class<E> type) {
    Map<E, LongAdder> map = new EnumMap<>(type);
    for (E key : type.getEnumConstants()) {
      map.put(key, new LongAdder());
    }
    return map;
  }

  /** A reader turned part of the dataset into an event of this kind. */
  public void countRead(Kind kind) {
    read.get(kind).increment();
  }

  /** An event of this kind was handed to the target. */
  public void countSent(Kind kind) {
    sent.get(kind).increment();
  }

  /** One unit (row, line or invoice) was skipped for this reason. */
  public void countSkipped(SkipReason reason) {
    countSkipped(reason, 1);
  }

  /** {@code units} rows, lines or invoices were skipped for this reason. */
  public void countSkipped(SkipReason reason, long units) {
    skipped.get(reason).add(units);
  }

  /**
   * A customer's invoice was skipped as {@link SkipReason#EMPTY_INVOICE} (no line left, e.g. only zero-price
   * lines): kept with the earliest such invoice's time, so {@code score-batch} can say whom it cannot score.
   */
  public void noteEmptyInvoice(String customerId, long timeMs) {
    emptyInvoiceCustomers.merge(customerId, timeMs, Math::min);
  }

  /** Customers with an invoice skipped for having no line left, with the earliest one's time (epoch ms). */
  public Map<String, Long> emptyInvoiceCustomers() {
    return Map.copyOf(emptyInvoiceCustomers);
  }

  /** A value was adjusted to fit the schemas. */
  public void countAdjusted(Adjustment adjustment) {
    adjusted.get(adjustment).increment();
  }

  /** Events of this kind read from the dataset. */
  public long read(Kind kind) {
    return read.get(kind).sum();
  }

  /** Events of all kinds read from the dataset. */
  public long readTotal() {
    return read.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Events of this kind handed to the target. */
  public long sent(Kind kind) {
    return sent.get(kind).sum();
  }

  /** Events of all kinds handed to the target. */
  public long sentTotal() {
    return sent.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Units skipped for this reason. */
  public long skipped(SkipReason reason) {
    return skipped.get(reason).sum();
  }

  /** The skip reasons with a count, most units first. */
  public List<SkipReason> skipReasons() {
    return Arrays.stream(SkipReason.values()).filter(r -> skipped(r) > 0)
        .sorted(Comparator.comparingLong(this::skipped).reversed()).toList();
  }

  /** Values adjusted this way. */
  public long adjusted(Adjustment adjustment) {
    return adjusted.get(adjustment).sum();
  }

  /** A plain-text table of every non-zero count (kinds always shown), one line each. */
  public String summary() {
    StringBuilder table = new StringBuilder();
    table.append(String.format(Locale.ROOT, "%-50s %12s %12s%n", "events", "read", "sent"));
    for (Kind kind : Kind.values()) {
      table.append(String.format(Locale.ROOT, "  %-48s %,12d %,12d%n", kind, read(kind), sent(kind)));
    }
    table.append(String.format(Locale.ROOT, "  %-48s %,12d %,12d%n", "total", readTotal(), sentTotal()));
    appendNonZero(table, "skipped", skipped, r -> r.description() + " (" + r.unit() + ")");
    appendNonZero(table, "adjusted", adjusted, Adjustment::description);
    return table.toString();
  }

  private static <E extends Enum<E>> void appendNonZero(StringBuilder table, String title,
      Map<E, LongAdder> counts, java.util.function.Function<E, String> label) {
    if (counts.values().stream().allMatch(c -> c.sum() == 0)) {
      return;
    }
    table.append(title).append(System.lineSeparator());
    counts.forEach((key, count) -> {
      if (count.sum() > 0) {
        table.append(String.format(Locale.ROOT, "  %-48s %,12d%n", label.apply(key), count.sum()));
      }
    });
  }
}
