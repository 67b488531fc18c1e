package io.ppscore.training.gbt;

import java.util.SplittableRandom;

/** Seeded synthetic data sets for the GBT tests. */
final class Synthetic {

  private Synthetic() {
  }

  /** Rows uniform in [-3, 3), rounded to 1/64 so that values repeat and land on bin edges. */
  static float[][] rows(int n, int features, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[][] x = new float[n][features];
    for (float[] row : x) {
      for (int f = 0; f < features; f++) {
        row[f] = Math.round(random.nextDouble(-3, 3) * 64) / 64f;
      }
    }
    return x;
  }

  /** A non-linear target of the first three features plus seeded noise. */
  static double[] regressionTargets(float[][] x, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = 10 + 2 * Math.sin(x[i][0]) + (x[i][1] > 0.5 ? 3 : 0) + x[i][2] * x[i][0] + random.nextGaussian() * 0.3;
    }
    return y;
  }

  /** 0/1 labels drawn with probability sigmoid(x0 - x1 + x2 * x3). */
  static double[] labels(float[][] x, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      double p = 1 / (1 + Math.exp(-(x[i][0] - x[i][1] + x[i][2] * x[i][3])));
      y[i] = random.nextDouble() < p ? 1 : 0;
    }
    return y;
  }

  /** Small, fast parameters for tests. */
  static GbtParams smallParams(Loss loss) {
    return new GbtParams(40, 0.2, 4, 5, 1.0, 32, 1.0, 7L, loss);
  }
}
