package io.ppscore.training.gbt;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Translates a {@link GbtModel} into one {@code ai.onnx.ml.TreeEnsembleRegressor} node (opset 3): SUM of
 * leaf weights plus {@code base_values}, internal nodes in mode {@code BRANCH_LT} whose true branch is
 * {@code x < threshold}, exactly like {@link RegressionTree}. Thresholds and weights are float attributes,
 * so ONNX Runtime compares in float32 and accumulates in float32.
 */
final class TreeEnsembleNode {

  static final String DOMAIN = "ai.onnx.ml";

  private final List<Long> treeIds = new ArrayList<>();
  private final List<Long> nodeIds = new ArrayList<>();
  private final List<Long> featureIds = new ArrayList<>();
  private final List<String> modes = new ArrayList<>();
  private final List<Float> thresholds = new ArrayList<>();
  private final List<Long> trueIds = new ArrayList<>();
  private final List<Long> falseIds = new ArrayList<>();
  private final List<Long> targetTreeIds = new ArrayList<>();
  private final List<Long> targetNodeIds = new ArrayList<>();
  private final List<Float> targetWeights = new ArrayList<>();

  private TreeEnsembleNode() {
  }

  /** The node reading {@code input} and writing the raw score, shape [N, 1], to {@code output}. */
  static NodeProto of(GbtModel model, String input, String output) {
    TreeEnsembleNode node = new TreeEnsembleNode();
    List<RegressionTree> trees = model.trees();
    for (int t = 0; t < trees.size(); t++) {
      node.addTree(t, trees.get(t));
    }
    return node.toProto(model, input, output);
  }

  private void addTree(long treeId, RegressionTree tree) {
    for (int n = 0; n < tree.nodeCount(); n++) {
      boolean leaf = tree.feature(n) == RegressionTree.LEAF;
      treeIds.add(treeId);
      nodeIds.add((long) n);
      featureIds.add(leaf ? 0L : tree.feature(n));
      modes.add(leaf ? "LEAF" : "BRANCH_LT");
      thresholds.add(leaf ? 0f : tree.threshold(n));
      trueIds.add(leaf ? 0L : tree.left(n));
      falseIds.add(leaf ? 0L : tree.right(n));
      if (leaf) {
        targetTreeIds.add(treeId);
        targetNodeIds.add((long) n);
        targetWeights.add(tree.value(n));
      }
    }
  }

  private NodeProto toProto(GbtModel model, String input, String output) {
    List<Long> zeros = Collections.nCopies(targetTreeIds.size(), 0L);
    return NodeProto.newBuilder()
        .setOpType("TreeEnsembleRegressor").setDomain(DOMAIN).setName(output + "/trees")
        .addInput(input).addOutput(output)
        .addAttribute(OnnxAttributes.ofInt("n_targets", 1))
        .addAttribute(OnnxAttributes.ofString("aggregate_function", "SUM"))
        .addAttribute(OnnxAttributes.ofString("post_transform", "NONE"))
        .addAttribute(OnnxAttributes.ofFloats("base_values", List.of((float) model.baseScore())))
        .addAttribute(OnnxAttributes.ofInts("nodes_treeids", treeIds))
        .addAttribute(OnnxAttributes.ofInts("nodes_nodeids", nodeIds))
        .addAttribute(OnnxAttributes.ofInts("nodes_featureids", featureIds))
        .addAttribute(OnnxAttributes.ofStrings("nodes_modes", modes))
        .addAttribute(OnnxAttributes.ofFloats("nodes_values", thresholds))
        .addAttribute(OnnxAttributes.ofInts("nodes_truenodeids", trueIds))
        .addAttribute(OnnxAttributes.ofInts("nodes_falsenodeids", falseIds))
        .addAttribute(OnnxAttributes.ofInts("target_treeids", targetTreeIds))
        .addAttribute(OnnxAttributes.ofInts("target_nodeids", targetNodeIds))
        .addAttribute(OnnxAttributes.ofInts("target_ids", zeros))
        .addAttribute(OnnxAttributes.ofFloats("target_weights", targetWeights))
        .build();
  }
}
