package io.ppscore.replay;

import static io.ppscore.replay.Fixtures.RETAIL_HEADER;
import static io.ppscore.replay.Fixtures.readAll;
import static io.ppscore.replay.Fixtures.source;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.events.avro.OrderEvent;
import io.ppscore.events.avro.OrderLine;
import io.ppscore.events.avro.OrderStatus;
import io.ppscore.replay.ReplayEvent.Kind;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnlineRetailReaderTest {

  private final OnlineRetailReader reader = new OnlineRetailReader();
  private final ReplayStats stats = new ReplayStats();

  private List<OrderEvent> orders(String rows) {
    return readAll(reader, source(RETAIL_HEADER + rows), stats).stream()
        .map(event -> (OrderEvent) event.value())
        .toList();
  }

  @Test
  void shouldGroupTheLinesOfAnInvoiceIntoOneOrderWithAnExactTotal() {
    // Given three lines of invoice 489434 and one of 489435
    String rows = """
        489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom
        489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45:00,6.75,13085,United Kingdom
        489434,79323W, WHITE CHERRY LIGHTS,3,2009-12-01 07:45:00,0.1,13085,United Kingdom
        489435,22350,CAT BOWL ,12,2009-12-01 07:46:00,2.55,13085,United Kingdom
        """;

    // When
    List<ReplayEvent> events = readAll(reader, source(RETAIL_HEADER + rows), stats);

    // Then
    assertThat(events).hasSize(2);
    ReplayEvent first = events.get(0);
    assertThat(first.kind()).isEqualTo(Kind.ORDER);
    assertThat(first.userId()).isEqualTo("13085");
    assertThat(first.timestampMs()).isEqualTo(Instant.parse("2009-12-01T07:45:00Z").toEpochMilli());
    OrderEvent order = (OrderEvent) first.value();
    assertThat(order.getEventId()).isEqualTo("online-retail:489434");
    assertThat(order.getOrderId()).isEqualTo("489434");
    assertThat(order.getStatus()).isEqualTo(OrderStatus.PLACED);
    assertThat(order.getCurrency()).isEqualTo("GBP");
    assertThat(order.getCountry()).isEqualTo("United Kingdom");
    assertThat(order.getEventTime()).isEqualTo(Instant.parse("2009-12-01T07:45:00Z"));
    assertThat(order.getLines()).extracting(OrderLine::getProductId).containsExactly("85048", "79323P", "79323W");
    assertThat(order.getLines().get(2).getTitle()).isEqualTo("WHITE CHERRY LIGHTS");
    assertThat(order.getLines().get(0).getUnitPrice()).isEqualTo(new BigDecimal("6.9500"));
    // 12 x 6.95 + 12 x 6.75 + 3 x 0.10 = 83.40 + 81.00 + 0.30
    assertThat(order.getTotal()).isEqualTo(new BigDecimal("164.7000"));
    assertThat(stats.read(Kind.ORDER)).isEqualTo(2);
  }

  @Test
  void shouldTurnACInvoiceIntoACancelledOrderWithPositiveQuantities() {
    // Given
    String rows = """
        C489449,22087,PAPER BUNTING WHITE LACE,-12,2009-12-01 10:33:00,2.95,16321,Australia
        C489449,85206A,CREAM FELT EASTER EGG BASKET,-6,2009-12-01 10:33:00,1.65,16321,Australia
        """;

    // When
    OrderEvent order = orders(rows).get(0);

    // Then
    assertThat(order.getStatus()).isEqualTo(OrderStatus.CANCELLED);
    assertThat(order.getOrderId()).isEqualTo("C489449");
    assertThat(order.getLines()).extracting(OrderLine::getQuantity).containsExactly(12, 6);
    assertThat(order.getTotal()).isEqualTo(new BigDecimal("45.3000"));
  }

  @Test
  void shouldCountGuestRowsAndInvoicesWithoutEmittingThem() {
    // Given two guest invoices (three rows) around a customer's invoice
    String rows = """
        489597,21110,LARGE CAKE TOWEL PINK SPOTS,1,2009-12-01 14:28:00,6.91,,United Kingdom
        489597,21111,SWISS ROLL TOWEL PINK  SPOTS,1,2009-12-01 14:28:00,2.57,,United Kingdom
        489598,22111,SCOTTIE DOG HOT WATER BOTTLE,3,2009-12-01 14:29:00,4.95,17850,United Kingdom
        489599,21112,SWISS ROLL TOWEL CHOCOLATE SPOTS,1,2009-12-01 14:30:00,2.57,,United Kingdom
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).extracting(OrderEvent::getOrderId).containsExactly("489598");
    assertThat(stats.skipped(SkipReason.GUEST_ROW)).isEqualTo(3);
    assertThat(stats.skipped(SkipReason.GUEST_INVOICE)).isEqualTo(2);
  }

  @Test
  void shouldReadQuotedDescriptionsWithCommasAndDoubledQuotes() {
    // Given
    String rows = """
        489434,22041,"RECORD FRAME 7"" SINGLE SIZE ",48,2009-12-01 07:45:00,2.1,13085,United Kingdom
        489434,22241,"GARLAND , WOODEN  "" HAPPY EASTER""\",24,2009-12-01 07:45:00,1.25,13085,United Kingdom
        """;

    // When
    List<OrderLine> lines = orders(rows).get(0).getLines();

    // Then
    assertThat(lines).extracting(OrderLine::getTitle)
        .containsExactly("RECORD FRAME 7\" SINGLE SIZE", "GARLAND , WOODEN  \" HAPPY EASTER\"");
    assertThat(lines).extracting(OrderLine::getQuantity).containsExactly(48, 24);
  }

  @Test
  void shouldWriteDecimalCustomerIdsAsIntegers() {
    // Given
    String rows = "489434,85048,LIGHTS,12,2009-12-01 07:45:00,6.95,13085.0,United Kingdom\n";

    // When
    List<ReplayEvent> events = readAll(reader, source(RETAIL_HEADER + rows), stats);

    // Then
    assertThat(events.get(0).userId()).isEqualTo("13085");
    assertThat(((OrderEvent) events.get(0).value()).getUserId()).isEqualTo("13085");
    assertThat(stats.adjusted(Adjustment.USER_ID_NORMALISED)).isEqualTo(1);
  }

  @Test
  void shouldSkipBadDebtAdjustmentsAndInvoicesWithANegativePrice() {
    // Given
    String rows = """
        A506401,B,Adjust bad debt,1,2010-04-29 13:36:00,-53594.36,,United Kingdom
        506402,B,Adjust bad debt,1,2010-04-29 13:37:00,-10.00,17850,United Kingdom
        506402,22111,SCOTTIE DOG HOT WATER BOTTLE,3,2010-04-29 13:37:00,4.95,17850,United Kingdom
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).isEmpty();
    assertThat(stats.skipped(SkipReason.ADJUSTMENT_INVOICE)).isEqualTo(1);
    assertThat(stats.skipped(SkipReason.NEGATIVE_PRICE_INVOICE)).isEqualTo(1);
    assertThat(stats.skipped(SkipReason.GUEST_INVOICE)).isZero();
  }

  @Test
  void shouldDropNonPositiveQuantityAndZeroPriceLinesAndInvoicesLeftEmpty() {
    // Given an invoice with one good line, one negative quantity and one zero price; one with no good line
    String rows = """
        489500,22111,SCOTTIE DOG HOT WATER BOTTLE,3,2009-12-01 14:29:00,4.95,17850,United Kingdom
        489500,22112,CHOCOLATE HOT WATER BOTTLE,-2,2009-12-01 14:29:00,4.95,17850,United Kingdom
        489500,22113,GREY HEART HOT WATER BOTTLE,5,2009-12-01 14:29:00,0.00,17850,United Kingdom
        489501,22114,HOT WATER BOTTLE TEA AND SYMPATHY,0,2009-12-01 14:30:00,3.95,17850,United Kingdom
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).singleElement().satisfies(order -> {
      assertThat(order.getOrderId()).isEqualTo("489500");
      assertThat(order.getLines()).extracting(OrderLine::getProductId).containsExactly("22111");
      assertThat(order.getTotal()).isEqualTo(new BigDecimal("14.8500"));
    });
    assertThat(stats.skipped(SkipReason.NON_POSITIVE_QUANTITY_LINE)).isEqualTo(2);
    assertThat(stats.skipped(SkipReason.ZERO_PRICE_LINE)).isEqualTo(1);
    assertThat(stats.skipped(SkipReason.EMPTY_INVOICE)).isEqualTo(1);
  }

  @Test
  void shouldRoundPricesWithMoreThanFourDecimalsHalfEvenAndCountThem() {
    // Given 0.12345 -> 0.1234 (half-even), 0.12355 -> 0.1236
    String rows = """
        489434,1,ONE,1,2009-12-01 07:45:00,0.12345,13085,United Kingdom
        489434,2,TWO,1,2009-12-01 07:45:00,0.12355,13085,United Kingdom
        489434,3,THREE,1,2009-12-01 07:45:00,0.123,13085,United Kingdom
        """;

    // When
    OrderEvent order = orders(rows).get(0);

    // Then
    assertThat(order.getLines()).extracting(OrderLine::getUnitPrice)
        .containsExactly(new BigDecimal("0.1234"), new BigDecimal("0.1236"), new BigDecimal("0.1230"));
    assertThat(order.getTotal()).isEqualTo(new BigDecimal("0.3700"));
    assertThat(stats.adjusted(Adjustment.PRICE_ROUNDED)).isEqualTo(2);
  }

  @Test
  void shouldAssembleInterleavedInvoicesPlacedInTheSameMinute() {
    // Given invoices 489461 and 489462 interleaved, as in the real file
    String rows = """
        489461,21668,RED STRIPE CERAMIC DRAWER KNOB,24,2009-12-01 10:49:00,1.25,17865,United Kingdom
        489462,90200D,PINK SWEETHEART BRACELET,3,2009-12-01 10:49:00,4.25,17592,United Kingdom
        489461,21212,PACK OF 72 RETRO SPOT CAKE CASES,24,2009-12-01 10:49:00,0.55,17865,United Kingdom
        489462,90200A,PURPLE SWEETHEART BRACELET,3,2009-12-01 10:50:00,4.25,17592,United Kingdom
        489463,22111,SCOTTIE DOG HOT WATER BOTTLE,3,2009-12-01 13:00:00,4.95,17850,United Kingdom
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).extracting(OrderEvent::getOrderId).containsExactly("489461", "489462", "489463");
    assertThat(orders.get(0).getLines()).hasSize(2);
    assertThat(orders.get(1).getLines()).hasSize(2);
    assertThat(orders.get(1).getEventTime()).isEqualTo(Instant.parse("2009-12-01T10:49:00Z"));
  }

  @Test
  void shouldCountARowArrivingAfterItsInvoiceWasClosedAsLate() {
    // Given a horizon of 0: an invoice closes as soon as the file's time moves on
    OnlineRetailReader eager = new OnlineRetailReader(java.time.Duration.ZERO);
    String rows = """
        489461,21668,RED STRIPE CERAMIC DRAWER KNOB,24,2009-12-01 10:49:00,1.25,17865,United Kingdom
        489462,90200D,PINK SWEETHEART BRACELET,3,2009-12-01 10:50:00,4.25,17592,United Kingdom
        489461,21212,PACK OF 72 RETRO SPOT CAKE CASES,24,2009-12-01 10:50:00,0.55,17865,United Kingdom
        """;

    // When
    List<ReplayEvent> events = readAll(eager, source(RETAIL_HEADER + rows), stats);

    // Then
    assertThat(events).hasSize(2);
    assertThat(stats.skipped(SkipReason.LATE_INVOICE_ROW)).isEqualTo(1);
  }

  @Test
  void shouldReadGzippedInputWithWindowsLineEndings() {
    // Given
    String csv = (RETAIL_HEADER + "489434,85048,LIGHTS,12,2009-12-01 07:45:00,6.95,13085,United Kingdom\n")
        .replace("\n", "\r\n");

    // When
    List<ReplayEvent> events = readAll(reader, Fixtures.gzipped(csv), stats);

    // Then
    assertThat(events).singleElement()
        .satisfies(e -> assertThat(((OrderEvent) e.value()).getCountry()).isEqualTo("United Kingdom"));
  }

  @Test
  void shouldCountMalformedRowsAndKeepGoing() {
    // Given
    String rows = """
        489434,85048,LIGHTS,twelve,2009-12-01 07:45:00,6.95,13085,United Kingdom
        489434,85049,LIGHTS,12,yesterday,6.95,13085,United Kingdom
        489434,85050,LIGHTS,12
        489435,85048,LIGHTS,1,2009-12-01 07:46:00,6.95,13085,United Kingdom
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).extracting(OrderEvent::getOrderId).containsExactly("489435");
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(3);
  }

  @Test
  void shouldRefuseAFileWithAnotherHeader() {
    // Given
    ReplaySource rees46 = source(Fixtures.REES46_HEADER);

    // When / Then
    assertThatThrownBy(() -> readAll(reader, rees46, stats))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage("not the Online Retail II CSV header: expected "
            + "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country but got "
            + "event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session"
            + " (is --format right, and the file comma-separated?)");
  }

  @Test
  void shouldReadTheRowsAfterAnUnbalancedQuoteAndCountOnlyItsRowMalformed() {
    // Given row 500001 opens a quote it never closes; the next quote is row 500005's
    String rows = """
        500001,A,"WHITE HANGING HEART,1,2010-01-01 10:00,1.00,100,UK
        500002,A,x,1,2010-01-01 10:01,1.00,101,UK
        500003,A,x,1,2010-01-01 10:02,1.00,102,UK
        500004,A,x,1,2010-01-01 10:03,1.00,103,UK
        500005,A,"RECORD FRAME 7"" SINGLE",1,2010-01-01 10:04,1.00,104,UK
        500006,A,x,1,2010-01-01 10:05,1.00,105,UK
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).extracting(OrderEvent::getOrderId)
        .containsExactly("500002", "500003", "500004", "500005", "500006");
    assertThat(orders.get(3).getUserId()).isEqualTo("104");
    assertThat(orders.get(3).getLines().get(0).getTitle()).isEqualTo("RECORD FRAME 7\" SINGLE");
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(1);
  }

  @Test
  void shouldReadAQuotedHeaderAfterAByteOrderMark() {
    // Given the header as Python's csv QUOTE_ALL with utf-8-sig writes it
    String csv = "\uFEFF\"Invoice\",\"StockCode\",\"Description\",\"Quantity\",\"InvoiceDate\",\"Price\","
        + "\"Customer ID\",\"Country\"\n"
        + "\"489434\",\"85048\",\"BALL\",\"12\",\"2009-12-01 07:45:00\",\"6.95\",\"13085\",\"United Kingdom\"\n";

    // When
    List<ReplayEvent> events = readAll(reader, source(csv), stats);

    // Then
    assertThat(events).extracting(ReplayEvent::userId).containsExactly("13085");
  }

  @Test
  void shouldCountAPriceTooLargeForTheSchemasAsMalformedAtOnce() {
    // Given prices whose exponents do not fit decimal(18,4), the second one 117 s of CPU to rescale
    String rows = """
        500001,A,x,1,2010-01-01 10:00,1e999999999,100,UK
        500002,A,x,1,2010-01-01 10:01,1E+100000000,101,UK
        500003,A,x,1,2010-01-01 10:02,100000000000000,102,UK
        500004,A,x,1,2010-01-01 10:03,99999999999999.9999,103,UK
        500005,A,x,1,2010-01-01 10:04,1e-999999999,104,UK
        """;

    // When
    long start = System.nanoTime();
    List<OrderEvent> orders = orders(rows);

    // Then the largest price that fits is kept; a tiny one rounds to zero (a zero-price line)
    assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).isLessThan(java.time.Duration.ofSeconds(5));
    assertThat(orders).extracting(OrderEvent::getOrderId).containsExactly("500004");
    assertThat(orders.get(0).getTotal()).isEqualTo(new BigDecimal("99999999999999.9999"));
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(3);
  }

  @Test
  void shouldCountAnImpossibleDateAsMalformed() {
    // Given 30 February and 31 April, and a real date with and without seconds
    String rows = """
        500001,A,x,1,2010-02-30 10:00,1.00,100,UK
        500002,A,x,1,2010-04-31 10:01:00,1.00,101,UK
        500003,A,x,1,2010-02-28 23:59,1.00,102,UK
        500004,A,x,1,2012-02-29 10:03:00,1.00,103,UK
        """;

    // When
    List<OrderEvent> orders = orders(rows);

    // Then
    assertThat(orders).extracting(OrderEvent::getOrderId).containsExactly("500003", "500004");
    assertThat(orders.get(1).getEventTime()).isEqualTo(Instant.parse("2012-02-29T10:03:00Z"));
    assertThat(stats.skipped(SkipReason.MALFORMED_ROW)).isEqualTo(2);
  }

  @Test
  void shouldCountAsReadOnlyTheOrdersTakenFromTheStream() {
    // Given three invoices closed at once at the end of the input
    String rows = """
        500001,A,x,1,2010-01-01 10:00,1.00,100,UK
        500002,A,x,1,2010-01-01 10:01,1.00,101,UK
        500003,A,x,1,2010-01-01 10:02,1.00,102,UK
        """;

    // When only the first is taken
    try (java.util.stream.Stream<ReplayEvent> events = reader.events(source(RETAIL_HEADER + rows), stats)) {
      assertThat(events.limit(1).count()).isEqualTo(1);
    }

    // Then
    assertThat(stats.read(Kind.ORDER)).isEqualTo(1);
  }
}
