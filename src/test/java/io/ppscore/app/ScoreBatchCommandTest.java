package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who {@code score-batch} scores, in which order, and what it warns about, on small hand-made files. */
class ScoreBatchCommandTest {

  private static final String RETAIL_HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
  /**
   * Before 2010-02-01: customers 100 and 9 place orders, 10 only cancels one, 777's only invoice has only a
   * zero-price line. After it: 5's first order, with a title nobody else has.
   */
  private static final String RETAIL = RETAIL_HEADER + """
      500001,85048,GLASS BALL,2,2010-01-05 10:00,2.00,100.0,United Kingdom
      500002,85049,WHITE HEART,3,2010-01-04 10:00,1.50,9.0,United Kingdom
      C500003,85048,GLASS BALL,-2,2010-01-06 10:00,2.00,10.0,United Kingdom
      500004,85050,FREE SAMPLE,1,2010-01-07 10:00,0.00,777.0,United Kingdom
      500005,85051,RED UMBRELLA,1,2010-03-01 10:00,4.00,5.0,United Kingdom
      """;
  private static final String REES46 = """
      event_time,event_type,product_id,category_id,category_code,brand,price,user_id,user_session
      2019-10-01 00:00:00 UTC,purchase,44600062,2103807459595387724,,shiseido,35.79,541312140,s1
      """;

  @TempDir
  Path dir;

  private record Result(int exit, String progress) {
  }

