package io.ppscore.training.baselines;

import java.util.Arrays;
import java.util.function.ToDoubleFunction;
import org.hipparchus.optim.InitialGuess;
import org.hipparchus.optim.MaxEval;
import org.hipparchus.optim.PointValuePair;
import org.hipparchus.optim.nonlinear.scalar.GoalType;
import org.hipparchus.optim.nonlinear.scalar.ObjectiveFunction;
import org.hipparchus.optim.nonlinear.scalar.noderiv.NelderMeadSimplex;
import org.hipparchus.optim.nonlinear.scalar.noderiv.SimplexOptimizer;

/**
 * Maximum likelihood over strictly positive parameters, searched in log space with the
 * Nelder-Mead simplex (no gradients needed, deterministic for a given start).
 *
 * <p>Nelder-Mead can stall on a degenerate simplex, so the search is restarted from the best point
 * with a fresh simplex until a restart no longer improves the log-likelihood.
 */
final class LogParameterMle {

  private static final int MAX_EVALUATIONS_PER_RUN = 20_000;
  private static final int MAX_RESTARTS = 5;
  private static final double STEP = 0.5; // initial simplex edge in log units: a factor e^0.5
  /** Log-parameters are kept in [-LOG_BOUND, LOG_BOUND] so a runaway search cannot overflow. */
  private static final double LOG_BOUND = 30;

  private LogParameterMle() {}

  /**
   * Returns the parameters maximising {@code logLikelihood}.
   *
   * @param logLikelihood total log-likelihood of the data at the given (positive) parameters;
   *     may return a non-finite value, which is treated as impossible
   * @param start a strictly positive starting point
   */
  static double[] maximise(ToDoubleFunction<double[]> logLikelihood, double[] start) {
    ObjectiveFunction objective = new ObjectiveFunction(logParams -> negativeLogLikelihood(logLikelihood, logParams));
    double[] best = Arrays.stream(start).map(Math::log).toArray();
    double bestValue = objective.getObjectiveFunction().value(best);
    SimplexOptimizer optimizer = new SimplexOptimizer(1e-12, 1e-10);
    for (int run = 0; run <= MAX_RESTARTS; run++) {
      PointValuePair result = optimizer.optimize(
          new MaxEval(MAX_EVALUATIONS_PER_RUN),
          objective,
          GoalType.MINIMIZE,
          new InitialGuess(best),
          new NelderMeadSimplex(best.length, STEP));
      boolean improved = result.getValue() < bestValue - 1e-9 * Math.max(1, Math.abs(bestValue));
      if (result.getValue() < bestValue) {
        best = result.getPoint();
        bestValue = result.getValue();
      }
      if (!improved) {
        break;
      }
    }
    return Arrays.stream(best).map(Math::exp).toArray();
  }

  private static double negativeLogLikelihood(ToDoubleFunction<double[]> logLikelihood, double[] logParams) {
    for (double logParam : logParams) {
      if (Math.abs(logParam) > LOG_BOUND) {
        return Double.MAX_VALUE;
      }
    }
    double value = logLikelihood.applyAsDouble(Arrays.stream(logParams).map(Math::exp).toArray());
    return Double.isFinite(value) ? -value : Double.MAX_VALUE;
  }
}
