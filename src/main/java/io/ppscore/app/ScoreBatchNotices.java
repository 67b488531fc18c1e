package io.ppscore.app;

import io.ppscore.training.SnapshotRow;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The lines {@code score-batch} prints beside its summary about what the CSV leaves out or may mislead about. */
final class ScoreBatchNotices {

  /** A reference time further than this after the data's last event is warned about. */
  static final Duration LATE_REFERENCE = Duration.ofDays(1);
  private static final int EXAMPLE_IDS = 3;

  private ScoreBatchNotices() {
  }

  /**
   * A warning when {@code reference} is more than {@link #LATE_REFERENCE} after the data's last event: every
   * customer is then scored as inactive for at least the gap (deliberate when scoring an old file "as of now").
   */
  static Optional<String> lateReference(String reference, Instant t, Instant lastEvent) {
    if (!t.isAfter(lastEvent.plus(LATE_REFERENCE))) {
      return Optional.empty();
    }
    double days = Duration.between(lastEvent, t).toMillis() / 86_400_000d;
    return Optional.of(String.format(java.util.Locale.ROOT, "WARN: %s is %,.1f days after the data's last event (%s): "
        + "every customer is scored as inactive for at least that long", reference, days, lastEvent));
  }

  /**
   * One warning per currency other than {@code trained} the rows are in, with how many customers: amounts
   * are not converted (as in streaming, where {@code ppscore_scores_foreign_currency_total} counts them).
   */
  static List<String> foreignCurrencies(List<SnapshotRow> rows, String trained) {
    if (trained == null) {
      return List.of();
    }
    Map<String, Long> byCurrency = rows.stream().filter(r -> r.currency() != null && !trained.equals(r.currency()))
        .collect(Collectors.groupingBy(SnapshotRow::currency, TreeMap::new, Collectors.counting()));
    return byCurrency.entrySet().stream().map(e -> String.format(java.util.Locale.ROOT, "WARN: %,d %s scored in %s "
        + "with a model trained on %s amounts: amounts are not converted, so their scores compare %s figures with a "
        + "%s population", e.getValue(), e.getValue() == 1 ? "customer" : "customers", e.getKey(), trained, e.getKey(),
        trained)).toList();
  }

  /**
   * A line counting the customers with an invoice before {@code t} that the reader dropped whole (no priced
   * line left) and who are not scored, naming a few; empty when there are none.
   */
  static Optional<String> unpriced(Map<String, Long> emptyInvoiceCustomers, Instant t, Set<String> scored) {
    List<String> ids = emptyInvoiceCustomers.entrySet().stream()
        .filter(e -> e.getValue() < t.toEpochMilli() && !scored.contains(e.getKey()))
        .map(Map.Entry::getKey).sorted(CustomerIdOrder.INSTANCE).toList();
    if (ids.isEmpty()) {
      return Optional.empty();
    }
    String examples = String.join(", ", ids.subList(0, Math.min(EXAMPLE_IDS, ids.size())))
        + (ids.size() > EXAMPLE_IDS ? ", ..." : "");
    return Optional.of(String.format(java.util.Locale.ROOT, "%,d %s whose orders before the cut-off had no priced "
        + "line (only zero-price lines, dropped by the reader) %s not scored: %s", ids.size(),
        ids.size() == 1 ? "customer" : "customers", ids.size() == 1 ? "is" : "are", examples));
  }
}
