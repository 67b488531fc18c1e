package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.replay.ReplayEvent.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** Reads the bundled samples end to end and checks them against counts made here without the readers. */
class BundledSamplesTest {

  @Test
  void shouldEmitOneOrderPerInvoiceOfTheOnlineRetailSampleWithTheSameMoney() throws IOException {
    // Given: an independent count, splitting lines naively from the end (descriptions may hold commas)
    List<String[]> rows = rawRows(Samples.onlineRetail());
    Set<String> invoices = new HashSet<>();
    Set<String> cancellations = new HashSet<>();
    Set<String> customers = new HashSet<>();
    BigDecimal value = BigDecimal.ZERO;
    for (String[] f : rows) {
      String invoice = f[0];
      invoices.add(invoice);
      if (invoice.startsWith("C")) {
        cancellations.add(invoice);
      }
      customers.add(f[f.length - 2]);
      BigDecimal price = new BigDecimal(f[f.length - 3]);
      int quantity = Math.abs(Integer.parseInt(f[f.length - 5]));
      value = value.add(price.multiply(BigDecimal.valueOf(quantity)));
    }

    // When
    ReplayStats stats = new ReplayStats();
    List<ReplayEvent> events = Fixtures.readAll(new OnlineRetailReader(), Samples.onlineRetail(), stats);

    // Then
    List<OrderEvent> orders = events.stream().map(e -> (OrderEvent) e.value()).toList();
    assertThat(rows).hasSize(20_211);
    assertThat(orders).hasSize(invoices.size()).hasSize(1_212);
    assertThat(orders).filteredOn(o -> o.getStatus() == OrderStatus.CANCELLED).hasSize(cancellations.size());
    assertThat(orders.stream().map(OrderEvent::getUserId).distinct()).hasSize(customers.size()).hasSize(152);
    assertThat(orders.stream().mapToInt(o -> o.getLines().size()).sum()).isEqualTo(rows.size());
    assertThat(orders.stream().map(OrderEvent::getTotal).reduce(BigDecimal.ZERO, BigDecimal::add))
        .isEqualByComparingTo(value);
    assertThat(events).isSortedAccordingTo((a, b) -> Long.compare(a.timestampMs(), b.timestampMs()));
    assertThat(stats.read(Kind.ORDER)).isEqualTo(1_212);
  }

  @Test
  void shouldEmitOneEventPerRowOfTheRees46Sample() throws IOException {
    // Given: an independent count of rows per event type (REES46 has no quoted fields)
    Map<String, Long> byType = rawRows(Samples.rees46()).stream()
        .collect(Collectors.groupingBy(f -> f[1], Collectors.counting()));

    // When
    ReplayStats stats = new ReplayStats();
    Map<Kind, Long> byKind = Fixtures.readAll(new Rees46Reader(), Samples.rees46(), stats).stream()
        .collect(Collectors.groupingBy(ReplayEvent::kind, Collectors.counting()));

    // Then
    assertThat(byType).containsExactlyInAnyOrderEntriesOf(Map.of("view", 17_055L, "cart", 165L, "purchase", 214L));
    assertThat(byKind).containsExactlyInAnyOrderEntriesOf(Map.of(
        Kind.CLICK, byType.get("view"), Kind.CART, byType.get("cart"), Kind.ORDER, byType.get("purchase")));
    assertThat(stats.readTotal()).isEqualTo(17_434);
  }

  private static List<String[]> rawRows(ReplaySource source) throws IOException {
    try (BufferedReader lines = new BufferedReader(new InputStreamReader(
        new GZIPInputStream(source.open()), StandardCharsets.UTF_8))) {
      return lines.lines().skip(1).map(line -> line.split(",", -1)).toList();
    }
  }
}
