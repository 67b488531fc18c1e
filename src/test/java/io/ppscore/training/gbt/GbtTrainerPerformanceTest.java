package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A guard, not a benchmark: the target size must train well under a minute, single-threaded. */
class GbtTrainerPerformanceTest {

  @Test
  void shouldTrainTwentyThousandRowsFortyFeaturesThreeHundredTreesWellUnderAMinute() {
    float[][] x = Synthetic.rows(20_000, 40, 81L);
    double[] y = Synthetic.labels(x, 82L);
    GbtParams params = new GbtParams(300, 0.1, 6, 20, 1.0, 64, 0.8, 83L, Loss.LOGISTIC);

    long start = System.nanoTime();
    GbtModel model = GbtTrainer.train(x, y, null, params);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    System.out.printf("GBT 20000 x 40 x 300 trees (depth 6, 64 bins): %d ms%n", took.toMillis());
    assertThat(model.treeCount()).isEqualTo(300);
    assertThat(took).isLessThan(Duration.ofSeconds(30));
  }
}
