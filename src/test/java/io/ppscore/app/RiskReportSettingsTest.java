package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RiskReportSettingsTest {

  @TempDir
  Path dir;

  @Test
  void shouldRefuseAMisspeltRiskSettingInsteadOfReportingWithTheDefault() throws IOException {
    // Given a readable dataset and a --set whose key is one letter off
    Path input = Files.writeString(dir.resolve("retail.csv"),
        "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
            + "489434,85048,15CM CHRISTMAS GLASS BALL 20 LIGHTS,12,2009-12-01 07:45,6.95,13085.0,United Kingdom\n");
    var cli = Main.commandLine();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(new StringWriter()));
    cli.setErr(new PrintWriter(err));

    // When
    int exit = cli.execute("risk-report", "-i", input.toString(), "--warmup-days", "0",
        "--set", "risk.velocity.cart.add.10m=4");

    // Then it is a usage error naming the key, where it came from and the key meant
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("unknown configuration key risk.velocity.cart.add.10m (from --set)",
        "did you mean risk.velocity.cart.adds.10m?");
  }
}
