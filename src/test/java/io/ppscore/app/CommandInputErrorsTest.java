package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Unusable input files, devices and encoders end train, evaluate and score-batch with one clear line; bad options end demo and bench before they start anything. */
class CommandInputErrorsTest {

  private static final String RETAIL_HEADER = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n";
  private static final String RETAIL_ROW = "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45,6.95,13085.0,United Kingdom\n";

  @TempDir
  Path dir;

  private record Result(int exit, String err) {
    long errLines() {
      return err.lines().count();
    }
  }

  private static Result run(String... args) {
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    int exit = cli.execute(args);
    return new Result(exit, err.toString());
  }

  private static String[] withInput(String command, Path input, String... more) {
    String[] base = switch (command) {
      case "score-batch" -> new String[] {command, "--input", input.toString(), "--cutoff", "2011-01-01", "--out",
          input.resolveSibling("scores.csv").toString()};
      case "train" -> new String[] {command, "--input", input.toString(), "--encoder", "none", "--out",
          input.resolveSibling("model").toString()};
      default -> new String[] {command, "--input", input.toString(), "--encoder", "none", "--out",
          input.resolveSibling("evaluation").toString()};
    };
    return Stream.concat(Arrays.stream(base), Arrays.stream(more)).toArray(String[]::new);
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "evaluate", "score-batch"})
  void shouldReportAMissingInputFileInOneLine(String command) {
    // When a command is given a file that does not exist
    Result result = run(withInput(command, dir.resolve("missing.csv.gz")));

    // Then it fails with one line naming the option and the file, no stack trace
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore " + command + ": --input " + dir.resolve("missing.csv.gz") + ": no such file");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @Test
  void shouldReportAnInputThatIsADirectoryInOneLine() {
    Result result = run(withInput("train", dir));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("--input " + dir + ": not a file");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "evaluate", "score-batch"})
  void shouldReportAFileOfTheOtherDatasetInOneLineWithItsCause(String command) throws IOException {
    // Given a REES46 file read with the default online-retail format
    Path rees46 = Files.writeString(dir.resolve("rees46.csv"), "event_time,event_type,product_id,category_id,"
        + "category_code,brand,price,user_id,user_session\n2019-10-01 00:00:00 UTC,view,44600062,2103807459595387724,,"
        + "shiseido,35.79,541312140,72d76fde-8bb3-4e00-8c23-a032dfed738c\n");

    // When
    Result result = run(withInput(command, rees46));

    // Then the one line names the file and the header the reader expected, with a hint
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains(rees46.toString(), "not the Online Retail II CSV header", "is --format right");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @Test
  void shouldReportASemicolonSeparatedFileInOneLine() throws IOException {
    Path semicolons = Files.writeString(dir.resolve("semicolons.csv"), RETAIL_HEADER.replace(',', ';')
        + RETAIL_ROW.replace(',', ';'));

    Result result = run(withInput("train", semicolons));

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains("but got Invoice;StockCode;", "comma-separated");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @Test
  void shouldReportATruncatedGzipInOneLineWithTheRootCause() throws IOException {
    // Given a gzipped file cut off in the middle
    StringBuilder csv = new StringBuilder(RETAIL_HEADER);
    for (int i = 0; i < 5_000; i++) {
      csv.append(RETAIL_ROW.replace("489434", Integer.toString(500_000 + i)));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
      gzip.write(csv.toString().getBytes(StandardCharsets.UTF_8));
    }
    byte[] whole = bytes.toByteArray();
    Path truncated = Files.write(dir.resolve("truncated.csv.gz"), Arrays.copyOf(whole, whole.length / 2));

    // When
    Result result = run(withInput("train", truncated));

    // Then the line says what failed and why (the cause used to be only in a stack trace's "Caused by")
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).contains(truncated.toString(), "cannot read the dataset", "Unexpected end of ZLIB input stream");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "evaluate", "score-batch"})
  void shouldRefuseAnUnknownDeviceWhileParsingBeforeLookingAtTheInput(String command) {
    // When the device is wrong and the input is missing too
    Result result = run(withInput(command, dir.resolve("missing.csv"), "--device", "gpu"));

    // Then the device is reported (it is checked first), as a usage error with a pointer to --help, not the usage
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("Invalid value for option '--device'", "'gpu' is not auto, cpu, cuda or cuda:N",
        "see ppscore " + command + " --help").doesNotContain("missing.csv").doesNotContain("Usage:");
    assertThat(result.errLines()).isEqualTo(2);
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "evaluate"})
  void shouldRefuseAnUnknownEncoderWhileParsingBeforeLookingAtTheInput(String command) {
    Result result = run(withInput(command, dir.resolve("missing.csv"), "--encoder", "minilm"));

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("Invalid value for option '--encoder'", "unknown encoder 'minilm'",
        "all-minilm-l6-v2").doesNotContain("missing.csv");
  }

  @Test
  void shouldReportAnUnusableCudaDeviceInOneLineBeforeReadingTheInput() throws IOException {
    assumeFalse(Files.exists(Path.of("/proc/driver/nvidia/version")), "a machine with an NVIDIA driver may run CUDA");
    // Given an input that would fail to read (the wrong header), and a CUDA device this machine does not have
    Path semicolons = Files.writeString(dir.resolve("semicolons.csv"), RETAIL_HEADER.replace(',', ';'));

    // When the text encoder is asked for on CUDA
    Result result = run("train", "--input", semicolons.toString(), "--encoder", "all-minilm-l6-v2", "--device", "cuda",
        "--out", dir.resolve("model").toString());

    // Then the CUDA failure is reported in one line, before the file is read (its header error never shows)
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore train: CUDA execution provider unavailable").doesNotContain("CSV header");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @ParameterizedTest
  @ValueSource(strings = {"train", "evaluate", "score-batch"})
  void shouldFailNamingTheSkipReasonsWhenEveryRowIsSkipped(String command) throws IOException {
    // Given the right header but dates as a US spreadsheet writes them: every row is skipped as malformed
    Path usDates = Files.writeString(dir.resolve("us-dates.csv"), RETAIL_HEADER
        + RETAIL_ROW.replace("2009-12-01 07:45", "12/1/2009 7:45"));

    // When
    Result result = run(withInput(command, usDates));

    // Then the command fails saying so (score-batch used to write a header-only CSV and exit 0, train to
    // complain about cut-offs), and score-batch writes no CSV
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore " + command + ": no events read from " + usDates
        + ", everything was skipped: 1 rows skipped: malformed row");
    assertThat(result.errLines()).isEqualTo(1);
    assertThat(dir.resolve("scores.csv")).doesNotExist();
  }

  @ParameterizedTest
  @ValueSource(strings = {"--cutoff=2009-06-01", "--as-of=2009-12-01T07:45:00Z"})
  void shouldFailScoreBatchGivingTheOrdersSpanWhenNoCustomerOrderedBeforeTheReferenceTime(String referenceTime)
      throws IOException {
    // Given one order at 2009-12-01 07:45, and a reference time at or before it (a year typo, a cut-off before the data)
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL_HEADER + RETAIL_ROW);
    Path csv = dir.resolve("scores.csv");

    // When
    java.io.PrintStream systemErr = System.err;
    ByteArrayOutputStream progress = new ByteArrayOutputStream();
    Result result;
    try {
      System.setErr(new java.io.PrintStream(progress, true, StandardCharsets.UTF_8));
      result = run("score-batch", "--input", retail.toString(), referenceTime, "--out", csv.toString());
    } finally {
      System.setErr(systemErr);
    }

    // Then it fails in one line giving the data's orders span (it used to write a header-only CSV and exit 0),
    // before embedding any text, and writes no CSV
    String option = referenceTime.substring(0, referenceTime.indexOf('='));
    String value = referenceTime.substring(referenceTime.indexOf('=') + 1);
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore score-batch: no customer has an order before " + value + " (" + option
        + "): the data's orders span 2009-12-01T07:45:00Z to 2009-12-01T07:45:00Z; nothing written to " + csv);
    assertThat(result.errLines()).isEqualTo(1);
    assertThat(progress.toString(StandardCharsets.UTF_8)).contains("Read 1 events").doesNotContain("Embedding texts");
    assertThat(csv).doesNotExist();
  }

  @Test
  void shouldNameTheAbsoluteManifestPathAndSuggestModelDirWhenScoreBatchFindsNoModel() throws IOException {
    // Given a readable input and a relative --model-dir that holds no model (as "models" from another directory)
    Path input = Files.writeString(dir.resolve("orders.csv"), RETAIL_HEADER + RETAIL_ROW);

    // When
    Result result = run("score-batch", "--input", input.toString(), "--cutoff", "2011-01-01", "--out",
        dir.resolve("scores.csv").toString(), "--model-dir", "modles");

    // Then one line names the absolute path looked at and --model-dir (it said "models/manifest.json",
    // relative, and advised only 'ppscore train')
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore score-batch: no model manifest at "
        + Path.of("modles", "manifest.json").toAbsolutePath() + ": pass --model-dir");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnUnusableScoreBatchOutBeforeReadingTheInput() throws IOException {
    // Given an output path through a regular file, and an input that would fail to read
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");
    Path usDates = Files.writeString(dir.resolve("us-dates.csv"), RETAIL_HEADER
        + RETAIL_ROW.replace("2009-12-01 07:45", "12/1/2009 7:45"));

    // When
    Result result = run("score-batch", "--input", usDates.toString(), "--cutoff", "2011-01-01", "--out",
        blocker.resolve("scores.csv").toString());

    // Then the output is refused first, in one line (it used to fail after all the work, with a bare exception)
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore score-batch: --out " + blocker.resolve("scores.csv") + ": " + blocker
        + " is not a directory").doesNotContain("no events read");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @Test
  void shouldRefuseADemoPortOutOfRangeAsAUsageErrorBeforeStartingTheBroker() {
    // Given the demo's stdout, where it announces the broker it starts
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    java.io.PrintStream original = System.out;
    System.setOut(new java.io.PrintStream(stdout, true, StandardCharsets.UTF_8));
    Result result;
    try {
      // When the API port cannot exist (free broker and registry ports, so a regression starts nothing fixed)
      result = run("demo", "--kafka-port", "0", "--registry-port", "0", "--http-port", "99999", "--model-dir", "");
    } finally {
      System.setOut(original);
    }

    // Then a usage error names the option, followed by a pointer to --help, not the usage; no broker was started
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err().lines()).containsExactly("--http-port 99999: a port must be in 0..65535 (0 picks a free one)",
        "see ppscore demo --help");
    assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain("Starting the in-process Kafka broker");
  }

  @Test
  void shouldRefuseTheSameDemoPortTwiceAsAUsageError() {
    Result result = run("demo", "--kafka-port", "0", "--registry-port", "18081", "--http-port", "18081", "--model-dir", "");

    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).contains("--http-port 18081: the same port as --registry-port");
  }

  @Test
  void shouldRefuseAnUnusableBenchOutBeforeStartingAnything() throws IOException {
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");

    // small settings, so a regression costs seconds rather than a full bench
    Result result = run("bench", "--out", blocker.resolve("bench.json").toString(), "--events", "10",
        "--paced-seconds", "0", "--encoder-texts", "8", "--per-record-events", "5");

    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).startsWith("ppscore bench: --out " + blocker.resolve("bench.json") + ": " + blocker
        + " is not a directory");
    assertThat(result.errLines()).isEqualTo(1);
  }

  @Test
  void shouldRefuseAnUnusableTrainOrEvaluateOutBeforeReadingTheInput() throws IOException {
    // Given an output directory under a regular file, and an input that would fail to read
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");
    Path usDates = Files.writeString(dir.resolve("us-dates.csv"), RETAIL_HEADER
        + RETAIL_ROW.replace("2009-12-01 07:45", "12/1/2009 7:45"));

    for (String command : new String[] {"train", "evaluate"}) {
      // When
      Result result = run(command, "--input", usDates.toString(), "--encoder", "none", "--out",
          blocker.resolve("out").toString());

      // Then the output is refused first, in one line (it used to fail only when writing, after the work)
      assertThat(result.exit()).as(command).isEqualTo(1);
      assertThat(result.err()).as(command).startsWith("ppscore " + command + ": --out " + blocker.resolve("out")
          + ": " + blocker + " is not a directory").doesNotContain("no events read");
      assertThat(result.errLines()).as(command).isEqualTo(1);
    }
  }
}
