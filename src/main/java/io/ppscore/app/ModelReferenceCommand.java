package io.ppscore.app;

import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.model.ModelManifest;
import io.ppscore.model.ScoringModel;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import io.ppscore.training.EmbeddingLookup;
import io.ppscore.training.ReferenceUser;
import io.ppscore.training.Snapshot;
import io.ppscore.training.TrainingPipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code ppscore model-reference}: writes the reference user of the reason codes into an existing model's
 * manifest (models trained before {@code train} wrote it), from the same data and cut-off the model's score
 * calibration came from. {@code model.onnx} is not touched.
 */
@Command(name = "model-reference", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Add the reason codes' reference user to the manifest of the model in --model-dir.",
        "The reference user is the per-feature median of the training population at the model's last training "
            + "cut-off. The ONNX file is not changed; 'train' writes the reference itself."})
final class ModelReferenceCommand implements Callable<Integer> {

  @Mixin
  ModelOptions common;

  @Option(names = "--model-dir", defaultValue = "models", description = "Model directory (default: models).")
  Path modelDir;

  @Override
  public Integer call() throws Exception {
    common.checkInputReadable();
    Path manifestFile = modelDir.resolve(ScoringModel.MANIFEST);
    try (ScoringModel model = ScoringModel.load(modelDir)) {
      ModelManifest manifest = model.manifest();
      List<String> cutoffs = manifest.training().cutoffs();
      Instant cutoff = Instant.parse(cutoffs.get(cutoffs.size() - 1));
      TrainingPipeline pipeline = new TrainingPipeline(System.err);
      EncoderModel encoder = manifest.encoderId() == null ? null : EncoderModel.forId(manifest.encoderId());
      List<ReplayEvent> events;
      EmbeddingLookup embeddings;
      try (OnnxTextEncoder textEncoder = pipeline.openEncoder(encoder, common.device, manifest.maxSequenceLength())) {
        events = pipeline.load(common.format.reader(), ReplaySource.file(common.input));
        embeddings = pipeline.embeddings(events, textEncoder, common.embeddingCache());
      }
      Snapshot population = pipeline.backfill(events, List.of(cutoff), embeddings,
          TrainingPipeline.textDimension(encoder)).get(0);
      ModelManifest.Reference reference = ReferenceUser.of(model.featureSpec(), population);
      manifest.withReference(reference).write(manifestFile);
      System.err.printf("Wrote the reference user (%s) into %s%n", reference.description(), manifestFile);
      return 0;
    }
  }
}
