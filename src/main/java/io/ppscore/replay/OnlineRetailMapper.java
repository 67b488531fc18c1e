package io.ppscore.replay;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Online Retail II rows and assembles them into invoices; see {@link OnlineRetailReader}. */
final class OnlineRetailMapper implements CsvEventIterator.RecordMapper {

  static final List<String> HEADER = List.of(
      "Invoice", "StockCode", "Description", "Quantity", "InvoiceDate", "Price", "Customer ID", "Country");
  private static final DateTimeFormatter INVOICE_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm[:ss]")
      .withResolverStyle(ResolverStyle.STRICT);
  private static final Pattern DECIMAL_ID = Pattern.compile("(\\d+)\\.0*");

  private final ReplayStats stats;
  private final long horizonMs;
  /** Open invoices in order of their first line. */
  private final Map<String, Invoice> open = new LinkedHashMap<>();
  private final Set<String> closed = new HashSet<>();
  private long latestMs = Long.MIN_VALUE;

  OnlineRetailMapper(ReplayStats stats, long horizonMs) {
    this.stats = stats;
    this.horizonMs = horizonMs;
  }

  @Override
  public void header(List<String> columns) throws IOException {
    Headers.require(HEADER, columns, "Online Retail II");
  }

  @Override
  public void record(List<String> fields, long line, Queue<ReplayEvent> out) {
    RetailRow row = parse(fields);
    if (row == null) {
      stats.countSkipped(SkipReason.MALFORMED_ROW);
      return;
    }
    if (closed.contains(row.invoice())) {
      stats.countSkipped(SkipReason.LATE_INVOICE_ROW);
      return;
    }
    Invoice invoice = open.computeIfAbsent(row.invoice(), Invoice::new);
    if (!invoice.add(row)) {
      stats.countSkipped(SkipReason.MALFORMED_ROW);
    }
    latestMs = Math.max(latestMs, row.timeMs());
    closeWhile(out, head -> head.lastTimeMs() < latestMs - horizonMs);
  }

  @Override
  public void end(Queue<ReplayEvent> out) {
    closeWhile(out, head -> true);
  }

  private void closeWhile(Queue<ReplayEvent> out, java.util.function.Predicate<Invoice> expired) {
    Iterator<Invoice> heads = open.values().iterator();
    while (heads.hasNext()) {
      Invoice head = heads.next();
      if (!expired.test(head)) {
        return;
      }
      heads.remove();
      closed.add(head.number());
      head.toOrder(stats).ifPresent(order -> out.add(ReplayEvent.of(order)));
    }
  }

  private RetailRow parse(List<String> f) {
    if (f.size() != HEADER.size() || f.get(0).isBlank()) {
      return null;
    }
    try {
      long timeMs = LocalDateTime.parse(f.get(4).trim(), INVOICE_DATE).toInstant(ZoneOffset.UTC).toEpochMilli();
      BigDecimal price = Money.price(f.get(5).trim(), stats);
      int quantity = Integer.parseInt(f.get(3).trim());
      return new RetailRow(f.get(0).trim(), f.get(1).trim(), blankToNull(f.get(2).trim()), quantity, timeMs,
          price, customerId(f.get(6).trim()), blankToNull(f.get(7).trim()));
    } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
      return null;
    }
  }

  private String customerId(String raw) {
    if (raw.isEmpty()) {
      return null;
    }
    Matcher decimal = DECIMAL_ID.matcher(raw);
    if (decimal.matches()) {
      stats.countAdjusted(Adjustment.USER_ID_NORMALISED);
      return decimal.group(1);
    }
    return raw;
  }

  private static String blankToNull(String s) {
    return s.isEmpty() ? null : s;
  }
}
