package io.ppscore.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ppscore.model.ModelManifest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FeatureGroupsTest {

  @Test
  void shouldPutEveryFeatureOfTheShippedModelInExactlyOneGroup() throws Exception {
    // Given
    List<String> names = ModelManifest.read(Path.of("models/manifest.json")).featureNames();

    // When
    int[][] groups = FeatureGroups.indices(names);

    // Then
    assertThat(java.util.Arrays.stream(groups).mapToInt(g -> g.length).sum()).isEqualTo(names.size());
    assertThat(java.util.Arrays.stream(groups).allMatch(g -> g.length > 0)).isTrue();
  }

  @Test
  void shouldRefuseAFeatureNoGroupKnows() {
    List<String> names = new ArrayList<>(NumericFeatures.names());
    names.add("shoe_size");
    assertThatThrownBy(() -> FeatureGroups.indices(names)).hasMessageContaining("shoe_size");
  }

  @Test
  void shouldWriteAmountsWithTheCurrencySymbol() {
    assertThat(FeatureGroups.money(1240.4f, "GBP")).isEqualTo("£1,240");
    assertThat(FeatureGroups.money(99.6f, "USD")).isEqualTo("US$100");
    assertThat(FeatureGroups.count(1, "search")).isEqualTo("1 search");
    assertThat(FeatureGroups.count(3, "search")).isEqualTo("3 searches");
  }
}