  /** Runs the command with the committed model; {@code progress} is what it printed on stderr. */
  private static Result run(String... args) {
    var cli = Main.commandLine();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(new StringWriter()));
    PrintStream systemErr = System.err;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    try {
      System.setErr(new PrintStream(progress, true, StandardCharsets.UTF_8));
      int exit = cli.execute(args);
      return new Result(exit, progress.toString(StandardCharsets.UTF_8));
    } finally {
      System.setErr(systemErr);
    }
  }

  private Result scoreRetail(String cutoff, Path csv) throws Exception {
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);
    return run("score-batch", "--input", retail.toString(), "--cutoff", cutoff, "--out", csv.toString(),
        "--device", "cpu");
  }

  @Test
  void shouldScoreEveryCustomerWithAnOrderBeforeTheCutoffIncludingCancellationsOnlyInCustomerIdOrder() throws Exception {
    // Given the hand-made file, and a cut-off after its first four invoices
    Path csv = dir.resolve("scores.csv");

    // When
    Result result = scoreRetail("2010-02-01", csv);

    // Then 9, 10 (only a cancellation: scored as streaming scores it) and 100 are scored, in numeric id order
    // (hash order was 100, 9, 10); 5 ordered only after the cut-off
    assertThat(result.exit()).isZero();
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.subList(1, lines.size())).extracting(l -> l.substring(0, l.indexOf(',')))
        .containsExactly("9", "10", "100");
    // and 777, whose only invoice the reader dropped, is named in one line, not silently left out
    assertThat(result.progress()).contains("1 customer whose orders before the cut-off had no priced line "
        + "(only zero-price lines, dropped by the reader) is not scored: 777")
        .contains("Scored 3 customers (1 of them without a paid placed order) with model ");
  }

  @Test
  void shouldEmbedOnlyTheTextsOfEventsBeforeTheCutoff() throws Exception {
    // When the file is scored at a cut-off before 5's order, whose title no earlier event has
    Result result = scoreRetail("2010-02-01", dir.resolve("scores.csv"));

    // Then only the two titles of the placed orders before it are embedded (the cancellation's title is one
    // of them), not RED UMBRELLA
    assertThat(result.exit()).isZero();
    assertThat(result.progress()).contains("embedded 2/2 distinct texts");
  }

  @Test
  void shouldReadTheEmbeddingsOfARerunFromTheEmbeddingCacheAndWriteTheSameScores() throws Exception {
    // Given the file scored once without a cache, and once filling one
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);
    Path cache = dir.resolve("embedding-cache");
    Result plain = scoreRetail("2010-02-01", dir.resolve("plain.csv"));
    Result filling = run("score-batch", "--input", retail.toString(), "--cutoff", "2010-02-01", "--out",
        dir.resolve("filling.csv").toString(), "--device", "cpu", "--embedding-cache", cache.toString());

    // When it is scored again with the same cache
    Result rerun = run("score-batch", "--input", retail.toString(), "--cutoff", "2010-02-01", "--out",
        dir.resolve("rerun.csv").toString(), "--device", "cpu", "--embedding-cache", cache.toString());

    // Then the rerun embeds nothing, and all three write the same scores
    assertThat(plain.exit()).isZero();
    assertThat(filling.exit()).isZero();
    assertThat(filling.progress()).contains("0 texts read from the embedding cache, 2 embedded");
    assertThat(rerun.exit()).isZero();
    assertThat(rerun.progress()).contains("2 texts read from the embedding cache, 0 embedded");
    assertThat(Files.readString(dir.resolve("rerun.csv"))).isEqualTo(Files.readString(dir.resolve("plain.csv")))
        .isEqualTo(Files.readString(dir.resolve("filling.csv")));
  }

  @Test
  void shouldEmbedAtTheMaxSequenceLengthTheModelsManifestRecords() throws Exception {
    // Given an order with a title longer than 6 word pieces, and the committed model copied as if trained
    // with train --max-sequence-length 8
    Path retail = Files.writeString(dir.resolve("long.csv"), RETAIL_HEADER
        + "500001,85048,SET OF THREE VINTAGE CHRISTMAS GLASS BALLS WITH TWENTY WARM WHITE LIGHTS,2,2010-01-05 10:00,2.00,"
        + "100.0,United Kingdom\n");
    Path shortModel = io.ppscore.model.CommittedModelCopy.into(Files.createDirectories(dir.resolve("model-seq8")), m ->
        ((com.fasterxml.jackson.databind.node.ObjectNode) m.get("training").get("options"))
            .put(io.ppscore.model.ModelManifest.MAX_SEQUENCE_LENGTH_OPTION, 8));

    // When the file is scored with it and with the committed model (no length recorded: 128)
    Result atEight = run("score-batch", "--input", retail.toString(), "--cutoff", "2010-02-01", "--out",
        dir.resolve("seq8.csv").toString(), "--device", "cpu", "--model-dir", shortModel.toString(),
        "--embedding-cache", dir.resolve("cache").toString());
    Result atDefault = run("score-batch", "--input", retail.toString(), "--cutoff", "2010-02-01", "--out",
        dir.resolve("seq128.csv").toString(), "--device", "cpu", "--embedding-cache", dir.resolve("cache").toString());

    // Then each embeds at its model's length (it always embedded at 128), so the long title's features and the
    // scores differ
    assertThat(atEight.exit()).isZero();
    assertThat(atDefault.exit()).isZero();
    assertThat(atEight.progress()).contains("all-minilm-l6-v2-seq8-cpu-");
    assertThat(atDefault.progress()).contains("all-minilm-l6-v2-seq128-cpu-");
    assertThat(Files.readString(dir.resolve("seq8.csv"))).isNotEqualTo(Files.readString(dir.resolve("seq128.csv")));
  }

  @Test
  void shouldWarnWhenTheCutoffIsLongAfterTheDataEnds() throws Exception {
    // When the cut-off is 20 years after the file's last event (2010-03-01 10:00)
    Result late = scoreRetail("2030-03-01", dir.resolve("late.csv"));
    Result inside = scoreRetail("2010-02-01", dir.resolve("inside.csv"));

    // Then it still scores, with a warning naming the last event and the gap; none for a cut-off inside the data
    assertThat(late.exit()).isZero();
    assertThat(late.progress()).contains("WARN: 2030-03-01 (--cutoff) is 7,304.6 days after the data's last event "
        + "(2010-03-01T10:00:00Z): every customer is scored as inactive for at least that long");
    assertThat(inside.progress()).doesNotContain("WARN");
  }

  @Test
  void shouldWarnPerCurrencyWhenCustomersAreScoredInAnotherCurrencyThanTheModels() throws Exception {
    // Given a REES46 purchase (USD) and the committed model, trained on GBP amounts
    Path rees46 = Files.writeString(dir.resolve("rees46.csv"), REES46);
    Path csv = dir.resolve("scores.csv");

    // When
    Result result = run("score-batch", "--format", "rees46", "--input", rees46.toString(), "--cutoff", "2019-11-01",
        "--out", csv.toString(), "--device", "cpu");

    // Then the customer is scored, and one warning says the amounts were not converted
    assertThat(result.exit()).isZero();
    assertThat(Files.readAllLines(csv)).hasSize(2);
    assertThat(result.progress()).contains("WARN: 1 customer scored in USD with a model trained on GBP amounts: "
        + "amounts are not converted");
  }
}
