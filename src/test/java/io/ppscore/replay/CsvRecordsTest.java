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

  /** Every record of {@code csv} with whether it is malformed and its line, as "line:malformed:fields". */
  private static List<String> parseWithFaults(String csv) throws IOException {
    List<String> out = new ArrayList<>();
    try (CsvRecords parser = new CsvRecords(new StringReader(csv))) {
      for (List<String> r = parser.next(); r != null; r = parser.next()) {
        out.add(parser.recordLine() + ":" + parser.malformed() + ":" + r.stream()
            .map(f -> f.length() > 20 ? f.length() + " chars" : f).toList());
      }
    }
    return out;
  }

  @Test
  void shouldNotCarryTheQuotedTextCapOverToTheNextRecord() throws IOException {
    // Given a record spanning two lines followed by more than the cap of unquoted text, then short records
    String csv = "h1,h2\n\"a\nb\"," + "x".repeat(CsvRecords.MAX_SPANNED_CHARS + 10) + "\n\"q\",r\ns,t\n";

    // When
    List<String> records = parseWithFaults(csv);

    // Then all are valid: the quoted "q" on line 4 used to be malformed, read against the previous record's text
    assertThat(records).containsExactly("1:false:[h1, h2]", "2:false:[a\nb, " + (CsvRecords.MAX_SPANNED_CHARS + 10)
        + " chars]", "4:false:[q, r]", "5:false:[s, t]");
  }

  @Test
  void shouldCountOnlyQuotedTextPastTheFirstLineTowardsTheCap() throws IOException {
    // Given a record spanning lines whose unquoted field after the line break is longer than the cap
    String csv = "\"a\nb\"," + "x".repeat(CsvRecords.MAX_SPANNED_CHARS + 10) + ",\"c\"\nd,e\n";

    // When
    List<String> records = parseWithFaults(csv);

    // Then it is valid (it used to be malformed, its unquoted text counted as a quoted field's)
    assertThat(records).containsExactly("1:false:[a\nb, " + (CsvRecords.MAX_SPANNED_CHARS + 10) + " chars, c]",
        "3:false:[d, e]");
  }

  @Test
  void shouldGiveUpARecordWhoseQuotedFieldRunsPastTheCap() throws IOException {
    // Given a quote opened on line 1 that closes only after more than the cap of later lines
    String line = "y".repeat(999) + "\n";
    int lines = CsvRecords.MAX_SPANNED_CHARS / line.length() + 2;
    String csv = "1,\"open\n" + line.repeat(lines) + "z\",w\n2,ok\n";

    // When
    List<String> records = parseWithFaults(csv);

    // Then the first line is malformed and every later line is read again as its own record (the quote on the
    // last one is then plain text)
    assertThat(records).hasSize(1 + lines + 2);
    assertThat(records.get(0)).startsWith("1:true:");
    assertThat(records.get(1)).isEqualTo("2:false:[999 chars]");
    assertThat(records.get(lines + 1)).isEqualTo((lines + 2) + ":false:[z\", w]");
    assertThat(records.get(lines + 2)).isEqualTo((lines + 3) + ":false:[2, ok]");
  }

  @Test
  void shouldKeepSpacesBetweenAClosingQuoteAndTheCommaOrLineEnd() throws IOException {
    // Given hand-edited rows with spaces or a tab after a closing quote, and a closing quote followed by text
    String csv = "\"abc\" ,x\n\"d\"\t\r\n\"e\"  \n\"f\" g,h\ni,j\n";

    // When
    List<String> records = parseWithFaults(csv);

    // Then the spaces stay in the field, as the first reader read them (they used to make the row malformed),
    // and text after the spaces still makes its row malformed
    assertThat(records).containsExactly("1:false:[abc , x]", "2:false:[d\t]", "3:false:[e  ]", "4:true:[f ]",
        "5:false:[i, j]");
  }
}
