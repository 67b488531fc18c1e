package io.ppscore.training.gbt;

/**
 * The best split of a node: rows whose bin of {@code feature} is at most {@code bin} go left, which at
 * prediction time is {@code x[feature] < threshold}.
 */
record Split(int feature, int bin, float threshold, double gain) {
}
