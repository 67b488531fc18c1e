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

  private static BenchCommand parse(String... args) {
    BenchCommand command = new BenchCommand();
    new CommandLine(command).parseArgs(args);
    return command;
  }
}
