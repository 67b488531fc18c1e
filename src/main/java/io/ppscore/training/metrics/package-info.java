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
 *   <li><b>Ranking and ties.</b> "Ranked by prediction" means descending prediction. Users with equal
 *       predictions ({@code -0.0} and {@code 0.0} are equal) form a group whose actual spend is shared
 *       evenly among its members wherever a metric sums along the ranking (Gini, top share, the gain
 *       curve, decile means): the result is the average over every order of the tie, so the input order
 *       never changes it and a constant prediction has Gini 0. Rank statistics (Spearman, AUC) give tied
 *       values their average rank, which is the same idea.</li>
 * </ul>
 */
package io.ppscore.training.metrics;
