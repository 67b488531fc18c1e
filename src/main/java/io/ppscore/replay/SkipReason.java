package io.ppscore.replay;

/**
 * Why part of a dataset was not turned into an event. Each reason counts one unit: a CSV row, an order
 * line or a whole invoice, as its description says.
 */
public enum SkipReason {
  /** A row without a customer or user id (a guest). */
  GUEST_ROW("rows", "no customer/user id (guest)"),
  /** An invoice whose rows have no customer id; its rows are also counted as {@link #GUEST_ROW}. */
  GUEST_INVOICE("invoices", "guest invoice (no customer id)"),
  /** An Online Retail invoice numbered {@code A...}: a bad-debt adjustment, not a sale. */
  ADJUSTMENT_INVOICE("invoices", "bad-debt adjustment (invoice A...)"),
  /** An invoice with a line of negative price. */
  NEGATIVE_PRICE_INVOICE("invoices", "invoice with a negative price"),
  /** A line whose quantity is not positive (for a cancellation: not negative in the file). */
  NON_POSITIVE_QUANTITY_LINE("lines", "quantity not positive"),
  /** A line priced at zero (samples, manual corrections). */
  ZERO_PRICE_LINE("lines", "zero price"),
  /** An invoice all of whose lines were dropped. */
  EMPTY_INVOICE("invoices", "no line left"),
  /** A row of an invoice that was already emitted, seen too late to join it. */
  LATE_INVOICE_ROW("rows", "row after its invoice was closed"),
  /** A row with the wrong number of columns or an unreadable number or date. */
  MALFORMED_ROW("rows", "malformed row"),
  /** A REES46 row whose event type is not view, cart, remove_from_cart or purchase. */
  UNKNOWN_EVENT_TYPE("rows", "unknown event type");

  private final String unit;
  private final String description;

  SkipReason(String unit, String description) {
    this.unit = unit;
    this.description = description;
  }

  /** What one count of this reason is: rows, lines or invoices. */
  public String unit() {
    return unit;
  }

  /** A short human description, for the summary table. */
  public String description() {
    return description;
  }
}
