package io.ppscore.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ScoreVisibilityProbeTest {

  @Test
  void shouldTakeTheNearestRankPercentileOfTheLatencies() {
    long[] latencies = {40, 10, 30, 20, 50, 60, 70, 80, 90, 100};

    assertThat(ScoreVisibilityProbe.nearestRank(latencies, 0.5)).isEqualTo(50);
    assertThat(ScoreVisibilityProbe.nearestRank(latencies, 0.95)).isEqualTo(100);
    assertThat(ScoreVisibilityProbe.nearestRank(latencies, 0.1)).isEqualTo(10);
    assertThat(ScoreVisibilityProbe.nearestRank(new long[0], 0.99)).isNaN();
  }
}
