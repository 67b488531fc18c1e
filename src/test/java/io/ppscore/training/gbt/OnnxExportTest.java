package io.ppscore.training.gbt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxExportTest {

  private final float[][] x = Synthetic.rows(300, 4, 71L);
  private final GbtModel squared = GbtTrainer.train(x, Synthetic.regressionTargets(x, 72L), null,
      Synthetic.smallParams(Loss.SQUARED).withTrees(3));
  private final GbtModel logistic = GbtTrainer.train(x, Synthetic.labels(x, 73L), null,
      Synthetic.smallParams(Loss.LOGISTIC).withTrees(3));

  @Test
  void shouldBuildOneEnsemblePerModelAndASigmoidOnlyAfterLogisticOnes() {
    Map<String, GbtModel> models = new LinkedHashMap<>();
    models.put("spend", squared);
    models.put("buys", logistic);

    ModelProto proto = OnnxExport.of(models).toModel();

    assertThat(proto.getIrVersion()).isEqualTo(8);
    assertThat(proto.getOpsetImportList()).extracting(OperatorSetIdProto::getDomain, OperatorSetIdProto::getVersion)
        .containsExactly(Tuple.tuple("", 17L),
            Tuple.tuple("ai.onnx.ml", 3L));
    assertThat(proto.getGraph().getNodeList()).extracting(NodeProto::getOpType)
        .containsExactly("TreeEnsembleRegressor", "TreeEnsembleRegressor", "Sigmoid");
    assertThat(proto.getGraph().getOutputList()).extracting(o -> o.getName()).containsExactly("spend", "buys");
  }

  @Test
  void shouldWriteAFileThatOnnxRuntimeLoadsWithDeclaredShapes(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("gbt.onnx");
    OnnxExport.of("buys", logistic).writeTo(file);

    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions())) {
      NodeInfo input = session.getInputInfo().get(OnnxExport.INPUT);
      NodeInfo output = session.getOutputInfo().get("buys");
      assertThat(((TensorInfo) input.getInfo()).getShape()).containsExactly(-1L, 4L);
      assertThat(((TensorInfo) output.getInfo()).getShape()).containsExactly(-1L, 1L);
    }
    assertThat(Files.readAllBytes(file)).isEqualTo(OnnxExport.of("buys", logistic).toBytes());
  }

  @Test
  void shouldRejectNamesThatAreNotIdentifiersOrClashWithTheInput() {
    assertThatThrownBy(() -> OnnxExport.of("raw/x", squared)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model name must be an identifier other than 'features', was 'raw/x'");
    assertThatThrownBy(() -> OnnxExport.of("features", squared)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> OnnxExport.of(Map.of())).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("at least one model is needed");
  }

  @Test
  void shouldRejectModelsWithDifferentFeatureCounts() {
    float[][] wide = Synthetic.rows(100, 5, 74L);
    GbtModel other = GbtTrainer.train(wide, Synthetic.regressionTargets(wide, 75L), null,
        Synthetic.smallParams(Loss.SQUARED).withTrees(1));
    Map<String, GbtModel> models = new LinkedHashMap<>();
    models.put("a", squared);
    models.put("b", other);

    assertThatThrownBy(() -> OnnxExport.of(models)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model 'b' has 5 features, the first model has 4");
  }
}
