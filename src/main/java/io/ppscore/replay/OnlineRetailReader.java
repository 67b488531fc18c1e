package io.ppscore.replay;

import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads the UCI Online Retail II CSV ({@code Invoice,StockCode,Description,Quantity,InvoiceDate,Price,
 * Customer ID,Country}) into one {@code OrderEvent} per invoice.
 *
 * <ul>
 *   <li>{@code event_id} is {@code online-retail:<invoice>}, {@code order_id} the invoice number and
 *       {@code user_id} the customer id ({@code 13085.0} is written {@code 13085}).
 *   <li>{@code event_time} is the InvoiceDate of the invoice's first line, read as UTC: the file holds the
 *       shop's local (UK) time without a zone, and that local time is used as if it were UTC.
 *   <li>Amounts are GBP, unit prices with scale 4 (more decimals are rounded half-even and counted);
 *       {@code total} is the exact sum of quantity x unit price of the lines kept.
 *   <li>An invoice numbered {@code C...} becomes a CANCELLED order with positive quantities.
 * </ul>
 *
 * <p>Not emitted, counted in {@link ReplayStats}: guest rows and invoices (no customer id), bad-debt
 * adjustments ({@code A...}), invoices with a negative price, lines with a non-positive quantity or a
 * zero price (an invoice left without lines is dropped), malformed rows.
 *
 * <p>Lines of one invoice are mostly consecutive, but invoices placed in the same minute interleave in the
 * real file (656 invoices are split in the 2009-2011 file). Invoices are therefore assembled in a small
 * buffer and emitted, in order of their first line, once the file's time has moved past their last line
 * by the {@linkplain #DEFAULT_GROUPING_HORIZON grouping horizon} (the file is sorted by time).
 */
public final class OnlineRetailReader implements DatasetReader {

  /** The currency every event read gets (the shop's: the file's prices are GBP). */
  public static final String CURRENCY = Invoice.CURRENCY;

  /** How long after its last line an invoice stays open for more lines; the real file needs 9 minutes. */
  public static final Duration DEFAULT_GROUPING_HORIZON = Duration.ofHours(1);

  private final Duration groupingHorizon;

  /** A reader with the {@linkplain #DEFAULT_GROUPING_HORIZON default grouping horizon}. */
  public OnlineRetailReader() {
    this(DEFAULT_GROUPING_HORIZON);
  }

  /** A reader keeping invoices open for {@code groupingHorizon} of file time after their last line. */
  public OnlineRetailReader(Duration groupingHorizon) {
    Objects.requireNonNull(groupingHorizon, "groupingHorizon");
    if (groupingHorizon.isNegative()) {
      throw new IllegalArgumentException("groupingHorizon must not be negative, was " + groupingHorizon);
    }
    this.groupingHorizon = groupingHorizon;
  }

  @Override
  public Stream<ReplayEvent> events(InputStream in, ReplayStats stats) {
    Objects.requireNonNull(stats, "stats");
    return CsvEventIterator.stream(in, new OnlineRetailMapper(stats, groupingHorizon.toMillis()), stats);
  }
}
