package io.ppscore.training.gbt;

/**
 * Training loss of a {@link GbtModel}: how the base score, gradients and hessians are computed and how a raw
 * score (sum of leaves plus base score) becomes a prediction.
 */
public enum Loss {

  /** Squared error; base score is the weighted mean of y; the prediction is the raw score. */
  SQUARED {
    @Override
    double baseScore(double meanY) {
      return meanY;
    }

    @Override
    void gradients(double[] y, double[] w, double[] raw, double[] g, double[] h) {
      for (int i = 0; i < y.length; i++) {
        g[i] = w[i] * (raw[i] - y[i]);
        h[i] = w[i];
      }
    }

    @Override
    public double transform(double raw) {
      return raw;
    }
  },

  /** Log loss for y in {0, 1}; base score is the log-odds of the weighted mean; prediction is sigmoid(raw). */
  LOGISTIC {
    @Override
    double baseScore(double meanY) {
      double p = Math.min(Math.max(meanY, 1e-6), 1 - 1e-6);
      return Math.log(p / (1 - p));
    }

    @Override
    void gradients(double[] y, double[] w, double[] raw, double[] g, double[] h) {
      for (int i = 0; i < y.length; i++) {
        double p = transform(raw[i]);
        g[i] = w[i] * (p - y[i]);
        // floor keeps leaves finite on pure nodes when l2 is 0
        h[i] = w[i] * Math.max(p * (1 - p), 1e-12);
      }
    }

    @Override
    public double transform(double raw) {
      return 1 / (1 + Math.exp(-raw));
    }
  },

  /**
   * Tweedie deviance with power 1.5 and a log link, for non-negative targets with many exact zeros, such as
   * spend in a horizon (none, or a gamma-like amount: a compound Poisson-gamma). The prediction exp(raw)
   * estimates E[y | x] directly; base score is the log of the weighted mean. Per row, with a = exp(-raw / 2)
   * and b = exp(raw / 2): gradient b - y a, hessian b / 2 + y a / 2 (always positive; floored for y = 0).
   */
  TWEEDIE {
    private static final double POWER = 1.5;

    @Override
    double baseScore(double meanY) {
      return Math.log(Math.max(meanY, 1e-6));
    }

    @Override
    void gradients(double[] y, double[] w, double[] raw, double[] g, double[] h) {
      for (int i = 0; i < y.length; i++) {
        double a = Math.exp((1 - POWER) * raw[i]);
        double b = Math.exp((2 - POWER) * raw[i]);
        g[i] = w[i] * (-y[i] * a + b);
        h[i] = w[i] * Math.max(-y[i] * (1 - POWER) * a + (2 - POWER) * b, 1e-12);
      }
    }

    @Override
    public double transform(double raw) {
      return Math.exp(raw);
    }
  };

  /** The constant raw score that minimises the loss, given the weighted mean of the targets. */
  abstract double baseScore(double meanY);

  /** Fills first ({@code g}) and second ({@code h}) derivatives of the weighted loss at the raw scores. */
  abstract void gradients(double[] y, double[] w, double[] raw, double[] g, double[] h);

  /** Maps a raw score to a prediction: identity for {@link #SQUARED}, sigmoid for {@link #LOGISTIC}, exp for {@link #TWEEDIE}. */
  public abstract double transform(double raw);
}
