package io.ppscore.training.eval;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a back-test report was produced from: the model and text encoder evaluated, the cut-offs each
 * horizon's model was trained at (for the last back-test), the command that produced the report, when, and
 * on which dataset.
 */
public record ReportContext(String modelVersion, String encoderId, Map<Integer, List<Instant>> trainingCutoffs,
    String commandLine, Instant generatedAt, String dataset) {

  /** Checks no field is null and copies the cut-off lists, ordered by horizon. */
  public ReportContext {
    Objects.requireNonNull(modelVersion, "modelVersion must not be null");
    Objects.requireNonNull(encoderId, "encoderId must not be null");
    Objects.requireNonNull(trainingCutoffs, "trainingCutoffs must not be null");
    TreeMap<Integer, List<Instant>> copy = new TreeMap<>();
    trainingCutoffs.forEach((days, cutoffs) -> copy.put(days, List.copyOf(cutoffs)));
    trainingCutoffs = java.util.Collections.unmodifiableMap(copy);
    Objects.requireNonNull(commandLine, "commandLine must not be null");
    Objects.requireNonNull(generatedAt, "generatedAt must not be null");
    Objects.requireNonNull(dataset, "dataset must not be null");
  }
}
