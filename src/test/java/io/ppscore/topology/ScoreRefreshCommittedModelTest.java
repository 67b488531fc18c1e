package io.ppscore.topology;

import static io.ppscore.topology.TestEvents.line;
import static io.ppscore.topology.TestEvents.placed;
import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.inference.CachingTextEncoder;
import io.ppscore.inference.DeviceSpec;
import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.EncoderOptions;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.model.ScoringModel;
import io.ppscore.output.avro.UserScore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** With the committed model and its encoder: an idle buyer's refreshed score falls as the user's activity ages. */
class ScoreRefreshCommittedModelTest {

  private static final Instant WALL_CLOCK = Instant.parse("2011-07-01T00:00:00Z");
  private static final Duration INTERVAL = Duration.ofMillis(100);

  @Test
  void shouldLowerAnIdleBuyersScoreWhenTheRefreshRescoresItNinetyDaysLater() throws Exception {
    try (ScoringModel model = ScoringModel.load(Path.of("models"));
        OnnxTextEncoder onnx = OnnxTextEncoder.open(EncoderModel.forId(model.encoderId()),
            EncoderOptions.defaults().withDevice(DeviceSpec.parse("cpu")));
        TopologyHarness harness = new TopologyHarness(WALL_CLOCK, Map.of(), Optional.of(model),
            CachingTextEncoder.wrap(onnx, 100))) {
      // Given a regular buyer (an order 50, 20 and 2 days before the wall clock), scored by the first run
      for (int daysAgo : List.of(50, 20, 2)) {
        Instant at = WALL_CLOCK.minus(Duration.ofDays(daysAgo));
        harness.orders.pipeInput("u1", placed("o" + daysAgo, "u1", at, line("p" + daysAgo, 4, "12.50"),
            line("q" + daysAgo, 2, "8.00")), at);
      }
      harness.driver.advanceWallClockTime(INTERVAL);
      UserScore first = harness.scores.readValue();

      // When the user stays idle for 90 days: the sweep finds the score stale, the next run rescores it
      harness.driver.advanceWallClockTime(Duration.ofDays(90));
      harness.driver.advanceWallClockTime(INTERVAL);

      // Then the refreshed score, for the same last order, is lower: its 7- to 90-day windows emptied
      List<UserScore> refreshed = harness.scores.readValuesToList();
      assertThat(refreshed).hasSize(1);
      assertThat(refreshed.get(0).getTriggeringEventId()).isEqualTo(first.getTriggeringEventId()).isEqualTo("o2");
      assertThat(refreshed.get(0).getComputedAt()).isAfter(first.getComputedAt().plus(Duration.ofDays(89)));
      assertThat(refreshed.get(0).getScore()).isLessThan(first.getScore());
      assertThat(refreshed.get(0).getPredictedSpend90d()).isLessThan(first.getPredictedSpend90d());
    }
  }
}
