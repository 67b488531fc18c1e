package io.ppscore.training;

import io.ppscore.training.gbt.GbtParams;
import io.ppscore.training.gbt.Loss;

/** Learner settings for the spend model; one seed makes training reproducible. */
public record TrainingOptions(int trees, double learningRate, int maxDepth, int minSamplesLeaf, double subsample,
    long seed, int textComponents) {

  /** Settings chosen by back-testing on several cut-offs (see the model card). */
  public static TrainingOptions defaults() {
    return new TrainingOptions(300, 0.05, 4, 30, 0.8, 42L, 8);
  }

  /** A copy with another seed. */
  public TrainingOptions withSeed(long newSeed) {
    return new TrainingOptions(trees, learningRate, maxDepth, minSamplesLeaf, subsample, newSeed, textComponents);
  }

  GbtParams params(Loss loss) {
    return new GbtParams(trees, learningRate, maxDepth, minSamplesLeaf, 1.0, 64, subsample, seed, loss);
  }
}
