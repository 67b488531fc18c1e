package io.ppscore.training;

import io.ppscore.features.FeatureVector;
import io.ppscore.features.TextProjection;
import io.ppscore.model.ModelManifest;
import io.ppscore.model.ScoreCalibration;
import io.ppscore.model.ScoringModel;
import io.ppscore.training.gbt.GbtModel;
import io.ppscore.training.gbt.OnnxExport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained spend model as {@code model.onnx} (all horizons' ensembles in one graph with one
 * {@code features} input) and {@code manifest.json}, the pair {@link ScoringModel} loads. The pair is
 * replaced together (see {@link ModelPairWriter}): a failed export leaves the previous pair in place.
 */
public final class ModelExporter {

  /** Default tiers: the bottom 40 % LOW, then MEDIUM to 75, HIGH to 95, the top 5 % PREMIUM. */
  public static final List<ModelManifest.ScoreBand> DEFAULT_BANDS = List.of(new ModelManifest.ScoreBand("LOW", 0),
      new ModelManifest.ScoreBand("MEDIUM", 40), new ModelManifest.ScoreBand("HIGH", 75),
      new ModelManifest.ScoreBand("PREMIUM", 95));
  public static final String ONNX_FILE = "model.onnx";

  private ModelExporter() {
  }

  /**
   * Exports {@code model}; the score calibration is the distribution of predicted 90-day spend over
   * {@code population} (the latest training cut-off's users), and so is the reference user of the reason codes.
   */
  public static ModelManifest export(TrainedSpendModel model, Snapshot population, Path directory, String version,
      ModelManifest.TrainingInfo training, Map<String, Object> metrics) throws IOException {
    Map<String, GbtModel> outputs = new LinkedHashMap<>();
    List<ModelManifest.HorizonSpec> horizons = model.horizons().stream().map(h -> {
      String p = "p_buy_" + h.days() + "d";
      String m = "log_spend_" + h.days() + "d";
      outputs.put(p, h.purchaseProbability());
      outputs.put(m, h.spend());
      return new ModelManifest.HorizonSpec(h.days(), p, m, h.smearing(), h.form(),
          h.trainingCutoffs().stream().map(Object::toString).toList());
    }).toList();
    byte[] onnx = OnnxExport.of(outputs).toBytes();
    double[] spend90 = population.rows().stream()
        .mapToDouble(r -> model.horizon(90).expectedSpend(
            FeatureVector.assemble(model.spec(), r.numeric(), r.boughtText(), r.browsedText())))
        .toArray();
    TextProjection text = model.spec().text();
    ModelManifest manifest = new ModelManifest(version, java.time.Instant.now().toString(), ONNX_FILE, ScoringModel.sha256(onnx),
        model.spec().names(), model.spec().encoderId(),
        text == null ? null : new ModelManifest.TextProjectionSpec(text.center(), text.components()), horizons,
        ScoreCalibration.percentilesOf(spend90), DEFAULT_BANDS, "GBP", training, metrics,
        ReferenceUser.of(model.spec(), population));
    ModelPairWriter.write(directory, ONNX_FILE, onnx, manifest);
    return manifest;
  }
}
