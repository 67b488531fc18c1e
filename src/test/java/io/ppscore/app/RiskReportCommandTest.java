package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code risk-report} checks its options, --out included, before it reads the dataset. */
class RiskReportCommandTest {

  private static final String RETAIL = "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
      + "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45,6.95,13085.0,United Kingdom\n";

  @TempDir
  Path dir;

  private record Result(int exit, String err) {}

  private static Result run(String... args) {
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));
    return new Result(cli.execute(args), err.toString());
  }

  @Test
  void shouldRefuseNegativeWarmUpDaysNamingTheOption() throws IOException {
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);

    Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "-5");

    // it used to be accepted (counting from before the first event); a usage error, as demo and bench give
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("--warmup-days must not be negative, was -5"
        + System.lineSeparator() + "see ppscore risk-report --help" + System.lineSeparator());
  }

  @Test
  void shouldRefuseAnUnknownRiskKeyOrAValueItsSettingRefusesAsAUsageErrorBeforeReadingTheDataset()
      throws IOException {
    // Given a readable dataset
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);

    for (String setting : List.of("risk.cancellation.min.count=1", "risk.velocity.orders.10m=abc", "risk.nope=1")) {
      // When a --set names an unknown risk.* key or a value out of its setting's range
      Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0", "--set", setting);

      // Then it is a usage error naming the key, with a pointer to --help (it ended with exit code 1, as run does)
      String key = setting.substring(0, setting.indexOf('='));
      assertThat(result.exit()).as(setting).isEqualTo(2);
      assertThat(result.err()).as(setting).contains(key)
          .endsWith("see ppscore risk-report --help" + System.lineSeparator());
    }
  }

  @Test
  void shouldRefuseAnUnusableOutBeforeReadingTheDataset() throws IOException {
    // Given an output path through a regular file, and an input that does not exist
    Path blocker = Files.writeString(dir.resolve("blocker"), "x");

    // When
    Result result = run("risk-report", "--input", dir.resolve("missing.csv").toString(), "--out",
        blocker.resolve("risk.md").toString());

    // Then --out is refused first, in one line (it was written with Files.writeString after all the work)
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("ppscore risk-report: --out " + blocker.resolve("risk.md") + ": " + blocker
        + " is not a directory" + System.lineSeparator());
  }

  @Test
  void shouldRefuseASettingTheReportDoesNotReadAsAUsageError() throws IOException {
    // Given a readable dataset
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);

    // When a --set names a setting outside risk.*
    Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0", "--set", "http.port=1");

    // Then it is a usage error naming the key (it used to exit 0 and report as if the setting applied), followed by
    // a pointer to --help, not the usage text
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).isEqualTo("--set http.port: risk-report reads only risk.* settings"
        + System.lineSeparator() + "see ppscore risk-report --help" + System.lineSeparator());
  }

  @Test
  void shouldRefuseRiskSettingsWithoutEffectOnTheReportAsAUsageError() throws IOException {
    // Given a readable dataset
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);

    for (String setting : List.of("risk.enabled=false", "risk.score.collapse.points=10",
        "risk.score.collapse.window.ms=1000", "risk.spend.spike.predicted.factor=2",
        "risk.spend.spike.score.max.age.ms=1000")) {
      // When a --set names risk.enabled or a key of a score-based check
      Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0", "--set", setting);

      // Then it is a usage error saying it has no effect (risk.enabled=false used to print a full report)
      String key = setting.substring(0, setting.indexOf('='));
      assertThat(result.exit()).as(setting).isEqualTo(2);
      assertThat(result.err()).as(setting).startsWith("--set " + key + ": has no effect on risk-report, "
          + "which runs the event rules without a model");
    }
  }

  /**
   * Customer 12345 places three invoices in four minutes (below the default 10-minute threshold of 5), customer
   * 67890 two; every invoice is small, so no other rule can flag.
   */
  private static final String THREE_ORDERS_IN_FOUR_MINUTES =
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
      + "500001,85048,GLASS BALL,1,2010-03-01 10:00,2.00,12345.0,United Kingdom\n"
      + "500002,85048,GLASS BALL,1,2010-03-01 10:01,2.00,67890.0,United Kingdom\n"
      + "500003,85048,GLASS BALL,1,2010-03-01 10:02,2.00,12345.0,United Kingdom\n"
      + "500004,85048,GLASS BALL,1,2010-03-01 10:03,2.00,67890.0,United Kingdom\n"
      + "500005,85048,GLASS BALL,1,2010-03-01 10:04,2.00,12345.0,United Kingdom\n";

  @Test
  void shouldFlagOnlyTheUserAtTheVelocityThresholdSetOnTheCommandLine() throws IOException {
    // Given three orders of one user and two of another within ten minutes
    Path retail = Files.writeString(dir.resolve("retail.csv"), THREE_ORDERS_IN_FOUR_MINUTES);
    Path withDefaults = dir.resolve("defaults.md");
    Path withSetting = dir.resolve("set.md");

    // When the report runs with the default threshold (5), then with --set risk.velocity.orders.10m=3
    Result defaults = run("risk-report", "--input", retail.toString(), "--warmup-days", "0",
        "--out", withDefaults.toString());
    Result set = run("risk-report", "--input", retail.toString(), "--warmup-days", "0",
        "--set", "risk.velocity.orders.10m=3", "--out", withSetting.toString());

    // Then the default threshold flags nobody
    assertThat(defaults.exit()).as(defaults.err()).isZero();
    assertThat(Files.readString(withDefaults)).contains("| velocity | 0 | 0 | 0.00 % | 0 |")
        .contains("| any rule | 0 | 0 |");
    // and the set one flags the third order of 12345 only: one flag, one of two active users, one order
    assertThat(set.exit()).as(set.err()).isZero();
    String report = Files.readString(withSetting);
    assertThat(report).contains("| velocity | 1 | 1 | 50.00 % | 1 |")
        .contains("| any rule | 1 | 1 | 50.00 % | 1 |")
        .contains("- user 12345, 2010-03-01T10:04:00Z, LOW, event online-retail:500005: 3 orders and 0 cart "
            + "additions in 10 minutes, 3 orders and 0 cart additions in the last hour (thresholds 3, 40, 8, 120)")
        .doesNotContain("user 67890");
  }

  @Test
  void shouldRefuseTheDefaultCurrencyWhichNoDatasetEventLacks() throws IOException {
    // Given a readable dataset
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);

    // When currency.default is set
    Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0",
        "--set", "currency.default=USD");

    // Then it is a usage error saying why (both dataset readers give every event a currency, so the default
    // never applied: it was accepted and the report printed as if it had)
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("--set currency.default: has no effect on risk-report: the dataset "
        + "readers give every event its currency (online-retail GBP, rees46 USD)");
  }

  @Test
  void shouldWriteTheReportToOutCreatingItsDirectory() throws IOException {
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);
    Path report = dir.resolve("reports/risk.md");

    Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0", "--out", report.toString());

    assertThat(result.exit()).as(result.err()).isZero();
    assertThat(Files.readString(report)).contains("retail.csv (online-retail)");
  }
}
