package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvRecordsTest {

  private static List<List<String>> parse(String csv) throws IOException {
    List<List<String>> records = new ArrayList<>();
    try (CsvRecords parser = new CsvRecords(new StringReader(csv))) {
      for (List<String> r = parser.next(); r != null; r = parser.next()) {
        records.add(r);
      }
    }
    return records;
  }

  @Test
  void shouldSplitQuotedFieldsHoldingCommasDoubledQuotesAndLineBreaks() throws IOException {
    // Given
    String csv = "a,\"b, with comma\",\"say \"\"hi\"\"\"\r\n\"two\nlines\",,\"\"\r\nlast,row,x";

    // When
    List<List<String>> records = parse(csv);

    // Then
    assertThat(records).containsExactly(
        List.of("a", "b, with comma", "say \"hi\""),
        List.of("two\nlines", "", ""),
        List.of("last", "row", "x"));
  }

  @Test
  void shouldReportTheLineOnWhichEachRecordStarts() throws IOException {
    // Given
    try (CsvRecords parser = new CsvRecords(new StringReader("h\r\n\"x\ny\"\r\nz\n"))) {
      // When / Then
      parser.next();
      assertThat(parser.recordLine()).isEqualTo(1);
      parser.next();
      assertThat(parser.recordLine()).isEqualTo(2);
      parser.next();
      assertThat(parser.recordLine()).isEqualTo(4);
    }
  }

  @Test
  void shouldGiveUpOnlyTheFirstLineOfARecordWhoseQuoteNeverCloses() throws IOException {
    // Given a quote opened on line 2 and never closed
    String csv = "h1,h2\na,\"never closed\nb,c\nd,e\n";

    // When
    List<List<String>> records = new ArrayList<>();
    List<Boolean> malformed = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try (CsvRecords parser = new CsvRecords(new StringReader(csv))) {
      for (List<String> r = parser.next(); r != null; r = parser.next()) {
        records.add(r);
        malformed.add(parser.malformed());
        lines.add(parser.recordLine());
      }
    }

    // Then the lines after it are read again as records, on their own line numbers
    assertThat(malformed).containsExactly(false, true, false, false);
    assertThat(records.get(2)).containsExactly("b", "c");
    assertThat(records.get(3)).containsExactly("d", "e");
    assertThat(lines).containsExactly(1L, 2L, 3L, 4L);
  }

  @Test
  void shouldResynchroniseOnTheNextLineWhenAClosingQuoteIsFollowedByText() throws IOException {
    // Given an unbalanced quote on line 1 whose run ends at the opening quote of line 4, and a bad close on line 5
    String csv = "1,\"open,x\r\n2,a,x\r\n3,b,x\r\n4,\"say \"\"hi\"\"\",x\r\n5,\"q\"z,x\r\n6,c,x\r\n";

    // When
    List<List<String>> records = new ArrayList<>();
    List<Boolean> malformed = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    try (CsvRecords parser = new CsvRecords(new StringReader(csv))) {
      for (List<String> r = parser.next(); r != null; r = parser.next()) {
        records.add(r);
        malformed.add(parser.malformed());
        lines.add(parser.recordLine());
      }
    }

    // Then only lines 1 and 5 are malformed; every other line is its own record, doubled quotes kept
    assertThat(malformed).containsExactly(true, false, false, false, true, false);
    assertThat(lines).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
    assertThat(records.get(1)).containsExactly("2", "a", "x");
    assertThat(records.get(3)).containsExactly("4", "say \"hi\"", "x");
    assertThat(records.get(5)).containsExactly("6", "c", "x");
  }

  @Test
  void shouldDropALeadingByteOrderMarkBeforeAQuotedHeader() throws IOException {
    // Given a header as PowerShell's Export-Csv -Encoding UTF8 writes it
    String csv = "\uFEFF\"Invoice\",\"StockCode\"\n\"1\",\"2\"\n";

    // When
    List<List<String>> records = parse(csv);

    // Then
    assertThat(records).containsExactly(List.of("Invoice", "StockCode"), List.of("1", "2"));
  }
}
