package io.ppscore.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
  void shouldRejectAnUnterminatedQuotedField() {
    assertThatThrownBy(() -> parse("a,\"never closed\n"))
        .isInstanceOf(IOException.class)
        .hasMessage("unterminated quoted field in the record starting on line 1");
  }
}
