/**
 * Offline evaluation metrics for the customer-spend model: pure, stateless functions on
 * {@code double[] predicted, double[] actual}, where index {@code i} of both arrays is one user.
 *
 * <h2>Shared conventions</h2>
 * <ul>
 *   <li><b>Validation.</b> Arrays must be non-null, non-empty, of equal length and finite; otherwise an
 *       {@link java.lang.IllegalArgumentException} names the argument and the first offending index.
 *       Metrics on spend (shares, Gini, log errors, calibration, AUC of any purchase) also require
 *       {@code actual >= 0}. Predictions may be any finite value.</li>
 *   <li><b>Undefined results.</b> When valid data leaves a metric undefined (all actual values equal for
 *       Gini, a constant input for Spearman, a single class for AUC, zero total spend for shares) the
 *       metric throws {@link io.ppscore.training.metrics.UndefinedMetricException} instead of returning
 *       NaN. {@link io.ppscore.training.metrics.PairedBootstrap} skips such resamples and counts them.</li>
 *   <li><b>Ranking and ties.</b> "Ranked by prediction" means descending prediction; users with equal
 *       predictions keep their original index order (a stable sort). {@code -0.0} and {@code 0.0} are
 *       equal. Tie order therefore affects Gini, top share and the gain curve: a constant prediction
 *       scores whatever the input order happens to be, not 0.</li>
 * </ul>
 */
package io.ppscore.training.metrics;
