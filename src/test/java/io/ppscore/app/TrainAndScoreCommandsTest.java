package io.ppscore.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.model.ModelManifest;
import io.ppscore.replay.Samples;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's train and score-batch commands, end to end on the bundled Online Retail sample. */
class TrainAndScoreCommandsTest {

  @TempDir
  static Path dir;
  private static Path sample;

  @BeforeAll
  static void extractSample() throws Exception {
    sample = dir.resolve("online-retail-sample.csv.gz");
    try (InputStream in = Samples.class.getResourceAsStream(Samples.ONLINE_RETAIL_RESOURCE)) {
      Files.copy(in, sample);
    }
  }

  private static com.fasterxml.jackson.databind.JsonNode withoutCreatedAt(Path manifest) throws java.io.IOException {
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper()
        .readTree(manifest.toFile());
    assertThat(json.remove("createdAt")).isNotNull();
    return json;
  }

  private static int run(String... args) {
    var cli = Main.commandLine();
    cli.setErr(new PrintWriter(new StringWriter()));
    return cli.execute(args);
  }

  @Test
  void shouldTrainReproduciblyAndScoreEveryCustomerWithAnOrderBeforeTheCutoff() throws Exception {
    // When the model is trained twice with the same seed, without text features to stay fast
    Path first = dir.resolve("m1");
    Path second = dir.resolve("m2");
    assertThat(run("train", "--input", sample.toString(), "--encoder", "none", "--out", first.toString())).isZero();
    assertThat(run("train", "--input", sample.toString(), "--encoder", "none", "--out", second.toString())).isZero();

    // Then both ONNX files are byte for byte the same, the manifests differ only in createdAt (the README
    // says so), and the manifest describes them
    assertThat(Files.readAllBytes(first.resolve("model.onnx"))).isEqualTo(Files.readAllBytes(second.resolve("model.onnx")));
    assertThat(withoutCreatedAt(first.resolve("manifest.json"))).isEqualTo(withoutCreatedAt(second.resolve("manifest.json")));
    ModelManifest manifest = ModelManifest.read(first.resolve("manifest.json"));
    assertThat(manifest.encoderId()).isNull();
    assertThat(manifest.calibration()).hasSize(101);
    assertThat(manifest.training().cutoffs()).isNotEmpty();
    // each horizon trained on the cut-offs whose labels of that horizon end inside the data
    java.time.Instant dataTo = java.time.Instant.parse(manifest.training().dataTo());
    List<String> cutoffs30 = manifest.horizon(30).trainingCutoffs();
    List<String> cutoffs90 = manifest.horizon(90).trainingCutoffs();
    assertThat(cutoffs30).isEqualTo(manifest.training().cutoffs());
    assertThat(cutoffs90).isNotEmpty().isEqualTo(cutoffs30.subList(0, cutoffs90.size()));
    assertThat(cutoffs30.size()).isGreaterThan(cutoffs90.size());
    for (String c : cutoffs30) {
      java.time.Instant t = java.time.Instant.parse(c);
      assertThat(t.plus(java.time.Duration.ofDays(30))).isBeforeOrEqualTo(dataTo);
      assertThat(t.plus(java.time.Duration.ofDays(90)).isAfter(dataTo)).isEqualTo(!cutoffs90.contains(c));
    }

    // When every customer is scored at 2011-01-01, into a directory that does not exist yet
    Path csv = dir.resolve("scores/2011-01-01/scores.csv");
    assertThat(run("score-batch", "--input", sample.toString(), "--cutoff", "2011-01-01", "--out", csv.toString(),
        "--model-dir", first.toString())).isZero();

    // Then the CSV has the documented header and one row per customer with an order (placed or cancelled)
    // before the cut-off, in customer id order
    assertThat(Files.readString(csv)).doesNotContain("\r").endsWith("\n");
    List<String> lines = Files.readAllLines(csv);
    assertThat(lines.get(0)).isEqualTo("customer_id,predicted_spend_30d,predicted_spend_90d,p_purchase_90d,score");
    long expected = io.ppscore.it.SampleCsvCustomers.withOrderBefore(sample, "2011-01-01");
    assertThat(lines).hasSize((int) expected + 1);
    List<Long> ids = lines.subList(1, lines.size()).stream().map(l -> Long.parseLong(l.substring(0, l.indexOf(','))))
        .toList();
    assertThat(ids).isSorted();
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      assertThat(Double.parseDouble(f[2])).isGreaterThanOrEqualTo(Double.parseDouble("0"));
      assertThat(Double.parseDouble(f[4])).isBetween(0.0, 100.0);
    }
  }
}
