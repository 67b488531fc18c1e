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

    // it used to be accepted (counting from before the first event)
    assertThat(result.exit()).isEqualTo(1);
    assertThat(result.err()).isEqualTo("ppscore risk-report: --warmup-days must not be negative, was -5"
        + System.lineSeparator());
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

    // When a --set names a setting outside risk.* and currency.default
    Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0", "--set", "http.port=1");

    // Then it is a usage error naming the key (it used to exit 0 and report as if the setting applied)
    assertThat(result.exit()).isEqualTo(2);
    assertThat(result.err()).startsWith("--set http.port: risk-report reads only risk.* settings and currency.default");
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

  @Test
  void shouldApplyRiskSettingsAndTheDefaultCurrency() throws IOException {
    // Given a readable dataset
    Path retail = Files.writeString(dir.resolve("retail.csv"), RETAIL);

    // When both kinds of setting the report reads are given
    Result result = run("risk-report", "--input", retail.toString(), "--warmup-days", "0",
        "--set", "risk.velocity.orders.10m=3", "--set", "currency.default=USD");

    // Then the report runs
    assertThat(result.exit()).as(result.err()).isZero();
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
