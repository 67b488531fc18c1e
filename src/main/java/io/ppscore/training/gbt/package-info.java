/**
 * A small, deterministic gradient-boosted regression-tree learner ({@link io.ppscore.training.gbt.GbtTrainer})
 * and its ONNX export ({@link io.ppscore.training.gbt.OnnxExport}).
 *
 * <p>Branch convention: every split is {@code x[f] < threshold} with a float threshold, the float midpoint of
 * two neighbouring bin edges (or the upper edge when the midpoint rounds onto the lower one). The Java model
 * and ONNX Runtime's {@code TreeEnsembleRegressor} in mode {@code BRANCH_LT} compare the same float32
 * values, so they take the same branches, including for inputs exactly equal to a threshold (they go right).
 * Leaf weights and base scores are float in both; only the summation differs (double in Java, float32 in
 * ONNX Runtime).
 */
package io.ppscore.training.gbt;
