package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.OrtException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The key acceptance: ONNX Runtime gives what {@link GbtModel#predict} gives. ORT compares float32 with
 * float32 thresholds, exactly like the Java model, but sums the float leaf weights in float32 where Java
 * sums them in double; with a few dozen trees the drift is a few float ulps, hence a relative tolerance of
 * 1e-5 (of the larger of |prediction| and 1, since raw scores near 0 have no meaningful relative error).
 * A wrong branch would move a prediction by a whole leaf, orders of magnitude more.
 */
class OnnxExportParityTest {

  private static final double TOLERANCE = 1e-5;

  private final float[][] train = Synthetic.rows(2_000, 5, 11L);
  private final GbtModel spend = GbtTrainer.train(train, Synthetic.regressionTargets(train, 12L), null,
      Synthetic.smallParams(Loss.SQUARED));
  private final GbtModel buys = GbtTrainer.train(train, Synthetic.labels(train, 13L), null,
      Synthetic.smallParams(Loss.LOGISTIC).withSubsample(0.8, 3L));

  @Test
  void shouldMatchJavaPredictionsForSquaredAndLogisticModelsInOneGraph() throws OrtException {
    Map<String, GbtModel> models = new LinkedHashMap<>();
    models.put("spend", spend);
    models.put("buys", buys);
    float[][] rows = edgeRows(List.of(spend, buys));

    Map<String, float[]> onnx = OrtRunner.run(OnnxExport.of(models).toBytes(), rows);

    assertThat(onnx).containsOnlyKeys("spend", "buys");
    for (int i = 0; i < rows.length; i++) {
      assertClose(onnx.get("spend")[i], spend.predict(rows[i]), rows[i]);
      assertClose(onnx.get("buys")[i], buys.predict(rows[i]), rows[i]);
    }
  }

  @Test
  void shouldWriteTheRawLogScoreOfATweedieModelWhichExpGivesTheJavaPrediction() throws OrtException {
    double[] spend = new double[train.length];
    for (int i = 0; i < train.length; i++) {
      spend[i] = train[i][0] > 0 ? Math.exp(1 + train[i][1]) : 0;
    }
    GbtModel tweedie = GbtTrainer.train(train, spend, null, Synthetic.smallParams(Loss.TWEEDIE));
    float[][] rows = edgeRows(List.of(tweedie));

    float[] onnx = OrtRunner.run(OnnxExport.of("log_spend", tweedie).toBytes(), rows).get("log_spend");

    for (int i = 0; i < rows.length; i++) {
      assertClose(onnx[i], tweedie.predictRaw(rows[i]), rows[i]);
      assertThat(Math.exp(onnx[i])).isCloseTo(tweedie.predict(rows[i]), within(1e-4 * tweedie.predict(rows[i])));
    }
  }

  @Test
  void shouldTakeExactlyTheJavaBranchesOnThresholdValuesWithASingleTree() throws OrtException {
    GbtModel oneTree = GbtTrainer.train(train, Synthetic.regressionTargets(train, 12L), null,
        Synthetic.smallParams(Loss.SQUARED).withTrees(1).withTreeShape(6, 1));
    float[][] rows = edgeRows(List.of(oneTree));

    float[] onnx = OrtRunner.run(OnnxExport.of("spend", oneTree).toBytes(), rows).get("spend");

    // one float leaf plus a float base: ORT's float32 sum is Java's double sum rounded to float
    for (int i = 0; i < rows.length; i++) {
      assertThat(onnx[i]).as("row %s", Arrays.toString(rows[i])).isEqualTo((float) oneTree.predictRaw(rows[i]));
    }
  }

  /** Random rows, then rows whose every value equals a threshold, is just below or above one, or extreme. */
  private float[][] edgeRows(List<GbtModel> models) {
    List<float[]> rows = new ArrayList<>(Arrays.asList(Synthetic.rows(200, 5, 99L)));
    for (GbtModel model : models) {
      for (RegressionTree tree : model.trees()) {
        for (int n = 0; n < tree.nodeCount(); n++) {
          if (tree.feature(n) != RegressionTree.LEAF) {
            float t = tree.threshold(n);
            for (float value : new float[] {t, Math.nextDown(t), Math.nextUp(t)}) {
              float[] row = Synthetic.rows(1, 5, rows.size())[0];
              row[tree.feature(n)] = value;
              rows.add(row);
            }
          }
        }
      }
    }
    for (float extreme : new float[] {0f, -0f, -3f, 3f, 1e30f, -1e30f, Float.MAX_VALUE, -Float.MAX_VALUE}) {
      float[] row = new float[5];
      Arrays.fill(row, extreme);
      rows.add(row);
    }
    return rows.toArray(new float[0][]);
  }

  private static void assertClose(float onnx, double java, float[] row) {
    assertThat((double) onnx).as("row %s", Arrays.toString(row))
        .isCloseTo(java, Offset.offset(TOLERANCE * Math.max(1, Math.abs(java))));
  }
}
