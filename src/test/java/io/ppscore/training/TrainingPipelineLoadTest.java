package io.ppscore.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.replay.OnlineRetailReader;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainingPipelineLoadTest {

  private static final String HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";

  private final ByteArrayOutputStream progress = new ByteArrayOutputStream();
  private final TrainingPipeline pipeline = new TrainingPipeline(new PrintStream(progress, true, StandardCharsets.UTF_8));

  private static ReplaySource csv(String name, String content) {
    return new ReplaySource() {
      @Override
      public java.io.InputStream open() {
        return new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8));
      }

      @Override
      public String toString() {
        return name;
      }
    };
  }

  private String progress() {
    return progress.toString(StandardCharsets.UTF_8);
  }

  @Test
  void shouldPrintTheEventsReadAndTheRowsSkippedByReason() {
    // Given one invoice of two lines, a guest row and a row with an unreadable quantity
    ReplaySource source = csv("mixed.csv", HEADER
        + "489434,85048,LIGHTS,12,2009-12-01 07:45,6.95,13085.0,United Kingdom\n"
        + "489434,79323P,PINK CHERRY LIGHTS,12,2009-12-01 07:45,6.75,13085.0,United Kingdom\n"
        + "489435,22350,CAT BOWL,12,2009-12-01 07:46,2.55,,United Kingdom\n"
        + "489436,22351,DOG BOWL,twelve,2009-12-01 07:47,2.55,13086.0,United Kingdom\n");

    // When
    List<ReplayEvent> events = pipeline.load(new OnlineRetailReader(), source);

    // Then the progress output says what was read and what was skipped, and why
    assertThat(events).hasSize(1);
    assertThat(progress()).contains("Read 1 events (1 orders) from mixed.csv")
        .contains("  1 rows skipped: no customer/user id (guest)")
        .contains("  1 rows skipped: malformed row");
  }

  @Test
  void shouldFailNamingTheTopSkipReasonsWhenEveryRowIsSkipped() {
    // Given the right header, but US dates and a decimal comma (a spreadsheet's export)
    ReplaySource source = csv("us-export.csv", HEADER
        + "489434,85048,LIGHTS,12,12/1/2009 7:45,6.95,13085.0,United Kingdom\n"
        + "489435,22350,CAT BOWL,12,12/1/2009 7:46,\"2,55\",13086.0,United Kingdom\n"
        + "489436,22351,DOG BOWL,12,2009-12-01 07:47,2,55,13086.0,United Kingdom\n");

    // When / Then: not zero events passed on as success, but an error saying why
    assertThatThrownBy(() -> pipeline.load(new OnlineRetailReader(), source))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("no events read from us-export.csv, everything was skipped: 3 rows skipped: malformed row")
        .hasMessageContaining("comma-separated, with decimal points and dates like 2009-12-01 07:45");
    assertThat(progress()).contains("Read 0 events (none) from us-export.csv", "3 rows skipped: malformed row");
  }

  @Test
  void shouldListTheMostFrequentReasonsFirst() {
    // Given only guest rows and one malformed row
    ReplaySource source = csv("guests.csv", HEADER
        + "489435,22350,CAT BOWL,12,2009-12-01 07:46,2.55,,United Kingdom\n"
        + "489436,22350,CAT BOWL,12,2009-12-01 07:47,2.55,,United Kingdom\n"
        + "489437,22351,DOG BOWL,x,2009-12-01 07:48,2.55,13086.0,United Kingdom\n");

    assertThatThrownBy(() -> pipeline.load(new OnlineRetailReader(), source))
        .hasMessageContaining("everything was skipped: 2 rows skipped: no customer/user id (guest); "
            + "2 invoices skipped: guest invoice (no customer id); 1 rows skipped: malformed row");
  }

  @Test
  void shouldFailWhenTheFileHasOnlyAHeader() {
    assertThatThrownBy(() -> pipeline.load(new OnlineRetailReader(), csv("empty.csv", HEADER)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no events read from empty.csv: it has no data rows");
  }
}
