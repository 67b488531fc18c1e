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
  void shouldSayAUserOrderedRecentlyRatherThanNoOrderForZeroDays() {
    // Given the recency group's phrase
    FeatureGroups.Phrase recency = FeatureGroups.all().get(0).phrase();
    assertThat(FeatureGroups.all().get(0).name()).isEqualTo("recency");

    // When / Then an order less than half a day ago is not "No order for 0 days"; one day is singular
    assertThat(recency.render(java.util.Map.of("days_since_last_order", 0f), "GBP")).isEqualTo("Ordered in the last 12 hours");
    assertThat(recency.render(java.util.Map.of("days_since_last_order", 0.49f), "GBP")).isEqualTo("Ordered in the last 12 hours");
    assertThat(recency.render(java.util.Map.of("days_since_last_order", 0.5f), "GBP")).isEqualTo("No order for 1 day");
    assertThat(recency.render(java.util.Map.of("days_since_last_order", 1.2f), "GBP")).isEqualTo("No order for 1 day");
    assertThat(recency.render(java.util.Map.of("days_since_last_order", 210f), "GBP")).isEqualTo("No order for 210 days");
    assertThat(recency.render(java.util.Map.of("days_since_last_order", (float) NumericFeatures.NEVER), "GBP"))
        .isEqualTo("Has never ordered");
  }

  @Test
  void shouldNotSayABuyerWhoseLastOrderIsTenYearsOldHasNeverOrdered() {
    // Given a buyer of 94 orders, the last 5,400 days before the scoring time (a replay of old history)
    FeatureGroups.Phrase recency = FeatureGroups.all().get(0).phrase();
    java.util.Map<String, Float> oldBuyer = java.util.Map.of("days_since_last_order", 5_400f, "orders_lifetime", 94f);
    java.util.Map<String, Float> visitor = java.util.Map.of("days_since_last_order", (float) NumericFeatures.NEVER,
        "orders_lifetime", 0f);

    // When / Then the phrase and the order groups go by the order count, not by the "never" time
    assertThat(recency.render(oldBuyer, "GBP")).isEqualTo("No order for 5400 days");
    assertThat(FeatureGroups.hasOrdered(oldBuyer)).isTrue();
    assertThat(recency.render(visitor, "GBP")).isEqualTo("Has never ordered");
    assertThat(FeatureGroups.hasOrdered(visitor)).isFalse();
  }

  @Test
  void shouldSayAUserWasFirstSeenRecentlyRatherThanCustomerForZeroDays() {
    FeatureGroups.Phrase tenure = FeatureGroups.all().get(7).phrase();
    assertThat(FeatureGroups.all().get(7).name()).isEqualTo("tenure");
    assertThat(tenure.render(java.util.Map.of("days_since_first_seen", 0.2f), "GBP")).isEqualTo("First seen in the last 12 hours");
    assertThat(tenure.render(java.util.Map.of("days_since_first_seen", 1f), "GBP")).isEqualTo("Customer for 1 day");
    // every scored user has been seen: ten years ago (a replay of old history) is not "New customer"
    assertThat(tenure.render(java.util.Map.of("days_since_first_seen", 5_400f), "GBP")).isEqualTo("Customer for 5400 days");
  }

  @Test
  void shouldWriteAmountsWithTheCurrencySymbol() {
    assertThat(FeatureGroups.money(1240.4f, "GBP")).isEqualTo("£1,240");
    assertThat(FeatureGroups.money(99.6f, "USD")).isEqualTo("US$100");
    assertThat(FeatureGroups.count(1, "search")).isEqualTo("1 search");
    assertThat(FeatureGroups.count(3, "search")).isEqualTo("3 searches");
  }

  @Test
  void shouldPrintWholeUnitsExactlyAsTheFormatterPatternDid() {
    // Given: edge values (halves, grouping boundaries, negative zero, non-finite) and seeded random amounts
    List<Float> amounts = new java.util.ArrayList<>(List.of(0f, -0f, 0.5f, 1.5f, 2.5f, -0.3f, -2.5f, 999.5f, 1000f,
        999_999.5f, 1_240.49f, 1_240.5f, 16_777_216f, 3.4e38f, Float.MIN_VALUE, Float.NaN, Float.POSITIVE_INFINITY,
        Float.NEGATIVE_INFINITY));
    java.util.Random random = new java.util.Random(42);
    for (int i = 0; i < 20_000; i++) {
      amounts.add((float) (Math.pow(10, random.nextDouble() * 9) * (random.nextInt(10) == 0 ? -1 : 1)));
      amounts.add(random.nextInt(2_000_000) / 2f);
    }

    // When / Then
    for (float amount : amounts) {
      assertThat(FeatureGroups.wholeUnits(amount)).as("amount %s", amount)
          .isEqualTo(String.format(java.util.Locale.UK, "%,.0f", (double) amount));
    }
  }

  @Test
  void shouldWriteMoneyWithTheCurrencySymbolAndGroupedWholeUnits() {
    assertThat(FeatureGroups.money(1240.5f, "GBP")).isEqualTo("£1,241");
    assertThat(FeatureGroups.money(1_234_567f, "USD")).isEqualTo("US$1,234,567");
  }
}
