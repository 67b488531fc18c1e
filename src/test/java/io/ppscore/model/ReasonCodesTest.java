package io.ppscore.model;

import static org.assertj.core.api.Assertions.assertThat;

import io.ppscore.features.FeatureSpec;
import io.ppscore.features.NumericFeatures;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReasonCodesTest {

  private static final List<String> NAMES = NumericFeatures.names();

  /** A fake model whose score depends only on 90-day spend (up) and days since the last order (down). */
  private static class SpendAndRecencyScorer implements UserScorer {
    final List<Integer> callSizes = new ArrayList<>();
    private final float[] reference;

    SpendAndRecencyScorer(float[] reference) {
      this.reference = reference;
    }

    @Override
    public List<Prediction> score(float[][] features) {
      callSizes.add(features.length);
      List<Prediction> out = new ArrayList<>();
      for (float[] f : features) {
        double score = 50 + f[index("gross_spend_90d")] / 100.0 - f[index("days_since_last_order")] / 10.0;
        out.add(new Prediction(0, 0, 0.5, score, "MEDIUM"));
      }
      return out;
    }

    @Override
    public FeatureSpec featureSpec() {
      return FeatureSpec.numericOnly();
    }

    @Override
    public String modelVersion() {
      return "fake";
    }

    @Override
    public String encoderId() {
      return null;
    }

    @Override
    public Optional<float[]> referenceFeatures() {
      return Optional.ofNullable(reference);
    }
  }

  private static int index(String name) {
    return NAMES.indexOf(name);
  }

  /** A buyer (5 orders) whose last order was 30 days ago and who spent 200 in 90 days. */
  private static float[] typical() {
    float[] f = new float[NAMES.size()];
    f[index("days_since_last_order")] = 30;
    f[index("orders_lifetime")] = 5;
    f[index("gross_spend_90d")] = 200;
    return f;
  }

  @Test
  void shouldNameTheGroupsThatMoveTheScoreLargestFirstWithTheirDirection() {
    // Given a user who spent much more than the typical user (+10.4 points) but has not ordered for
    // 210 days (-18 points), and who browsed a lot (which this model ignores)
    SpendAndRecencyScorer scorer = new SpendAndRecencyScorer(typical());
    float[] user = typical();
    user[index("gross_spend_90d")] = 1240;
    user[index("days_since_last_order")] = 210;
    user[index("views_30d")] = 500;

    // When
    List<ReasonCodes.Explained> explained = ReasonCodes.of(scorer).score(new float[][] {user}, List.of("GBP"));

    // Then
    assertThat(explained).hasSize(1);
    assertThat(explained.get(0).prediction().score()).isEqualTo(50 + 12.4 - 21.0, org.assertj.core.data.Offset.offset(1e-4));
    assertThat(explained.get(0).reasons()).containsExactly(
        "No order for 210 days (lowers score)",
        "Spent £1,240 in the last 90 days (raises score)");
  }

  @Test
  void shouldSkipAWhatIfRowWhoseSpendIsNotANumberAndKeepTheOtherReasons() {
    // Given the user above, and a model that scores spend through the real calibration and predicts a spend
    // that is not a number for the row with the typical user's browsing (no views)
    ScoreCalibration calibration = new ScoreCalibration(percentiles(), io.ppscore.training.ModelExporter.DEFAULT_BANDS);
    SpendAndRecencyScorer scorer = new SpendAndRecencyScorer(typical()) {
      @Override
      public List<Prediction> score(float[][] features) {
        List<Prediction> out = new ArrayList<>(super.score(features));
        for (int i = 0; i < features.length; i++) {
          if (features[i][index("views_30d")] == 0) {
            double score = calibration.score(Double.NaN);
            out.set(i, new Prediction(0, Double.NaN, 0.5, score, calibration.tier(score)));
          }
        }
        return out;
      }
    };

    // When / Then the user keeps the reasons of the other rows (the calibration threw for the whole batch)
    assertThat(ReasonCodes.of(scorer).score(new float[][] {bigSpenderIdleFor210Days()}, List.of("GBP")).get(0).reasons())
        .containsExactly("No order for 210 days (lowers score)", "Spent £1,240 in the last 90 days (raises score)");
  }

  @Test
  void shouldSkipAWhatIfRowWithAnInfiniteSpendRatherThanRankItFirst() {
    // Given the user above, and a model that predicts an infinite spend (scored 100 by the calibration) for
    // the row with the typical user's browsing, which it otherwise ignores
    SpendAndRecencyScorer scorer = new SpendAndRecencyScorer(typical()) {
      @Override
      public List<Prediction> score(float[][] features) {
        List<Prediction> out = new ArrayList<>(super.score(features));
        for (int i = 0; i < features.length; i++) {
          if (features[i][index("views_30d")] == 0) {
            out.set(i, new Prediction(0, Double.POSITIVE_INFINITY, 0.5, 100.0, "PREMIUM"));
          }
        }
        return out;
      }
    };

    // When / Then browsing is no reason (it came first, "lowers score", by 58.6 points)
    assertThat(ReasonCodes.of(scorer).score(new float[][] {bigSpenderIdleFor210Days()}, List.of("GBP")).get(0).reasons())
        .containsExactly("No order for 210 days (lowers score)", "Spent £1,240 in the last 90 days (raises score)");
  }

  /**
   * A fake model that rises with the average order value and views, falls with days since the last order and
   * with cancellations; its typical user ordered 30 days ago, orders £300 on average, cancelled once, viewed 10.
   */
  private static final class OrderValueScorer extends SpendAndRecencyScorer {
    OrderValueScorer() {
      super(typicalBuyer());
    }

    @Override
    public List<Prediction> score(float[][] features) {
      callSizes.add(features.length);
      List<Prediction> out = new ArrayList<>();
      for (float[] f : features) {
        double score = 50 + f[index("mean_order_value_lifetime")] / 10.0 - f[index("days_since_last_order")] / 100.0
            - 10 * f[index("cancellations_lifetime")] + f[index("views_30d")] / 100.0;
        out.add(new Prediction(0, 0, 0.5, score, "MEDIUM"));
      }
      return out;
    }

    private static float[] typicalBuyer() {
      float[] f = new float[NAMES.size()];
      f[index("days_since_last_order")] = 30;
      f[index("days_since_first_order")] = 400;
      f[index("orders_lifetime")] = 5;
      f[index("mean_order_value_lifetime")] = 300;
      f[index("max_order_value_lifetime")] = 500;
      f[index("cancellations_lifetime")] = 1;
      f[index("views_30d")] = 10;
      return f;
    }
  }

  /** A user with no placed order in the history: every order feature 0, the times since an order NEVER. */
  private static float[] neverOrderedBrowser() {
    float[] user = new float[NAMES.size()];
    user[index("days_since_last_order")] = (float) NumericFeatures.NEVER;
    user[index("days_since_first_order")] = (float) NumericFeatures.NEVER;
    user[index("mean_days_between_orders")] = (float) NumericFeatures.NEVER;
    user[index("overdue_ratio")] = (float) NumericFeatures.NEVER;
    user[index("views_30d")] = 500;
    return user;
  }

  @Test
  void shouldLetOnlyHasNeverOrderedSpeakForTheMissingOrdersOfAUserWhoNeverOrdered() {
    // Given a user who never ordered but viewed 500 products: replacing the average order (0 -> £300, -30
    // points) or the cancellations (0 -> 1, +10) by the typical user's moves the score more than browsing
    // (500 -> 10 views, +4.9), yet "Average order £0, largest £0" and "0 cancellations worth £0" only
    // restate the missing orders, next to "Has never ordered" (-36.2)
    OrderValueScorer scorer = new OrderValueScorer();

    // When
    List<String> reasons = ReasonCodes.of(scorer).score(new float[][] {neverOrderedBrowser()}, List.of("USD"))
        .get(0).reasons();

    // Then the missing orders are one reason, and the freed place goes to the next group that says something
    assertThat(reasons).containsExactly("Has never ordered (lowers score)",
        "500 product views, 0 searches and 0 cart adds in the last 30 days (raises score)");
    assertThat(scorer.callSizes).as("the what-if rows of every group are still scored")
        .containsExactly(1 + io.ppscore.features.FeatureGroups.all().size());
  }

  @Test
  void shouldKeepTheCancellationsOfAUserWhoNeverOrderedWhenThereAreSome() {
    // Given a user with no placed order in the history but 3 cancellations (of orders placed before it)
    float[] user = neverOrderedBrowser();
    user[index("cancellations_lifetime")] = 3;
    user[index("cancelled_value_lifetime")] = 120;

    // When
    List<String> reasons = ReasonCodes.of(new OrderValueScorer()).score(new float[][] {user}, List.of("GBP"))
        .get(0).reasons();

    // Then they are a reason in their own right (-20 points against the typical single cancellation)
    assertThat(reasons).containsExactly("Has never ordered (lowers score)",
        "3 cancellations worth £120 in total (lowers score)",
        "500 product views, 0 searches and 0 cart adds in the last 30 days (raises score)");
  }

  /**
   * A fake model with two text features per profile (one component each) whose score rises 20 points per
   * unit of the purchased-titles component; its typical user bought things ({@code text_bought_pc1} = 1).
   */
  private static final class BoughtTextScorer extends SpendAndRecencyScorer {
    private static final FeatureSpec SPEC = new FeatureSpec(
        new io.ppscore.features.TextProjection("fake-encoder", new float[2], new float[][] {{1, 0}}));

    BoughtTextScorer() {
      super(withBoughtText(typical(), 1));
    }

    @Override
    public FeatureSpec featureSpec() {
      return SPEC;
    }

    @Override
    public List<Prediction> score(float[][] features) {
      List<Prediction> out = new ArrayList<>();
      for (float[] f : features) {
        out.add(new Prediction(0, 0, 0.5, 50 + 20 * f[SPEC.names().indexOf("text_bought_pc1")], "MEDIUM"));
      }
      return out;
    }

    /** {@code numeric} followed by the text features, {@code text_bought_pc1} = {@code bought}, the rest 0. */
    static float[] withBoughtText(float[] numeric, float bought) {
      float[] f = java.util.Arrays.copyOf(numeric, SPEC.names().size());
      f[SPEC.names().indexOf("text_bought_pc1")] = bought;
      return f;
    }
  }

  @Test
  void shouldNeverGiveTheProductProfileAsAReasonForAUserWithoutAnyText() {
    // Given a model whose typical user has a purchased-titles profile worth 20 points, and a user like the
    // typical one but with no text at all: every text feature 0 (the projection of empty profiles)
    BoughtTextScorer scorer = new BoughtTextScorer();
    float[] noText = BoughtTextScorer.withBoughtText(typical(), 0);

    // When the user is scored
    List<String> reasons = ReasonCodes.of(scorer).score(new float[][] {noText}, List.of("GBP")).get(0).reasons();

    // Then the product profile is no reason: its what-if would credit the typical user's texts to this user
    assertThat(reasons).isEmpty();

    // And a user with texts of their own still gets it
    float[] otherTexts = BoughtTextScorer.withBoughtText(typical(), -0.5f);
    assertThat(ReasonCodes.of(scorer).score(new float[][] {otherTexts}, List.of("GBP")).get(0).reasons())
        .containsExactly("The kind of products bought and viewed (lowers score)");
  }

  private static float[] bigSpenderIdleFor210Days() {
    float[] user = typical();
    user[index("gross_spend_90d")] = 1240;
    user[index("days_since_last_order")] = 210;
    user[index("views_30d")] = 500;
    return user;
  }

  private static List<Double> percentiles() {
    List<Double> p = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      p.add(i * 10.0);
    }
    return p;
  }

  @Test
  void shouldScoreUsersAndAllTheirReplacedRowsInOneCall() {
    // Given
    SpendAndRecencyScorer scorer = new SpendAndRecencyScorer(typical());
    ReasonCodes reasons = ReasonCodes.of(scorer);

    // When three users are scored
    reasons.score(new float[][] {typical(), typical(), typical()}, List.of("GBP", "GBP", "GBP"));

    // Then one call scores each user and one replaced row per feature group
    assertThat(scorer.callSizes).containsExactly(3 * (1 + io.ppscore.features.FeatureGroups.all().size()));
  }

  @Test
  void shouldGiveNoReasonWhenNoGroupMovesTheScoreEnough() {
    // Given a user 0.3 points above the typical user (below the 0.5 threshold)
    SpendAndRecencyScorer scorer = new SpendAndRecencyScorer(typical());
    float[] user = typical();
    user[index("gross_spend_90d")] = 230;

    // When / Then
    assertThat(ReasonCodes.of(scorer).score(new float[][] {user}, List.of("GBP")).get(0).reasons()).isEmpty();
  }

  @Test
  void shouldKeepAtMostThreeReasons() {
    // Given a model that rises with every feature, and a user above the typical user everywhere
    UserScorer everything = new SpendAndRecencyScorer(new float[NAMES.size()]) {
      @Override
      public List<Prediction> score(float[][] features) {
        List<Prediction> out = new ArrayList<>();
        for (float[] f : features) {
          double s = 0;
          for (float v : f) {
            s += v;
          }
          out.add(new Prediction(0, 0, 0.5, s, "LOW"));
        }
        return out;
      }
    };
    float[] user = new float[NAMES.size()];
    java.util.Arrays.fill(user, 10);

    // When / Then
    assertThat(ReasonCodes.of(everything).score(new float[][] {user}, List.of("USD")).get(0).reasons())
        .hasSize(ReasonCodes.MAX_REASONS)
        .allMatch(r -> r.endsWith("(raises score)"));
  }

  @Test
  void shouldScoreWithoutReasonsWhenTheModelHasNoReferenceUser() {
    // Given
    SpendAndRecencyScorer scorer = new SpendAndRecencyScorer(null);
    float[] user = typical();
    user[index("gross_spend_90d")] = 5000;

    // When
    List<ReasonCodes.Explained> explained = ReasonCodes.of(scorer).score(new float[][] {user}, List.of("GBP"));

    // Then
    assertThat(scorer.callSizes).containsExactly(1);
    assertThat(explained.get(0).reasons()).isEmpty();
  }

  @Test
  void shouldExplainARecentBigSpenderWithTheShippedModel() throws Exception {
    // Given the shipped model and a user like its typical user except for a large, recent spend
    try (ScoringModel model = ScoringModel.load(java.nio.file.Path.of("models"))) {
      float[] user = model.referenceFeatures().orElseThrow().clone();
      List<String> names = model.featureSpec().names();
      user[names.indexOf("days_since_last_order")] = 3;
      for (String window : List.of("30d", "90d", "365d", "lifetime")) {
        user[names.indexOf("orders_" + window)] = 6;
        user[names.indexOf("gross_spend_" + window)] = 6000;
      }

      // When
      ReasonCodes.Explained explained = ReasonCodes.of(model).score(new float[][] {user}, List.of("GBP")).get(0);

      // Then the score is high, and its reasons are recent activity that raises it
      assertThat(explained.prediction().score()).isGreaterThan(75);
      assertThat(explained.reasons()).isNotEmpty().hasSizeLessThanOrEqualTo(ReasonCodes.MAX_REASONS);
      assertThat(explained.reasons()).allMatch(r -> r.endsWith("(raises score)"));
      assertThat(String.join("; ", explained.reasons())).containsAnyOf("Spent £6,000", "No order for 3 days", "6 orders");
    }
  }
}
