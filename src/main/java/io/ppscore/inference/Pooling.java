package io.ppscore.inference;

import java.nio.FloatBuffer;

/** How a sentence vector is made from the per-token vectors of the last hidden state, per model card. */
public enum Pooling {

  /** Mean of the token vectors the attention mask keeps (sentence-transformers MiniLM models). */
  MEAN {
    @Override
    float[] pool(FloatBuffer hidden, TokenBatch batch, int row, int dim) {
      double[] sum = new double[dim];
      int kept = 0;
      for (int t = 0; t < batch.sequenceLength(); t++) {
        if (batch.attends(row, t)) {
          int offset = batch.flatIndex(row, t) * dim;
          for (int d = 0; d < dim; d++) {
            sum[d] += hidden.get(offset + d);
          }
          kept++;
        }
      }
      float[] mean = new float[dim];
      double divisor = Math.max(kept, 1);
      for (int d = 0; d < dim; d++) {
        mean[d] = (float) (sum[d] / divisor);
      }
      return mean;
    }
  },

  /** The vector of the first ({@code [CLS]}) token (BGE models). */
  CLS {
    @Override
    float[] pool(FloatBuffer hidden, TokenBatch batch, int row, int dim) {
      float[] cls = new float[dim];
      hidden.get(batch.flatIndex(row, 0) * dim, cls);
      return cls;
    }
  };

  /**
   * Pools one row of a {@code [rows, sequenceLength, dim]} hidden state laid out flat in {@code hidden}.
   */
  abstract float[] pool(FloatBuffer hidden, TokenBatch batch, int row, int dim);
}
