package io.ppscore.model;

/** One user's purchasing power: expected spend over 30 and 90 days, P(purchase in 90 days), score and tier. */
public record Prediction(double spend30, double spend90, double purchaseProbability90, double score, String tier) {
}
