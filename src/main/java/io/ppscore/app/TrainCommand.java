package io.ppscore.app;

import io.ppscore.inference.EncoderModel;
import io.ppscore.inference.OnnxTextEncoder;
import io.ppscore.model.ModelManifest;
import io.ppscore.replay.ReplayEvent;
import io.ppscore.replay.ReplaySource;
import io.ppscore.training.EmbeddingLookup;
import io.ppscore.training.ModelExporter;
import io.ppscore.training.Snapshot;
import io.ppscore.training.SpendModelTrainer;
import io.ppscore.training.TrainedSpendModel;
import io.ppscore.training.TrainingOptions;
import io.ppscore.training.TrainingPipeline;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ppscore train}: trains the spend model on monthly cut-offs and writes it to {@code models/}. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
    description = {"Train the purchasing-power model from order history and export it as ONNX + manifest.",
        "Back-fills features strictly before each monthly cut-off, labels each with the spend of the 30 and 90 "
            + "days after it, and trains gradient-boosted trees. Reproducible: the same input and seed give the same model."})
final class TrainCommand implements Callable<Integer> {

  @Mixin
  ModelOptions common;

  @Option(names = {"-o", "--out"}, defaultValue = "models", description = "Model directory (default: models).")
  Path out;

  @Option(names = "--first-cutoff", defaultValue = "2010-03-01", description = "First training cut-off: the first month start on or after this date (default: 2010-03-01).")
  LocalDate firstCutoff;

  @Option(names = "--last-cutoff", description = "Latest training cut-off, the last month start whose features are "
      + "back-filled (default: the date of the data's last event). It does not cut the labels: each cut-off's labels "
      + "are the spend of the 30 and 90 days after it, so the model still learns from up to 90 days of data after "
      + "this date. To train a model as of a date, cut the input file there. "
      + "Each horizon trains only on the cut-offs whose labels of its length end inside the data, so the 30-day model "
      + "uses one or two later months than the 90-day one.")
  LocalDate lastCutoff;

  @Option(names = "--encoder", defaultValue = "all-minilm-l6-v2", paramLabel = "ID|none",
      converter = ModelOptions.EncoderConverter.class,
      description = "Text encoder: all-minilm-l6-v2 (default), all-minilm-l6-v2-q, bge-small-zh-v1.5, or none.")
  EncoderModel model;

  @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: 42).")
  long seed;

  @Option(names = "--max-sequence-length", defaultValue = "128", paramLabel = "TOKENS",
      converter = ModelOptions.SequenceLengthConverter.class, description = ModelOptions.MAX_SEQUENCE_LENGTH_DESCRIPTION)
  int maxSequenceLength;

  @Override
  public Integer call() throws java.io.IOException {
    common.checkInputReadable();
    OutputFile.prepareDirectory("--out", out);
    TrainingPipeline pipeline = new TrainingPipeline(System.out);
    List<ReplayEvent> events;
    Instant[] range;
    LocalDate last;
    List<Instant> cutoffs;
    EmbeddingLookup embeddings;
    // the encoder opens first: a device that cannot be used fails before the data is read
    try (OnnxTextEncoder textEncoder = pipeline.openEncoder(model, common.device, maxSequenceLength)) {
      events = pipeline.load(common.format.reader(), ReplaySource.file(common.input));
      range = TrainingPipeline.range(events);
      last = lastCutoff != null ? lastCutoff : range[1].atZone(ZoneOffset.UTC).toLocalDate();
      cutoffs = trainingCutoffs(last, range[1]);
      embeddings = pipeline.embeddings(events, textEncoder, common.embeddingCache());
    }
    List<Snapshot> snapshots = pipeline.backfill(events, cutoffs, embeddings, TrainingPipeline.textDimension(model));
    TrainingOptions options = TrainingOptions.defaults().withSeed(seed);
    SpendModelTrainer trainer = new SpendModelTrainer(options, System.out);
    List<Snapshot> withAllLabels = TrainingPipeline.labelledBy(snapshots, range[1], 90);
    TrainedSpendModel trained = trainer.train(snapshots, trainer.featureSpec(withAllLabels, model), range[1]);
    ModelManifest.TrainingInfo info = new ModelManifest.TrainingInfo(common.input.getFileName().toString(),
        range[0].toString(), range[1].toString(), cutoffs.stream().map(Instant::toString).toList(), seed,
        manifestOptions(options, model, maxSequenceLength));
    String version = SpendModelTrainer.MODEL_FAMILY + "-" + last + "-s" + seed + (model == null ? "-notext" : "");
    ModelManifest manifest = ModelExporter.export(trained, snapshots.get(snapshots.size() - 1), out, version, info, Map.of());
    System.out.printf("Wrote %s/%s and %s/manifest.json: model %s, %d features, encoder %s%n", out,
        manifest.onnxFile(), out, manifest.modelVersion(), manifest.featureNames().size(), manifest.encoderId());
    return 0;
  }

  /**
   * Every horizon trains on the cut-offs whose labels of that horizon end inside the data: the 30-day
   * model on one or two more months than the 90-day one. Returns the 30-day list (the 90-day one is its
   * prefix).
   */
  private List<Instant> trainingCutoffs(LocalDate last, Instant end) {
    List<Instant> cutoffs = TrainingPipeline.monthlyCutoffs(firstCutoff, last, end, 30);
    List<Instant> complete = TrainingPipeline.monthlyCutoffs(firstCutoff, last, end, 90);
    if (complete.isEmpty()) {
      throw new IllegalArgumentException("no cut-off between " + firstCutoff + " and " + last
          + " has 90 days of labels before the data ends at " + end);
    }
    System.out.printf("Training cut-offs: %s (the last %d for the 30-day horizon only)%n", cutoffs,
        cutoffs.size() - complete.size());
    return cutoffs;
  }

  /**
   * The training options the manifest records, with the encoder revision and the max sequence length the text
   * features are computed with.
   */
  static Map<String, Object> manifestOptions(TrainingOptions options, EncoderModel model, int maxSequenceLength) {
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("purchaseTrees", options.purchaseTrees());
    opts.put("purchaseDepth", options.purchaseDepth());
    opts.put("purchaseMinSamplesLeaf", options.purchaseMinLeaf());
    opts.put("spendLoss", "tweedie-1.5");
    opts.put("spendTrees", options.spendTrees());
    opts.put("spendDepth", options.spendDepth());
    opts.put("spendMinSamplesLeaf", options.spendMinLeaf());
    opts.put("learningRate", options.learningRate());
    opts.put("subsample", options.subsample());
    opts.put("textComponents", options.textComponents());
    if (model != null) {
      opts.put(ModelManifest.ENCODER_REVISION_OPTION, model.revision());
      opts.put(ModelManifest.MAX_SEQUENCE_LENGTH_OPTION, maxSequenceLength);
    }
    return opts;
  }
}
