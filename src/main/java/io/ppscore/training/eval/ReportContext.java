package io.ppscore.training.eval;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a back-test report was produced from: the model and text encoder evaluated, the cut-offs the model
 * was trained at, the command that produced the report, when, and on which dataset.
 */
public record ReportContext(String modelVersion, String encoderId, List<Instant> trainingCutoffs, String commandLine,
    Instant generatedAt, String dataset) {

  /** Checks no field is null and copies the cut-off list. */
  public ReportContext {
    Objects.requireNonNull(modelVersion, "modelVersion must not be null");
    Objects.requireNonNull(encoderId, "encoderId must not be null");
    trainingCutoffs = List.copyOf(Objects.requireNonNull(trainingCutoffs, "trainingCutoffs must not be null"));
    Objects.requireNonNull(commandLine, "commandLine must not be null");
    Objects.requireNonNull(generatedAt, "generatedAt must not be null");
    Objects.requireNonNull(dataset, "dataset must not be null");
  }
}
