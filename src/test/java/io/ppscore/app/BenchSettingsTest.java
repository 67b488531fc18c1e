package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.config.AppConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchSettingsTest {

  @Test
  void shouldMeasureWithoutStaleScoreRefreshUnlessSetTurnsItOn() {
    // Given the bench's command line without and with --set scoring.refresh.age.ms
    BenchCommand plain = parse();
    BenchCommand withRefresh = parse("--set", "scoring.refresh.age.ms=60000");

    // Then the measured instance refreshes no scores (they would count as scores out), unless asked to
    AppConfig off = new AppConfig(plain.instanceSettings("localhost:1", "http://localhost:2", Path.of("/tmp/s")));
    AppConfig on = new AppConfig(withRefresh.instanceSettings("localhost:1", "http://localhost:2", Path.of("/tmp/s")));
    assertThat(off.getLong(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG)).isZero();
    assertThat(on.getLong(AppConfig.SCORING_REFRESH_AGE_MS_CONFIG)).isEqualTo(Duration.ofMinutes(1).toMillis());
    assertThat(off.getString(AppConfig.STATE_DIR_CONFIG)).isEqualTo("/tmp/s");
  }

  @Test
  void shouldRefuseAModelDirWithoutAModelOrEmptyBeforeStartingAnything(@org.junit.jupiter.api.io.TempDir Path dir) {
    // Given the bench's command line with a model directory that holds no model, and one set empty
    var cli = Main.commandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    java.io.StringWriter out = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    cli.setOut(new java.io.PrintWriter(out));

    // When the bench is started with each (--set model.dir wins over --model-dir, as in the measured instance)
    int missing = cli.execute("bench", "--model-dir", dir.toString(), "--out", dir.resolve("b.json").toString());
    int empty = cli.execute("bench", "--set", "model.dir=", "--out", dir.resolve("b.json").toString());

    // Then both are usage errors found before the broker starts (they failed after the broker, the registry and,
    // for the empty one, the whole pipeline run, when the per-record baseline loaded the model)
    assertThat(missing).isEqualTo(2);
    assertThat(empty).isEqualTo(2);
    assertThat(err.toString()).contains("model.dir=" + dir + ": no model at " + dir)
        .contains("bench measures scoring: it needs a model");
    assertThat(out.toString()).doesNotContain("starting the in-process broker");
  }

  @Test
  void shouldRefuseABadSetValueAsAUsageErrorWithoutTheUsage(@org.junit.jupiter.api.io.TempDir Path dir) {
    // Given the bench's command line
    var cli = Main.commandLine();
    java.io.StringWriter err = new java.io.StringWriter();
    cli.setErr(new java.io.PrintWriter(err));
    cli.setOut(new java.io.PrintWriter(new java.io.StringWriter()));

    // When a --set value is out of range
    int exit = cli.execute("bench", "--set", "inference.batch.size=0", "--out", dir.resolve("b.json").toString());

    // Then it is a usage error as in the demo (it exited 1), its message and a pointer to --help
    assertThat(exit).isEqualTo(2);
    assertThat(err.toString().lines()).containsExactly(
        "Invalid value 0 for configuration inference.batch.size: Value must be at least 1 (from --set)",
        "see ppscore bench --help");
  }

  private static BenchCommand parse(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
